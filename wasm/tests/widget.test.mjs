// The widget's pure modules in Node: the snapshot adapter (data contract),
// calendar arithmetic and the language tables.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { REPO } from "./support/paths.mjs";
import { readSnapshot, serves, openSlotSource, SNAPSHOT_FORMAT } from "../widget/slots.js";
import { monthWeeks, addDays, addMonths, mondayIndex, addClock, localNow } from "../widget/calendar.js";
import { UI_LANGUAGES, text, uiLanguage, direction, calendarNames, fill } from "../widget/i18n.js";

const SNAPSHOT = JSON.parse(readFileSync(join(REPO, "examples", "widget", "snapshot.json"), "utf8"));

test("the demo snapshot is a valid ponte-availability/1 document", () => {
  const snapshot = readSnapshot(SNAPSHOT);
  assert.equal(SNAPSHOT.format, SNAPSHOT_FORMAT);
  assert.equal(snapshot.timezone, "Europe/Rome");
  assert.ok(snapshot.slots.length > 50);
  const starts = snapshot.slots.map((s) => s.start);
  assert.deepEqual(starts, [...starts].sort());
});

const broken = [
  [null, "$"],
  [{ ...SNAPSHOT, format: "ponte-availability/2" }, "format"],
  [{ ...SNAPSHOT, timezone: 5 }, "timezone"],
  [{ ...SNAPSHOT, slots: {} }, "slots"],
  [{ ...SNAPSHOT, slots: [{ ...SNAPSHOT.slots[0], office: "nowhere" }] }, "slots[0].office"],
  [{ ...SNAPSHOT, slots: [{ ...SNAPSHOT.slots[0], start: "2026-12-02 09:00" }] }, "slots[0].start"],
  [{ ...SNAPSHOT, slots: [{ ...SNAPSHOT.slots[0], end: SNAPSHOT.slots[0].start }] }, "slots[0].end"],
  [{ ...SNAPSHOT, slots: [{ ...SNAPSHOT.slots[0], languages: ["AR"] }] }, "slots[0].languages"],
  [{ ...SNAPSHOT, slots: [{ ...SNAPSHOT.slots[0], languages: ["<img src=x>"] }] }, "slots[0].languages"],
  [{ ...SNAPSHOT, slots: [{ ...SNAPSHOT.slots[0], modalities: ["fax"] }] }, "slots[0].modalities"],
];
for (const [document, path] of broken) {
  test(`a snapshot broken at ${path} is SNAPSHOT_INVALID`, () => {
    assert.throws(() => readSnapshot(document), (error) => error.code === "SNAPSHOT_INVALID" && error.message.startsWith(path));
  });
}

test("language tags serve as the format says", () => {
  assert.ok(serves("ar", "ar"));
  assert.ok(serves("ar-ma", "ar"));
  assert.ok(!serves("ar", "ar-ma"));
  assert.ok(!serves("ur", "ar"));
});

test("openSlotSource: engine unavailable without WebAssembly, snapshot errors typed", async () => {
  const fetchImpl = async () => ({ ok: true, json: async () => SNAPSHOT });
  const saved = globalThis.WebAssembly;
  try {
    globalThis.WebAssembly = undefined;
    await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: "y", fetchImpl }), { code: "ENGINE_UNAVAILABLE" });
  } finally {
    globalThis.WebAssembly = saved;
  }
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: "data:text/javascript,throw 1", fetchImpl }), { code: "ENGINE_UNAVAILABLE" });
  const notFound = async () => ({ ok: false, status: 404 });
  const engine = "data:text/javascript,export default async function(){}; export function version(){return 'test'}";
  await assert.rejects(openSlotSource({ snapshotUrl: "x", engineUrl: engine, fetchImpl: notFound }), { code: "SNAPSHOT_UNAVAILABLE" });
  const source = await openSlotSource({ snapshotUrl: "x", engineUrl: engine, fetchImpl });
  assert.equal(source.engineVersion, "test");
  assert.deepEqual(source.offices().map((o) => o.id), ["rozzano-sportello", "rozzano-consultorio", "opera-biblioteca"]);
  const office = "rozzano-sportello";
  const all = source.freeSlots({ office });
  const tigrinya = source.freeSlots({ office, language: "ti" });
  assert.ok(tigrinya.length > 0 && tigrinya.length < all.length);
  assert.ok(tigrinya.every((s) => s.office === office && s.languages.includes("ti")));
  assert.equal(source.freeSlots({ office, durationMinutes: 61 }).length, 0, "demo slots last 60 minutes");
  const later = source.freeSlots({ office, notBefore: "2027-01-01T00:00" });
  assert.ok(later.every((s) => s.start >= "2027-01-01T00:00"));
  assert.ok(source.languages(office).includes("ti"));
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
