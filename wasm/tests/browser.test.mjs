// The widget in a real browser: Debian's Chromium driven by playwright-core,
// the demo page (examples/widget/) served from 127.0.0.1. Keyboard only:
// choose a language and a day, pick a time, confirm; the event carries the
// choice. Also: Arabic right to left, Tigrinya names, axe-core, the Italian
// message when WebAssembly cannot start, the widget module loaded by default
// and the full one through the engine attribute, and a screenshot in
// artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { browserSkip, launchBrowser } from "./support/browser.mjs";
import { REPO, WASM_DIR, loadPonte } from "./support/paths.mjs";
import { serve } from "./support/server.mjs";

const PAGE = "/examples/widget/index.html";
// The demo snapshot covers 30 November - 27 December 2026; the page's
// clock is set to its first morning.
const NOW = new Date("2026-11-30T08:00:00+01:00");
const SNAPSHOT = JSON.parse(readFileSync(join(REPO, "examples", "widget", "snapshot.json"), "utf8"));

const SKIP = browserSkip([
  [join(WASM_DIR, "pkg-widget", "ponte.js"), "scripts/ci/wasm --build"],
  [join(WASM_DIR, "pkg", "ponte.js"), "scripts/ci/wasm --build"],
]);

let server;
let browser;
let context;

before(async () => {
  if (SKIP) return;
  server = await serve(REPO);
  browser = await launchBrowser({ viewport: { width: 1100, height: 1300 } });
  context = browser.context;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page on the demo, its clock set, errors collected. */
async function openDemo({ prepare } = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.clock.setFixedTime(NOW);
  if (prepare) await prepare(page);
  await page.goto(server.url + PAGE);
  await page.evaluate(() => {
    window.__ponteEvents = [];
    document.querySelector("ponte-slot-picker").addEventListener("ponte-slot-selected", (e) => window.__ponteEvents.push(e.detail));
  });
  return { page, errors };
}

/** What has the keyboard focus, through shadow roots. */
function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a
      ? { tag: a.tagName.toLowerCase(), id: a.id, className: String(a.className), date: a.dataset?.date ?? null, type: a.type ?? null, value: a.value ?? null, checked: a.checked ?? null, text: a.textContent?.trim() ?? "" }
      : null;
  });
}

/** Presses Tab until `predicate(focused)` holds (at most `limit` times). */
async function tabTo(page, predicate, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (f && predicate(f)) return f;
  }
  throw new Error("Tab never reached the wanted element");
}

const live = (page) => page.locator("ponte-slot-picker .ponte-status");

test("keyboard only: choose a language and a day, pick a time, and the event carries the choice", { skip: SKIP }, async () => {
  const { page, errors } = await openDemo();
  await page.locator("ponte-slot-picker td[data-date]").first().waitFor();

  // The meeting language: Urdu, with the arrow keys on the select.
  await tabTo(page, (f) => f.id === "ponte-language");
  for (let i = 0; i < 20 && (await focused(page)).value !== "ur"; i++) await page.keyboard.press("ArrowDown");
  assert.equal((await focused(page)).value, "ur");
  await page.locator("ponte-slot-picker td[data-date]").first().waitFor();

  // A day: into the grid, then right arrow to the next day with free times.
  const first = await tabTo(page, (f) => f.tag === "td");
  assert.ok(first.className.includes("ponte-free"), "the first focused day has free times");
  let day = first;
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("ArrowRight");
    day = await focused(page);
    if (day.className.includes("ponte-free")) break;
  }
  assert.notEqual(day.date, first.date);
  assert.ok(day.className.includes("ponte-free"), `reached ${day.date}`);
  await page.keyboard.press("Enter");
  await page.locator("ponte-slot-picker fieldset.ponte-times").waitFor();
  await assert.doesNotReject(live(page).filter({ hasText: "orari liberi" }).waitFor({ timeout: 3000 }));
  const selected = await page.locator(`ponte-slot-picker td[data-date="${day.date}"]`).getAttribute("aria-selected");
  assert.equal(selected, "true");

  // A time: Tab into the radio group, arrow to the last one, confirm.
  const radio = await tabTo(page, (f) => f.type === "radio");
  const count = await page.locator('ponte-slot-picker input[name="ponte-time"]').count();
  if (count > 1) {
    await page.keyboard.press("ArrowDown");
  } else {
    await page.keyboard.press("Space");
  }
  const chosen = await focused(page);
  assert.equal(chosen.checked, true);
  assert.ok(count === 1 || chosen.value !== radio.value);
  await tabTo(page, (f) => f.className.includes("ponte-confirm"));
  await page.keyboard.press("Enter");

  const events = await page.evaluate(() => window.__ponteEvents);
  assert.equal(events.length, 1);
  const detail = events[0];
  assert.equal(detail.office, "rozzano-sportello");
  assert.equal(detail.officeName, "Sportello stranieri - Rozzano");
  assert.equal(detail.municipality, "Rozzano");
  assert.equal(detail.language, "ur");
  assert.equal(detail.start, chosen.value);
  assert.equal(detail.date, day.date);
  assert.equal(detail.durationMinutes, 60);
  assert.equal(detail.timezone, "Europe/Rome");
  const [h, m] = detail.time.split(":").map(Number);
  const endMinutes = h * 60 + m + 60;
  assert.equal(detail.end, `${detail.date}T${String(Math.floor(endMinutes / 60)).padStart(2, "0")}:${String(endMinutes % 60).padStart(2, "0")}`);
  // The core's free-slot search on the same snapshot (Node package) agrees.
  const options = loadPonte().freeSlots(SNAPSHOT, {
    office: detail.office, languages: ["ur"], duration_minutes: 60, earliest: detail.start, latest: detail.end,
    modalities: ["in_person", "video", "phone"], limit: 100,
  });
  assert.ok(options.some((o) => o.start === detail.start), "the chosen time is a free slot in Urdu");
  assert.deepEqual(detail.modalities, [...new Set(options.filter((o) => o.start === detail.start).map((o) => o.modality))].sort((a, b) => ["in_person", "video", "phone"].indexOf(a) - ["in_person", "video", "phone"].indexOf(b)));
  await live(page).filter({ hasText: "Hai scelto" }).waitFor({ timeout: 3000 });
  assert.match(await page.locator("#scelta").textContent(), /Hai scelto/);
  assert.deepEqual(errors, []);

  mkdirSync(join(REPO, "artifacts"), { recursive: true });
  await page.locator("main").screenshot({ path: join(REPO, "artifacts", "widget.png") });
  await page.close();
});

test("Arabic renders right to left, arrows follow the reading direction", { skip: SKIP }, async () => {
  const { page, errors } = await openDemo();
  await page.locator("ponte-slot-picker td[data-date]").first().waitFor();
  await page.selectOption("#lingua-calendario", "ar");
  const section = page.locator("ponte-slot-picker section.ponte");
  await page.locator("ponte-slot-picker td[data-date]").first().waitFor();
  assert.equal(await section.getAttribute("dir"), "rtl");
  assert.equal(await section.getAttribute("lang"), "ar");
  assert.equal(await section.evaluate((el) => getComputedStyle(el).direction), "rtl");
  assert.match(await page.locator("ponte-slot-picker .ponte-heading").textContent(), /[\u0600-\u06FF]/);
  const headers = page.locator("ponte-slot-picker th");
  const monday = await headers.first().boundingBox();
  const sunday = await headers.last().boundingBox();
  assert.ok(monday.x > sunday.x, "Monday is the rightmost column");
  const previous = await page.locator("ponte-slot-picker .ponte-prev").boundingBox();
  const following = await page.locator("ponte-slot-picker .ponte-next").boundingBox();
  assert.ok(previous.x > following.x, "the previous-month button is on the right");
  const start = await tabTo(page, (f) => f.tag === "td");
  await page.keyboard.press("ArrowLeft");
  const next = await focused(page);
  const plusOne = new Date(Date.parse(start.date + "T12:00:00Z") + 86400000).toISOString().slice(0, 10);
  assert.equal(next.date, plusOne, "ArrowLeft goes to the next day in RTL");
  await page.keyboard.press("Enter");
  mkdirSync(join(REPO, "artifacts"), { recursive: true });
  await page.locator("ponte-slot-picker").screenshot({ path: join(REPO, "artifacts", "widget-ar.png") });
  assert.deepEqual(errors, []);
  await page.close();
});

test("every UI language renders its texts and calendar names (Tigrinya's from the widget when Intl lacks them)", { skip: SKIP }, async () => {
  const { page } = await openDemo();
  await page.locator("ponte-slot-picker td[data-date]").first().waitFor();
  const headings = new Set();
  for (const lang of ["it", "en", "ar", "ur", "zh", "ro", "sq", "uk", "ti", "fr", "es"]) {
    await page.selectOption("#lingua-calendario", lang);
    await page.locator("ponte-slot-picker .ponte-month").waitFor();
    const heading = await page.locator("ponte-slot-picker .ponte-heading").textContent();
    const month = await page.locator("ponte-slot-picker .ponte-month").textContent();
    const dir = await page.locator("ponte-slot-picker section.ponte").getAttribute("dir");
    assert.equal(dir, ["ar", "ur"].includes(lang) ? "rtl" : "ltr", lang);
    assert.ok(month.trim().length > 0, lang);
    headings.add(heading);
    if (lang === "ti") assert.match(month, /ሕዳር|ታሕሳስ/, "November or December in Tigrinya");
    if (lang === "uk") assert.match(month, /листопад|груд/i);
  }
  assert.equal(headings.size, 11, "a heading of its own in each language");
  const intlHasTigrinya = await page.evaluate(() => Intl.DateTimeFormat.supportedLocalesOf(["ti"]).length > 0);
  console.log(`note: this Chromium's Intl ${intlHasTigrinya ? "has" : "lacks"} Tigrinya; the widget's own names are used when it lacks them`);
  await page.close();
});

test("axe-core finds no serious or critical violation (Italian with times shown, and Arabic)", { skip: SKIP }, async () => {
  const { page } = await openDemo();
  await page.locator("ponte-slot-picker td.ponte-free").first().click();
  await page.locator("ponte-slot-picker fieldset.ponte-times").waitFor();
  const axePath = join(WASM_DIR, "node_modules", "axe-core", "axe.min.js");
  const run = async () => {
    await page.addScriptTag({ path: axePath });
    return page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
    });
  };
  const italian = await run();
  const seriousIt = italian.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(seriousIt, [], JSON.stringify(seriousIt, null, 1));
  if (italian.length) console.log("axe (minor/moderate, it):", JSON.stringify(italian));
  await page.selectOption("#lingua-calendario", "ar");
  await page.locator("ponte-slot-picker td.ponte-free").first().click();
  await page.locator("ponte-slot-picker fieldset.ponte-times").waitFor();
  const arabic = await run();
  const seriousAr = arabic.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(seriousAr, [], JSON.stringify(seriousAr, null, 1));
  await page.close();
});

test("the focused day and the focused time have a visible focus ring", { skip: SKIP }, async () => {
  const { page } = await openDemo();
  await page.locator("ponte-slot-picker td[data-date]").first().waitFor();
  await tabTo(page, (f) => f.tag === "td");
  const outline = await page.locator('ponte-slot-picker td[tabindex="0"]').evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.notEqual(outline.style, "none");
  assert.ok(outline.width >= 2, JSON.stringify(outline));
  await page.close();
});

/** The days with free times shown, and the times of the first of them. */
async function freeDaysAndTimes(page) {
  const days = page.locator("ponte-slot-picker td.ponte-free");
  await days.first().waitFor();
  const dates = await days.evaluateAll((cells) => cells.map((td) => td.dataset.date));
  await days.first().click();
  await page.locator("ponte-slot-picker fieldset.ponte-times").waitFor();
  const times = await page.locator('ponte-slot-picker input[name="ponte-time"]').evaluateAll((inputs) => inputs.map((i) => i.value));
  return { dates, times };
}

/** The wasm files a page fetched, as paths. */
function wasmFetched(page) {
  const paths = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith(".wasm")) paths.push(path);
  });
  return paths;
}

test("the demo loads the widget module (wasm/pkg-widget); the engine attribute can name the full module, with the same free times", { skip: SKIP }, async () => {
  let fetched;
  const widget = await openDemo({ prepare: (p) => { fetched = wasmFetched(p); } });
  const small = await freeDaysAndTimes(widget.page);
  assert.deepEqual(fetched, ["/wasm/pkg-widget/ponte_bg.wasm"]);
  assert.ok(small.dates.length > 0 && small.times.length > 0);
  assert.deepEqual(widget.errors, []);
  await widget.page.close();

  let fetchedFull;
  const full = await openDemo({
    prepare: async (p) => {
      fetchedFull = wasmFetched(p);
      await p.route("**" + PAGE, async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace("<ponte-slot-picker", '<ponte-slot-picker engine="../../wasm/pkg/ponte.js"');
        await route.fulfill({ response, body });
      });
    },
  });
  const large = await freeDaysAndTimes(full.page);
  assert.deepEqual(fetchedFull, ["/wasm/pkg/ponte_bg.wasm"]);
  assert.deepEqual(large, small);
  assert.deepEqual(full.errors, []);
  await full.page.close();
});

test("when WebAssembly cannot load: a clear Italian message with the fallback contact", { skip: SKIP }, async () => {
  for (const [name, prepare] of [
    ["module blocked", (page) => page.route("**/ponte_bg.wasm", (route) => route.abort())],
    ["no WebAssembly", (page) => page.addInitScript(() => { delete globalThis.WebAssembly; })],
  ]) {
    const { page } = await openDemo({ prepare });
    const alert = page.locator("ponte-slot-picker .ponte-alert[role=alert]");
    await alert.waitFor({ timeout: 10000 });
    const message = await alert.textContent();
    assert.match(message, /Prenotazione online non disponibile/, name);
    assert.match(message, /02 8920 1234/, name);
    assert.equal(await alert.getAttribute("lang"), "it");
    assert.equal(await page.locator("ponte-slot-picker a[href^='tel:']").count(), 1);
    assert.equal(await page.locator("ponte-slot-picker td[data-date]").count(), 0);
    await page.close();
  }
});

test("a snapshot that cannot be read says so in the UI language, with the contact", { skip: SKIP }, async () => {
  const { page } = await openDemo({ prepare: (p) => p.route("**/snapshot.json", (route) => route.fulfill({ status: 200, body: '{"format":"other"}' })) });
  const alert = page.locator("ponte-slot-picker .ponte-alert[role=alert]");
  await alert.waitFor({ timeout: 10000 });
  assert.match(await alert.textContent(), /Non è stato possibile caricare le disponibilità/);
  await page.close();
});
