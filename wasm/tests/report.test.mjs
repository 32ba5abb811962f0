// The plan report of the main example (examples/weekly_plan.rs) in a real
// browser: Debian's Chromium driven by playwright-core, launched as
// browser.test.mjs does. The page is opened from the file system with every
// network request refused: it must render offline, with no script, no
// outside asset and no page error. A full-page screenshot goes to
// artifacts/report.png.
//
// The report comes from `cargo run --release --example weekly_plan`
// (scripts/ci/examples runs it before scripts/ci/wasm); PONTE_REPORT names
// another file. Without it, or without Chromium, the test is skipped with a
// notice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { browserSkip, launchBrowser } from "./support/browser.mjs";
import { REPO } from "./support/paths.mjs";

const REPORT = process.env.PONTE_REPORT ?? join(REPO, "target", "visconteo", "report.html");
const SCREENSHOT = join(REPO, "artifacts", "report.png");

const SKIP = browserSkip([[REPORT, "cargo run --release --example weekly_plan"]]);

let browser;
let context;

before(async () => {
  if (SKIP) return;
  browser = await launchBrowser({ viewport: { width: 1100, height: 900 }, javaScriptEnabled: false });
  context = browser.context;
});

after(async () => {
  await browser?.close();
});

test("the plan report renders offline, self-contained, and is saved as a screenshot", { skip: SKIP }, async () => {
  const page = await context.newPage();
  const errors = [];
  const outside = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const started = Date.now();
  await page.goto(pathToFileURL(REPORT).href);
  const loadMs = Date.now() - started;
  assert.deepEqual(outside, [], "the report asks for nothing outside the file");
  assert.deepEqual(errors, []);
  // JavaScript is off in this context: facts are read from the DOM through
  // locators, which work without page scripts.
  assert.equal(await page.locator("script").count(), 0, "no script in the report");
  assert.match(await page.locator("h1").innerText(), /\S/);
  for (const id of ["sintesi", "calendario", "copertura", "non-assegnate", "carico"]) {
    assert.equal(await page.locator(`#${id}`).count(), 1, `section #${id}`);
  }
  const timelines = await page.locator("#calendario ~ div.wrap svg").count();
  assert.ok(timelines >= 1, "at least one day's timeline");
  assert.ok((await page.locator("svg rect[fill='#2f855a']").count()) > 0, "in-person blocks drawn");
  // Nothing wider than the page but the scrollable wrappers.
  const box = await page.locator("main").boundingBox();
  assert.ok(box.width <= 1100, `main is ${box.width} px wide`);
  mkdirSync(join(REPO, "artifacts"), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  assert.ok(statSync(SCREENSHOT).size > 10_000, "screenshot written");
  console.log(`report ${statSync(REPORT).size} bytes, ${timelines} day timelines, loaded in ${loadMs} ms; screenshot ${SCREENSHOT}`);
  await page.close();
});
