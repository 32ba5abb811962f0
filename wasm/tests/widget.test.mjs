// The widget's pure modules in Node: the snapshot adapter (data contract)
// and its failures (fetch, size, JSON, format, content), the attributes'
// checks, the error messages, calendar arithmetic and the language tables.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { REPO } from "./support/paths.mjs";
// The widget module (wasm/pkg-widget), the one the widget loads by default.
import * as ponte from "./support/engine-node.mjs";
import { readSnapshot, openSlotSource, fetchSnapshot, DEFAULT_MAX_SNAPSHOT_BYTES, ENGINE_MAX_SNAPSHOT_BYTES } from "../widget/slots.js";
import { readInputs, isLocalDateTime } from "../widget/attributes.js";
import { errorView } from "../widget/view.js";
import { monthWeeks, addDays, addMonths, mondayIndex, addClock, localNow, dayAfterKey } from "../widget/calendar.js";
import { UI_LANGUAGES, text, uiLanguage, direction, calendarNames, fill } from "../widget/i18n.js";

const SNAPSHOT = JSON.parse(readFileSync(join(REPO, "examples", "widget", "snapshot.json"), "utf8"));
const ENGINE = new URL("./support/engine-node.mjs", import.meta.url).href;
const ok = async () => ({ ok: true, json: async () => SNAPSHOT });

test("the demo snapshot is one the engine accepts", () => {
  assert.equal(readSnapshot(SNAPSHOT, ponte), SNAPSHOT);
  assert.equal(SNAPSHOT.format, "ponte-availability/1");
  assert.equal(SNAPSHOT.timezone, "Europe/Rome");
  assert.ok(SNAPSHOT.offices.some((o) => o.id === "rozzano-sportello"));
});

const broken = [
  [null, "SNAPSHOT_WRONG_FORMAT", /^\$/],
  [[SNAPSHOT], "SNAPSHOT_WRONG_FORMAT", /^\$: an array/],
  [{ ...SNAPSHOT, format: "ponte-availability/2" }, "SNAPSHOT_WRONG_FORMAT", /^format/],
  [{ ...SNAPSHOT, format: undefined }, "SNAPSHOT_WRONG_FORMAT", /found none/],
  [{ ...SNAPSHOT, mediators: {} }, "SNAPSHOT_INVALID", /^mediators/],
  [{ ...SNAPSHOT, offices: [] }, "SNAPSHOT_INVALID", /^offices/],
  [{ ...SNAPSHOT, offices: [null] }, "SNAPSHOT_INVALID", /^offices\[0\]/],
  [{ ...SNAPSHOT, offices: [{ name: "no id" }] }, "SNAPSHOT_INVALID", /^offices\[0\]/],
  [{ ...SNAPSHOT, timezone: 1 }, "SNAPSHOT_INVALID", /^timezone/],
  [{ ...SNAPSHOT, horizon_end: "soon" }, "SNAPSHOT_INVALID", /^horizon_end/],
  [{ ...SNAPSHOT, horizon_start: "2026-02-31" }, "SNAPSHOT_INVALID", /engine refuses|^horizon_start/],
  [{ ...SNAPSHOT, timezone: "America/Lima" }, "SNAPSHOT_INVALID", /engine refuses/],
  [{ ...SNAPSHOT, extra: 1 }, "SNAPSHOT_INVALID", /engine refuses/],
  [{ ...SNAPSHOT, mediators: [{ ...SNAPSHOT.mediators[0], busy: [{ from: 10, to: 5, office: "rozzano-sportello", in_person: true }] }] }, "SNAPSHOT_INVALID", /engine refuses/],
];
for (const [document, code, message] of broken) {
  test(`a broken snapshot (${message}) is ${code}, with errors[]`, () => {
    assert.throws(
      () => readSnapshot(document, ponte),
      (error) => {
        assert.equal(error.code, code);
        assert.match(error.message, message);
        assert.ok(Array.isArray(error.errors) && error.errors.length > 0);
        for (const e of error.errors) for (const key of ["code", "path", "message"]) assert.equal(typeof e[key], "string", key);
        return true;
      },
    );
  });
}

test("the engine's refusal keeps its code and errors (code, path, message)", () => {
  try {
    readSnapshot({ ...SNAPSHOT, timezone: "America/Lima" }, ponte);
    assert.fail("accepted");
  } catch (error) {
    assert.equal(error.code, "SNAPSHOT_INVALID");
    assert.equal(error.engineCode, "INVALID_SNAPSHOT");
    assert.deepEqual(error.errors.map((e) => [e.code, e.path]), [["INVALID_SNAPSHOT", "timezone"]]);
  }
});

test("the engine's size limits make SNAPSHOT_TOO_LARGE", () => {
  const refusing = (code, errors) => ({
    freeSlots() {
      throw Object.assign(new Error("too large"), { name: "PonteError", code, errors });
    },
  });
  const large = refusing("INVALID_SNAPSHOT", [{ code: "TOO_LARGE", path: "mediators", message: "more than 10000 items" }]);
  assert.throws(() => readSnapshot(SNAPSHOT, large), { code: "SNAPSHOT_TOO_LARGE", engineCode: "INVALID_SNAPSHOT" });
  assert.throws(() => readSnapshot(SNAPSHOT, refusing("INPUT_TOO_LARGE", [{ code: "INPUT_TOO_LARGE", path: "snapshot", message: "…" }])), { code: "SNAPSHOT_TOO_LARGE" });
  const mixed = refusing("INVALID_SNAPSHOT", [{ code: "TOO_LARGE", path: "mediators", message: "…" }, { code: "INVALID_SNAPSHOT", path: "timezone", message: "…" }]);
  assert.throws(() => readSnapshot(SNAPSHOT, mixed), { code: "SNAPSHOT_INVALID" });
});

/** A fetch answering `body` (a string, or chunks for a stream without Content-Length). */
function answering(body, { status = 200, headers = {} } = {}) {
  return async () => {
    if (typeof body === "string") return new Response(body, { status, headers });
    const stream = new ReadableStream({
      pull(controller) {
        const next = body.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(typeof next === "string" ? new TextEncoder().encode(next) : next);
      },
    });
    return new Response(stream, { status, headers });
  };
}

test("fetchSnapshot: every failure has its code, and the message never quotes the body", async () => {
  const secret = "Mario Rossi, via Roma 1";
  const text = JSON.stringify(SNAPSHOT);
  assert.deepEqual(await fetchSnapshot("s.json", { fetchImpl: answering(text) }), SNAPSHOT);
  assert.deepEqual(await fetchSnapshot("s.json", { fetchImpl: answering("\uFEFF" + text) }), SNAPSHOT, "a byte order mark is fine");
  const cases = [
    ["HTTP 404", answering("Not found", { status: 404 }), { code: "SNAPSHOT_UNAVAILABLE", status: 404 }],
    ["HTTP 500", answering("oops", { status: 500 }), { code: "SNAPSHOT_UNAVAILABLE", status: 500 }],
    ["offline", async () => { throw new TypeError("Failed to fetch"); }, { code: "SNAPSHOT_UNAVAILABLE" }],
    ["HTML", answering(`<!doctype html><title>${secret}</title>`), { code: "SNAPSHOT_NOT_JSON" }],
    ["cut JSON", answering(`{"format": "ponte-availability/1", "name": "${secret}", "offices": [`), { code: "SNAPSHOT_NOT_JSON" }],
    ["empty", answering(""), { code: "SNAPSHOT_NOT_JSON" }],
    ["not UTF-8", answering([new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])]), { code: "SNAPSHOT_NOT_JSON" }],
    ["declared too large", answering(text, { headers: { "Content-Length": String(DEFAULT_MAX_SNAPSHOT_BYTES + 1) } }), { code: "SNAPSHOT_TOO_LARGE", limit: DEFAULT_MAX_SNAPSHOT_BYTES, size: DEFAULT_MAX_SNAPSHOT_BYTES + 1 }],
  ];
  for (const [name, fetchImpl, expected] of cases) {
    await assert.rejects(fetchSnapshot("s.json", { fetchImpl }), (error) => {
      for (const [key, value] of Object.entries(expected)) assert.equal(error[key], value, `${name}: ${key}`);
      assert.ok(!error.message.includes("Mario"), `${name}: ${error.message}`);
      return true;
    });
  }
  // Without Content-Length: cut off once past the limit, whatever follows.
  let pulled = 0;
  const endless = async () =>
    new Response(new ReadableStream({ pull: (c) => { pulled++; c.enqueue(new Uint8Array(1000).fill(32)); } }));
  await assert.rejects(fetchSnapshot("s.json", { fetchImpl: endless, maxBytes: 10000 }), { code: "SNAPSHOT_TOO_LARGE", limit: 10000 });
  assert.ok(pulled <= 12, `read ${pulled} chunks`);
  await assert.rejects(fetchSnapshot("s.json", { fetchImpl: answering([text.slice(0, 20000), text.slice(20000)]), maxBytes: 30000 }), { code: "SNAPSHOT_TOO_LARGE" });
  assert.deepEqual(await fetchSnapshot("s.json", { fetchImpl: answering([text.slice(0, 20000), text.slice(20000)]), maxBytes: text.length }), SNAPSHOT);
  // A limit above the engine's is lowered to it.
  await assert.rejects(
    fetchSnapshot("s.json", { fetchImpl: answering(text, { headers: { "Content-Length": String(ENGINE_MAX_SNAPSHOT_BYTES + 1) } }), maxBytes: 1e12 }),
    { code: "SNAPSHOT_TOO_LARGE", limit: ENGINE_MAX_SNAPSHOT_BYTES },
  );
  // A server that never answers: the timeout.
  const hanging = (url, { signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
  // Node does not keep the process alive for AbortSignal.timeout's timer
  // (browsers have no such notion): a timer of the test's own does.
  const alive = setTimeout(() => {}, 10_000);
  try {
    await assert.rejects(fetchSnapshot("s.json", { fetchImpl: hanging, timeoutMs: 50 }), (error) => error.code === "SNAPSHOT_UNAVAILABLE" && /no answer in 50 ms/.test(error.message));
  } finally {
    clearTimeout(alive);
  }
});

test("openSlotSource: typed failures of the engine and of the snapshot", async () => {
  const saved = globalThis.WebAssembly;
  try {
    globalThis.WebAssembly = undefined;
    await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: ENGINE, fetchImpl: ok }), { code: "ENGINE_UNAVAILABLE" });
    // Both failing: the engine's failure is the one reported.
    await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: ENGINE, fetchImpl: async () => ({ ok: false, status: 404 }) }), { code: "ENGINE_UNAVAILABLE" });
  } finally {
    globalThis.WebAssembly = saved;
  }
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: "data:text/javascript,throw 1", fetchImpl: ok }), { code: "ENGINE_UNAVAILABLE" });
  const noSearch = "data:text/javascript,export default async function(){}";
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: noSearch, fetchImpl: ok }), { code: "ENGINE_UNAVAILABLE" });
  const notFound = async () => ({ ok: false, status: 404 });
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: ENGINE, fetchImpl: notFound }), { code: "SNAPSHOT_UNAVAILABLE", status: 404 });
  const offline = async () => { throw new TypeError("offline"); };
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: ENGINE, fetchImpl: offline }), { code: "SNAPSHOT_UNAVAILABLE" });
  const notJson = async () => ({ ok: true, json: async () => { throw new SyntaxError("x"); } });
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: ENGINE, fetchImpl: notJson }), { code: "SNAPSHOT_NOT_JSON" });
  const other = answering(JSON.stringify({ format: "ponte-problem/1" }));
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: ENGINE, fetchImpl: other }), { code: "SNAPSHOT_WRONG_FORMAT", format: "ponte-problem/1" });
  const big = answering(JSON.stringify(SNAPSHOT));
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: ENGINE, fetchImpl: big, maxBytes: 1000 }), { code: "SNAPSHOT_TOO_LARGE", limit: 1000 });
});

test("the attributes: defaults, fatal problems (snapshot, duration) and warnings", () => {
  const read = (attributes) => readInputs((name) => attributes[name] ?? null, "https://comune.example/prenota/");
  const good = read({ snapshot: "dati.json", duration: "90", lang: "ar-MA", language: "TI", "not-before": "2026-12-01T09:00", "heading-level": "3", "max-snapshot-bytes": "1000000", office: " rozzano " });
  assert.deepEqual(good.problems, []);
  assert.equal(good.snapshotUrl, "https://comune.example/prenota/dati.json");
  assert.equal(good.engineUrl, null);
  assert.deepEqual([good.lang, good.language, good.duration, good.notBefore, good.headingLevel, good.maxBytes, good.office], ["ar", "ti", 90, "2026-12-01T09:00", 3, 1000000, "rozzano"]);
  const none = read({ snapshot: "s.json" });
  assert.deepEqual([none.lang, none.language, none.duration, none.notBefore, none.headingLevel, none.maxBytes], ["it", null, null, null, 2, DEFAULT_MAX_SNAPSHOT_BYTES]);
  const problems = (attributes) => read({ snapshot: "s.json", ...attributes }).problems.map((p) => [p.attribute, p.fatal]);
  assert.deepEqual(read({}).problems.map((p) => [p.attribute, p.fatal]), [["snapshot", true]]);
  assert.deepEqual(problems({ snapshot: "  " }), [["snapshot", true]]);
  assert.deepEqual(problems({ snapshot: "http://[::1" }), [["snapshot", true]]);
  for (const duration of ["novanta", "0", "-30", "1441", "60.5", "1e2", "90 minuti"]) assert.deepEqual(problems({ duration }), [["duration", true]], duration);
  assert.deepEqual(problems({ lang: "de" }), [["lang", false]]);
  assert.equal(read({ snapshot: "s", lang: "de" }).lang, "it");
  assert.deepEqual(problems({ language: "arabo!" }), [["language", false]]);
  assert.equal(read({ snapshot: "s", language: "arabo!" }).language, null);
  for (const nb of ["domani", "2026-02-30T09:00", "2026-12-01 09:00", "2026-12-01T24:00"]) assert.deepEqual(problems({ "not-before": nb }), [["not-before", false]], nb);
  assert.deepEqual(problems({ "heading-level": "9" }), [["heading-level", false]]);
  assert.equal(read({ snapshot: "s", "heading-level": "9" }).headingLevel, 6);
  assert.deepEqual(problems({ "max-snapshot-bytes": "5MB" }), [["max-snapshot-bytes", false]]);
  assert.equal(read({ snapshot: "s", "max-snapshot-bytes": "5MB" }).maxBytes, DEFAULT_MAX_SNAPSHOT_BYTES);
  assert.equal(read({ snapshot: "s", "max-snapshot-bytes": "99999999999" }).maxBytes, ENGINE_MAX_SNAPSHOT_BYTES);
  assert.match(read({ snapshot: "s", engine: "http://[" }).engineProblem, /^engine/);
  assert.ok(read({ duration: "x".repeat(5000) }).problems.every((p) => p.value.length <= 121), "values are clipped");
  assert.ok(isLocalDateTime("2028-02-29T23:59") && !isLocalDateTime("2027-02-29T10:00"));
});

test("every error code has a message in every UI language, with the contact or where to go", () => {
  const codes = ["SNAPSHOT_UNAVAILABLE", "SNAPSHOT_TOO_LARGE", "SNAPSHOT_NOT_JSON", "SNAPSHOT_WRONG_FORMAT", "SNAPSHOT_INVALID", "BAD_ATTRIBUTE", "INTERNAL"];
  for (const lang of UI_LANGUAGES) {
    for (const code of codes) {
      const html = errorView(lang, { code }, "tel. 02 8920 1234");
      assert.match(html, /role="alert"/);
      assert.ok(html.includes(`<code dir="ltr">${code}</code>`), `${lang} ${code}`);
      assert.ok(html.includes('href="tel:0289201234"'), `${lang} ${code} contact`);
      assert.equal(html.includes("ponte-retry"), ["SNAPSHOT_UNAVAILABLE", "INTERNAL"].includes(code));
      assert.ok(errorView(lang, { code }, "").includes(text(lang, "noContactLine")));
    }
  }
  assert.match(errorView("it", { code: "SNAPSHOT_TOO_LARGE" }, ""), /troppo grande/);
  assert.match(errorView("it", { code: "<b>" }, ""), /&lt;b&gt;/, "an unknown code is escaped");
});

test("the slot source merges the engine's options per start, sorted, after notBefore", async () => {
  const source = await openSlotSource({ snapshotUrl: "x", engineUrl: ENGINE, fetchImpl: ok });
  assert.equal(source.engineVersion, ponte.version());
  assert.equal(source.timezone, "Europe/Rome");
  const rozzano = source.offices().find((o) => o.id === "rozzano-sportello");
  assert.equal(rozzano.municipality, "Rozzano");
  assert.ok(source.languages().includes("ar") && !source.languages().includes("ar-ma"));
  const office = "rozzano-sportello";
  const slots = source.freeSlots({ office, language: "ar", durationMinutes: 60 });
  assert.ok(slots.length > 0);
  const starts = slots.map((s) => s.start);
  assert.deepEqual(starts, [...new Set(starts)].sort(), "one slot per start, in order");
  const options = ponte.freeSlots(SNAPSHOT, {
    office, languages: ["ar"], duration_minutes: 60, earliest: `${SNAPSHOT.horizon_start}T00:00`, latest: "2027-01-01T00:00",
    modalities: ["in_person", "video", "phone"], limit: 100000,
  });
  assert.deepEqual(new Set(starts), new Set(options.map((o) => o.start)));
  for (const slot of slots) {
    assert.equal(slot.office, office);
    assert.deepEqual(slot.languages, ["ar"]);
    assert.ok(slot.modalities.length > 0);
  }
  const later = source.freeSlots({ office, language: "ar", notBefore: "2026-12-14T00:00" });
  assert.ok(later.length < slots.length && later.every((s) => s.start >= "2026-12-14T00:00"));
  assert.deepEqual(source.freeSlots({ office, language: "ar", notBefore: "2027-06-01T00:00" }), []);
  assert.deepEqual(source.freeSlots({ office, language: "" }), []);
  assert.throws(() => source.freeSlots({ office: "nowhere", language: "ar" }), { code: /UNKNOWN|INVALID|REFUSED|OFFICE/ });
});

test("calendar arithmetic", () => {
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(addDays("2026-03-01", -1), "2026-02-28");
  assert.equal(addMonths("2026-01-31", 1), "2026-02-28");
  assert.equal(addMonths("2026-12-15", -12), "2025-12-15");
  assert.equal(mondayIndex("2026-12-07"), 0);
  assert.equal(mondayIndex("2026-12-13"), 6);
  const weeks = monthWeeks("2026-12-01");
  assert.equal(weeks[0][0], null, "1 December 2026 is a Tuesday");
  assert.equal(weeks[0][1], "2026-12-01");
  assert.ok(weeks.every((w) => w.length === 7));
  assert.equal(weeks.flat().filter(Boolean).length, 31);
  assert.equal(addClock("09:30", 60), "10:30");
  assert.match(localNow("Europe/Rome", new Date("2026-11-30T07:00:00Z")), /^2026-11-30T08:00$/);
  assert.match(localNow("No/Such_Zone"), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
});

test("every UI language has every text, with the same placeholders", () => {
  const keys = [
    "heading", "loading", "office", "language", "calendar", "prevMonth", "nextMonth", "times", "freeCount", "noFree", "pickDay", "confirm",
    "chooseTime", "chosen", "daySelected", "nothing", "snapshotError", "errorUnavailable", "errorTooLarge", "errorBadData", "configError",
    "internalError", "retry", "noContactLine", "supportCode", "officeNotFound", "contactLine", "duration", "in_person", "phone", "video",
  ];
  const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
  assert.equal(UI_LANGUAGES.length, 11);
  for (const lang of UI_LANGUAGES) {
    for (const key of keys) {
      const value = text(lang, key);
      assert.ok(value, `${lang}.${key}`);
      // Short words may be the same in Italian ("Calendario" in Spanish, "video").
      const mayMatch = ["calendar", "video"].includes(key);
      if (lang !== "it" && !mayMatch) assert.notEqual(value, text("it", key), `${lang}.${key} is untranslated`);
      assert.equal(placeholders(value), placeholders(text("it", key)), `${lang}.${key} placeholders`);
    }
  }
  assert.equal(uiLanguage("ar-MA"), "ar");
  assert.equal(uiLanguage("de"), "it");
  assert.equal(direction("ar"), "rtl");
  assert.equal(direction("ur"), "rtl");
  assert.equal(direction("ti"), "ltr");
  assert.equal(fill("{a} {b}", { a: 1 }), "1 {b}");
});

test("calendar names exist for every UI language, Tigrinya's from the widget when Intl lacks them", () => {
  for (const lang of UI_LANGUAGES) {
    const names = calendarNames(lang);
    for (let m = 0; m < 12; m++) assert.ok(names.month(m).length > 0, `${lang} month ${m}`);
    for (let d = 0; d < 7; d++) assert.ok(names.weekday(d).length > 0 && names.weekdayShort(d).length > 0, `${lang} day ${d}`);
    assert.ok(names.longDate(2026, 11, 7).length > 5);
  }
  assert.match(calendarNames("ti").month(11), /ታሕሳስ/);
  assert.match(calendarNames("ti").weekday(1), /ሰኑይ/);
});

test("date-grid keys move by day, week, week's end, month and year, mirrored in right-to-left text", () => {
  const day = "2026-12-09"; // a Wednesday
  assert.equal(dayAfterKey(day, "ArrowRight", false, false), "2026-12-10");
  assert.equal(dayAfterKey(day, "ArrowRight", false, true), "2026-12-08");
  assert.equal(dayAfterKey(day, "ArrowLeft", false, false), "2026-12-08");
  assert.equal(dayAfterKey(day, "ArrowLeft", false, true), "2026-12-10");
  assert.equal(dayAfterKey(day, "ArrowDown", false, false), "2026-12-16");
  assert.equal(dayAfterKey(day, "ArrowUp", false, false), "2026-12-02");
  assert.equal(dayAfterKey(day, "Home", false, false), "2026-12-07");
  assert.equal(dayAfterKey(day, "End", false, false), "2026-12-13");
  assert.equal(dayAfterKey(day, "PageDown", false, false), "2027-01-09");
  assert.equal(dayAfterKey(day, "PageUp", true, false), "2025-12-09");
  assert.equal(dayAfterKey("2026-12-31", "ArrowRight", false, false), "2027-01-01");
  assert.equal(dayAfterKey(day, "Enter", false, false), null);
  assert.equal(dayAfterKey(day, "a", false, false), null);
});
