// The widget's public inputs in a real browser (Debian's Chromium, as in
// browser.test.mjs): a snapshot that is malformed JSON, of another format,
// refused by the engine, too large (by Content-Length and by the
// max-snapshot-bytes attribute on a streamed body), missing (404) or
// unreachable, and invalid attributes. Each shows its message in the widget
// (role="alert", Italian and another language, with the contact), the host
// page gets `ponte-error` with the code, nothing is thrown into the page and
// nothing of the body reaches the console. A screenshot goes to artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { browserSkip, launchBrowser } from "./support/browser.mjs";
import { REPO, WASM_DIR } from "./support/paths.mjs";
import { serve } from "./support/server.mjs";

// The demo snapshot covers 30 November - 27 December 2026.
const NOW = new Date("2026-11-30T08:00:00+01:00");
const SNAPSHOT_TEXT = readFileSync(join(REPO, "examples", "widget", "snapshot.json"), "utf8");
const SNAPSHOT = JSON.parse(SNAPSHOT_TEXT);
const CONTACT = "Sportello stranieri, tel. 02 8920 1234";
/** Text put in bad bodies: it must never reach the console or an event. */
const SECRET = "Mario Rossi via Roma 1";
const DEFAULT_LIMIT = 5 * 1024 * 1024;

const SKIP = browserSkip([[join(WASM_DIR, "pkg-widget", "ponte.js"), "scripts/ci/wasm --build"]]);

let server;
let browser;
let context;

before(async () => {
  if (SKIP) return;
  server = await serve(REPO);
  browser = await launchBrowser({ viewport: { width: 800, height: 900 } });
  context = browser.context;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// Bodies served under /__test__/ (anything else there is the server's 404).
const BODIES = {
  "malformed.json": `{"format": "ponte-availability/1", "name": "${SECRET}", "offices": [`,
  "page.json": `<!doctype html><html><body>${SECRET}</body></html>`,
  "problem.json": JSON.stringify({ format: "ponte-problem/1", network: { name: SECRET } }),
  "fields.json": JSON.stringify({ format: "ponte-availability/1", offices: "rozzano", mediators: [], municipalities: [] }),
  "refused.json": JSON.stringify({ ...SNAPSHOT, timezone: "America/Lima" }),
  // Valid JSON, 6 MB: refused from its Content-Length before it is read.
  "huge.json": SNAPSHOT_TEXT + " ".repeat(6 * 1024 * 1024),
  "good.json": SNAPSHOT_TEXT,
};

function attributesHtml(attributes) {
  const esc = (v) => String(v).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return Object.entries(attributes)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(" ");
}

/**
 * A page with one widget (`attributes`), its `ponte-error` events, page
 * errors and console collected. `offline` lists snapshot names whose fetch
 * fails at the network level.
 */
async function mount(attributes, { offline = [] } = {}) {
  const page = await context.newPage();
  const pageErrors = [];
  const consoleText = [];
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  page.on("console", (message) => consoleText.push(message.text()));
  await page.clock.setFixedTime(NOW);
  const failing = new Set(offline);
  await page.route(`${server.url}/__test__/**`, async (route) => {
    const name = new URL(route.request().url()).pathname.slice("/__test__/".length);
    if (name === "page.html") {
      return route.fulfill({
        contentType: "text/html; charset=utf-8",
        body: `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Prenotazione</title>
          <script>
            window.__ponteErrors = [];
            document.addEventListener("ponte-error", (e) => window.__ponteErrors.push(e.detail));
          </script>
          <script type="module" src="/wasm/widget/ponte-slot-picker.js"></script></head>
          <body><main><h1>Prenota un colloquio</h1><ponte-slot-picker ${attributesHtml(attributes)}></ponte-slot-picker></main></body></html>`,
      });
    }
    if (failing.has(name)) return route.abort("connectionrefused");
    if (name in BODIES) return route.fulfill({ contentType: "application/json", body: BODIES[name] });
    return route.continue();
  });
  await page.goto(`${server.url}/__test__/page.html`);
  const picker = page.locator("ponte-slot-picker");
  return { page, picker, pageErrors, consoleText, failing };
}

const alertOf = (page) => page.locator("ponte-slot-picker .ponte-alert[role=alert]");

/** Waits for the alert and for `ponte-error` with `code`; returns {message, event, events}. */
async function failure(page, code) {
  const alert = alertOf(page);
  await alert.waitFor({ timeout: 15000 });
  await page.waitForFunction((c) => window.__ponteErrors.some((e) => e.code === c), code, { timeout: 5000 });
  const events = await page.evaluate(() => window.__ponteErrors);
  const event = events.find((e) => e.code === code);
  const property = await page.evaluate(() => document.querySelector("ponte-slot-picker").error);
  assert.deepEqual(property, event, "the error property holds what the event carried");
  return { message: (await alert.textContent()).replace(/\s+/g, " ").trim(), event, events };
}

/** Nothing thrown into the page; nothing of the bodies in the console or the events. */
async function clean({ page, pageErrors, consoleText }) {
  assert.deepEqual(pageErrors, []);
  const events = JSON.stringify(await page.evaluate(() => window.__ponteErrors));
  for (const line of consoleText) assert.ok(!line.includes("Mario"), `console: ${line}`);
  assert.ok(!events.includes("Mario"), events);
}

test("malformed JSON: 'contains an error' with the contact, SNAPSHOT_NOT_JSON", { skip: SKIP }, async () => {
  for (const snapshot of ["malformed.json", "page.json"]) {
    const mounted = await mount({ snapshot, contact: CONTACT });
    const { message, event } = await failure(mounted.page, "SNAPSHOT_NOT_JSON");
    assert.match(message, /Non è stato possibile caricare le disponibilità\./);
    assert.match(message, /Il file delle disponibilità contiene un errore, quindi gli orari non possono essere mostrati\./);
    assert.match(message, /Per prenotare puoi rivolgerti a: Sportello stranieri, tel\. 02 8920 1234/);
    assert.match(message, /Codice per l'assistenza: SNAPSHOT_NOT_JSON/);
    assert.equal(event.fatal, true);
    assert.match(event.message, /is not JSON/);
    assert.equal(await mounted.page.locator("ponte-slot-picker a[href='tel:0289201234']").count(), 1);
    assert.equal(await mounted.page.locator("ponte-slot-picker td[data-date]").count(), 0);
    assert.equal(await mounted.page.locator("ponte-slot-picker .ponte-retry").count(), 0);
    await clean(mounted);
    await mounted.page.close();
  }
});

test("another format, missing fields, the engine's refusal: SNAPSHOT_WRONG_FORMAT, SNAPSHOT_INVALID with errors[]", { skip: SKIP }, async () => {
  // In Arabic: the message in the UI language, right to left.
  const wrong = await mount({ snapshot: "problem.json", lang: "ar", contact: CONTACT });
  const { message, event } = await failure(wrong.page, "SNAPSHOT_WRONG_FORMAT");
  assert.match(message, /تعذّر تحميل المواعيد المتاحة\./);
  assert.match(message, /ملف المواعيد المتاحة يحتوي على خطأ/);
  assert.match(message, /02 8920 1234/);
  assert.equal(event.format, "ponte-problem/1");
  assert.equal(await wrong.page.locator("ponte-slot-picker section.ponte").getAttribute("dir"), "rtl");
  await clean(wrong);
  await wrong.page.close();

  const fields = await mount({ snapshot: "fields.json" });
  const shape = await failure(fields.page, "SNAPSHOT_INVALID");
  assert.match(shape.message, /Il file delle disponibilità contiene un errore/);
  assert.match(shape.message, /Per prenotare rivolgiti allo sportello del tuo Comune\./, "without a contact: where to go");
  assert.deepEqual(shape.event.errors.map((e) => e.path), ["offices"]);
  await clean(fields);
  await fields.page.close();

  const refused = await mount({ snapshot: "refused.json", contact: CONTACT });
  const engine = await failure(refused.page, "SNAPSHOT_INVALID");
  assert.match(engine.message, /Codice per l'assistenza: SNAPSHOT_INVALID/);
  assert.equal(engine.event.engineCode, "INVALID_SNAPSHOT");
  assert.deepEqual(engine.event.errors.map((e) => [e.code, e.path]), [["INVALID_SNAPSHOT", "timezone"]]);
  assert.ok(engine.event.errors.every((e) => typeof e.message === "string" && e.message.length > 0));
  await clean(refused);
  await refused.page.close();
});

test("an oversized snapshot: refused by its length (default 5 MiB) or past max-snapshot-bytes; the property raises the limit", { skip: SKIP }, async () => {
  const huge = await mount({ snapshot: "huge.json", contact: CONTACT });
  const { message, event } = await failure(huge.page, "SNAPSHOT_TOO_LARGE");
  assert.match(message, /Il file delle disponibilità è troppo grande per essere mostrato in questa pagina\./);
  assert.equal(event.limit, DEFAULT_LIMIT);
  assert.equal(event.size, Buffer.byteLength(BODIES["huge.json"]));
  assert.equal(await huge.page.evaluate(() => document.querySelector("ponte-slot-picker").maxSnapshotBytes), DEFAULT_LIMIT);
  await clean(huge);
  await huge.page.close();

  // The demo's own snapshot (38 KB, streamed without Content-Length by the
  // test server) against a 10 000-byte limit, in English.
  const small = await mount({ snapshot: "/examples/widget/snapshot.json", "max-snapshot-bytes": "10000", lang: "en", contact: CONTACT });
  const limited = await failure(small.page, "SNAPSHOT_TOO_LARGE");
  assert.match(limited.message, /The availability could not be loaded\./);
  assert.match(limited.message, /The availability file is too large to be shown on this page\./);
  assert.match(limited.message, /To book, you can contact: Sportello stranieri/);
  assert.equal(limited.event.limit, 10000);
  assert.equal(limited.event.size, undefined, "no Content-Length: cut off while reading");
  // Raising the limit by the property reloads, and the calendar appears.
  await small.page.evaluate(() => { document.querySelector("ponte-slot-picker").maxSnapshotBytes = 1000000; });
  await small.page.locator("ponte-slot-picker td.ponte-free").first().waitFor({ timeout: 15000 });
  assert.equal(await small.page.getAttribute("ponte-slot-picker", "max-snapshot-bytes"), "1000000");
  assert.equal(await small.page.evaluate(() => document.querySelector("ponte-slot-picker").error), null);
  assert.equal(await alertOf(small.page).count(), 0);
  await clean(small);
  await small.page.close();
});

test("a 404 and a network failure: 'cannot be reached', a retry button that works, SNAPSHOT_UNAVAILABLE", { skip: SKIP }, async () => {
  const notFound = await mount({ snapshot: "missing.json", contact: CONTACT });
  const it = await failure(notFound.page, "SNAPSHOT_UNAVAILABLE");
  assert.match(it.message, /Non è stato possibile caricare le disponibilità\. Le disponibilità non sono raggiungibili in questo momento: riprova tra qualche minuto\./);
  assert.match(it.message, /Sportello stranieri, tel\. 02 8920 1234/);
  assert.equal(it.event.status, 404);
  assert.equal(await notFound.page.locator("ponte-slot-picker .ponte-retry").textContent(), "Riprova");
  // Retrying while it is still missing: the same message, the focus back on the button.
  await notFound.page.locator("ponte-slot-picker .ponte-retry").click();
  await notFound.page.waitForFunction(() => window.__ponteErrors.filter((e) => e.code === "SNAPSHOT_UNAVAILABLE").length === 2, null, { timeout: 5000 });
  await notFound.page.waitForFunction(() => document.querySelector("ponte-slot-picker").shadowRoot.activeElement?.className === "ponte-retry", null, { timeout: 5000 });
  mkdirSync(join(REPO, "artifacts"), { recursive: true });
  await notFound.page.locator("ponte-slot-picker").screenshot({ path: join(REPO, "artifacts", "widget-error.png") });
  // The UI language changes the message in place.
  await notFound.page.evaluate(() => document.querySelector("ponte-slot-picker").setAttribute("lang", "en"));
  assert.match(await alertOf(notFound.page).textContent(), /The availability cannot be reached right now: try again in a few minutes\./);
  assert.equal(await notFound.page.locator("ponte-slot-picker .ponte-retry").textContent(), "Try again");
  await clean(notFound);
  await notFound.page.close();

  // Offline first, back on the retry: the keyboard reaches the button, the
  // calendar comes, and the error is gone.
  const offline = await mount({ snapshot: "good.json", contact: CONTACT }, { offline: ["good.json"] });
  const net = await failure(offline.page, "SNAPSHOT_UNAVAILABLE");
  assert.equal(net.event.status, undefined);
  assert.match(net.event.message, /cannot fetch/);
  offline.failing.clear();
  await offline.page.locator("ponte-slot-picker .ponte-retry").focus();
  await offline.page.keyboard.press("Enter");
  await offline.page.locator("ponte-slot-picker td.ponte-free").first().waitFor({ timeout: 15000 });
  assert.equal(await offline.page.evaluate(() => document.querySelector("ponte-slot-picker").error), null);
  await clean(offline);
  await offline.page.close();
});

test("invalid attributes: a bad duration stops with 'not set up correctly' until fixed; lang, office, not-before fall back", { skip: SKIP }, async () => {
  const bad = await mount({ snapshot: "good.json", office: "rozzano-sportello", language: "ar", duration: "novanta", contact: CONTACT });
  const { message, event } = await failure(bad.page, "BAD_ATTRIBUTE");
  assert.match(message, /Il calendario di questa pagina non è configurato correttamente\./);
  assert.match(message, /Per prenotare puoi rivolgerti a: Sportello stranieri/);
  assert.deepEqual([event.attribute, event.value, event.fatal], ["duration", "novanta", true]);
  // In French too.
  await bad.page.evaluate(() => document.querySelector("ponte-slot-picker").setAttribute("lang", "fr"));
  assert.match(await alertOf(bad.page).textContent(), /Le calendrier de cette page n'est pas configuré correctement\./);
  // Fixed by the host: the calendar appears without a reload.
  await bad.page.evaluate(() => document.querySelector("ponte-slot-picker").setAttribute("duration", "90"));
  await bad.page.locator("ponte-slot-picker td.ponte-free").first().waitFor({ timeout: 15000 });
  assert.equal(await bad.page.evaluate(() => document.querySelector("ponte-slot-picker").error), null);
  assert.match(await bad.page.locator("ponte-slot-picker .ponte-duration").textContent(), /Durée : 90 minutes/);
  await clean(bad);
  await bad.page.close();

  // Warnings only: an unknown UI language gives Italian, an unknown office
  // a note and the choice of offices, a bad not-before is ignored.
  const soft = await mount({ snapshot: "good.json", lang: "de", office: "nowhere", "not-before": "domani", language: "arabo!", contact: CONTACT });
  await soft.page.locator("ponte-slot-picker td.ponte-free").first().waitFor({ timeout: 15000 });
  await soft.page.waitForFunction(() => window.__ponteErrors.length >= 4);
  const events = await soft.page.evaluate(() => window.__ponteErrors);
  const byAttribute = Object.fromEntries(events.map((e) => [e.attribute, e]));
  assert.deepEqual(Object.keys(byAttribute).sort(), ["lang", "language", "not-before", "office"]);
  assert.ok(events.every((e) => e.fatal === false));
  assert.equal(byAttribute.office.code, "UNKNOWN_OFFICE");
  assert.equal(byAttribute.lang.code, "BAD_ATTRIBUTE");
  assert.equal(await soft.page.locator("ponte-slot-picker section.ponte").getAttribute("lang"), "it");
  assert.equal(await soft.page.locator("ponte-slot-picker .ponte-heading").textContent(), "Scegli giorno e ora dell'appuntamento");
  assert.match(await soft.page.locator("ponte-slot-picker .ponte-notice").textContent(), /Lo sportello indicato in questa pagina non è nel calendario: scegline uno dall'elenco\./);
  assert.ok((await soft.page.locator("ponte-slot-picker #ponte-office option").count()) > 1, "the resident chooses the office");
  assert.equal(await soft.page.evaluate(() => document.querySelector("ponte-slot-picker").error), null);
  await clean(soft);
  await soft.page.close();

  // No snapshot at all.
  const none = await mount({ contact: CONTACT });
  const absent = await failure(none.page, "BAD_ATTRIBUTE");
  assert.equal(absent.event.attribute, "snapshot");
  assert.match(absent.message, /non è configurato correttamente/);
  await clean(none);
  await none.page.close();
});

test("a failure inside the widget shows INTERNAL with a retry, not a page error", { skip: SKIP }, async () => {
  const mounted = await mount({ snapshot: "good.json", contact: CONTACT });
  await mounted.page.locator("ponte-slot-picker td.ponte-free").first().waitFor({ timeout: 15000 });
  // Break the loaded data source, then make the widget render again.
  await mounted.page.evaluate(() => {
    const picker = document.querySelector("ponte-slot-picker");
    picker._source.offices = () => {
      throw new TypeError("boom");
    };
    picker.setAttribute("lang", "es");
  });
  const { message, event } = await failure(mounted.page, "INTERNAL");
  assert.match(message, /Se ha producido un error inesperado en el calendario\./);
  assert.match(event.message, /TypeError: boom/);
  await mounted.page.locator("ponte-slot-picker .ponte-retry").click();
  await mounted.page.locator("ponte-slot-picker td.ponte-free").first().waitFor({ timeout: 15000 });
  await clean(mounted);
  await mounted.page.close();
});

test("axe-core finds no serious or critical violation in an error state", { skip: SKIP }, async () => {
  const mounted = await mount({ snapshot: "missing.json", contact: CONTACT });
  await failure(mounted.page, "SNAPSHOT_UNAVAILABLE");
  await mounted.page.addScriptTag({ path: join(WASM_DIR, "node_modules", "axe-core", "axe.min.js") });
  const violations = await mounted.page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(serious, [], JSON.stringify(serious, null, 1));
  await mounted.page.close();
});
