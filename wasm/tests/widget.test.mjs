// The widget's pure modules in Node: the snapshot adapter (data contract),
// calendar arithmetic and the language tables.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { REPO, loadPonte } from "./support/paths.mjs";
import { readSnapshot, openSlotSource } from "../widget/slots.js";
import { monthWeeks, addDays, addMonths, mondayIndex, addClock, localNow } from "../widget/calendar.js";
import { UI_LANGUAGES, text, uiLanguage, direction, calendarNames, fill } from "../widget/i18n.js";

const SNAPSHOT = JSON.parse(readFileSync(join(REPO, "examples", "widget", "snapshot.json"), "utf8"));
const ENGINE = new URL("./support/engine-node.mjs", import.meta.url).href;
const ponte = loadPonte();
const ok = async () => ({ ok: true, json: async () => SNAPSHOT });

test("the demo snapshot is one the engine accepts", () => {
  assert.equal(readSnapshot(SNAPSHOT, ponte), SNAPSHOT);
  assert.equal(SNAPSHOT.format, "ponte-availability/1");
  assert.equal(SNAPSHOT.timezone, "Europe/Rome");
  assert.ok(SNAPSHOT.offices.some((o) => o.id === "rozzano-sportello"));
});

const broken = [
  [null, /^\$/],
  [{ ...SNAPSHOT, format: "ponte-availability/2" }, /^format/],
  [{ ...SNAPSHOT, mediators: {} }, /^mediators/],
  [{ ...SNAPSHOT, offices: [] }, /^offices/],
  [{ ...SNAPSHOT, horizon_end: "soon" }, /^horizon/],
  [{ ...SNAPSHOT, timezone: "America/Lima" }, /engine refuses/],
  [{ ...SNAPSHOT, extra: 1 }, /engine refuses/],
  [{ ...SNAPSHOT, mediators: [{ ...SNAPSHOT.mediators[0], busy: [{ from: 10, to: 5, office: "rozzano-sportello", in_person: true }] }] }, /engine refuses/],
];
for (const [document, message] of broken) {
  test(`a broken snapshot (${message}) is SNAPSHOT_INVALID`, () => {
    assert.throws(() => readSnapshot(document, ponte), (error) => error.code === "SNAPSHOT_INVALID" && message.test(error.message));
  });
}

test("openSlotSource: typed failures of the engine and of the snapshot", async () => {
  const saved = globalThis.WebAssembly;
  try {
    globalThis.WebAssembly = undefined;
    await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: ENGINE, fetchImpl: ok }), { code: "ENGINE_UNAVAILABLE" });
  } finally {
    globalThis.WebAssembly = saved;
  }
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: "data:text/javascript,throw 1", fetchImpl: ok }), { code: "ENGINE_UNAVAILABLE" });
  const noSearch = "data:text/javascript,export default async function(){}";
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: noSearch, fetchImpl: ok }), { code: "ENGINE_UNAVAILABLE" });
  const notFound = async () => ({ ok: false, status: 404 });
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: ENGINE, fetchImpl: notFound }), { code: "SNAPSHOT_UNAVAILABLE" });
  const offline = async () => { throw new TypeError("offline"); };
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: ENGINE, fetchImpl: offline }), { code: "SNAPSHOT_UNAVAILABLE" });
  const notJson = async () => ({ ok: true, json: async () => { throw new SyntaxError("x"); } });
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: ENGINE, fetchImpl: notJson }), { code: "SNAPSHOT_INVALID" });
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
  const keys = ["heading", "loading", "office", "language", "calendar", "prevMonth", "nextMonth", "times", "freeCount", "noFree", "pickDay", "confirm", "chooseTime", "chosen", "daySelected", "nothing", "snapshotError", "contactLine", "duration", "in_person", "phone", "video"];
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
