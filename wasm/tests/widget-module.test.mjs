// The widget module (wasm/pkg-widget: the build without the `planner`
// feature that the booking widget loads on residents' pages) against the
// full module (wasm/pkg-node): it exports freeSlots, version and
// supportedTimezones and nothing of the planner's API, and its freeSlots
// gives the same answers and the same refusals on the snapshots the other
// tests use (the demo's, and the public snapshot of the format's example).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { REPO, WASM_DIR, loadPonte } from "./support/paths.mjs";
import { exampleProblem, exampleSolution } from "./support/fixtures.mjs";
import { widgetExports as widget } from "./support/engine-node.mjs";

const full = loadPonte();
const SNAPSHOT = JSON.parse(readFileSync(join(REPO, "examples", "widget", "snapshot.json"), "utf8"));
const WIDGET_EXPORTS = ["freeSlots", "supportedTimezones", "version"];
const PLANNER_EXPORTS = [
  "validate", "solve", "evaluate", "replan", "book", "cancel", "lock", "explain",
  "publicSnapshot", "freeSlotsInPlan", "reportHtml", "monitoringCsv",
];
const MODALITIES = ["in_person", "video", "phone"];

/** What a call gives: its answer, or what it throws (name, code, message, errors). */
function outcome(fn) {
  try {
    return { answer: fn() };
  } catch (error) {
    return { thrown: { name: error?.name, code: error?.code, message: error?.message, errors: error?.errors } };
  }
}

/** Asserts that both modules' freeSlots give the same outcome; returns it. */
function same(snapshot, query, label) {
  const expected = outcome(() => full.freeSlots(snapshot, query));
  const actual = outcome(() => widget.freeSlots(snapshot, query));
  assert.deepEqual(actual, expected, label);
  return expected;
}

test("the widget module exports freeSlots, version and supportedTimezones, and nothing of the planner's API", () => {
  // The full module has all of them, so the list below means something.
  for (const name of [...WIDGET_EXPORTS, ...PLANNER_EXPORTS]) assert.equal(typeof full[name], "function", `full module: ${name}`);

  const functions = Object.keys(widget).filter((name) => !["default", "initSync"].includes(name)).sort();
  assert.deepEqual(functions, WIDGET_EXPORTS);
  for (const name of PLANNER_EXPORTS) assert.equal(widget[name], undefined, name);

  // The wasm module itself: its exports but wasm-bindgen's own.
  const bytes = readFileSync(join(WASM_DIR, "pkg-widget", "ponte_bg.wasm"));
  const exported = WebAssembly.Module.exports(new WebAssembly.Module(bytes))
    .map((e) => e.name)
    .filter((name) => name !== "memory" && !name.startsWith("__"))
    .sort();
  assert.deepEqual(exported, WIDGET_EXPORTS);

  // The package's JavaScript and TypeScript declarations.
  const js = readFileSync(join(WASM_DIR, "pkg-widget", "ponte.js"), "utf8");
  const dts = readFileSync(join(WASM_DIR, "pkg-widget", "ponte.d.ts"), "utf8");
  const declared = (text) => [...text.matchAll(/^export function (\w+)/gm)].map((m) => m[1]).filter((n) => n !== "initSync").sort();
  assert.deepEqual(declared(js), WIDGET_EXPORTS);
  assert.deepEqual(declared(dts), WIDGET_EXPORTS);
  const fullDts = readFileSync(join(WASM_DIR, "pkg-node", "ponte.d.ts"), "utf8");
  assert.deepEqual(declared(fullDts), [...WIDGET_EXPORTS, ...PLANNER_EXPORTS].sort(), "the full module declares everything");
});

test("version and supportedTimezones are the full module's", () => {
  assert.equal(widget.version(), full.version());
  assert.deepEqual(widget.supportedTimezones(), full.supportedTimezones());
  assert.ok(widget.supportedTimezones().includes("Europe/Rome"));
});

test("freeSlots on the demo snapshot: the same options as the full module for every office, several languages and durations", () => {
  const languages = ["ar", "ar-ma", "ur", "en", "fr", "uk", "ti"];
  const latest = "2026-12-28T00:00";
  let options = 0;
  for (const office of SNAPSHOT.offices.map((o) => o.id)) {
    for (const language of languages) {
      for (const duration_minutes of [30, 60, 90]) {
        // The widget's own query (widget/slots.js), whole horizon.
        const query = { office, languages: [language], duration_minutes, earliest: `${SNAPSHOT.horizon_start}T00:00`, latest, modalities: MODALITIES, limit: 100000 };
        const result = same(SNAPSHOT, query, `${office} ${language} ${duration_minutes}`);
        assert.ok(result.answer, `${office} ${language}: ${JSON.stringify(result.thrown)}`);
        options += result.answer.length;
      }
    }
  }
  assert.ok(options > 1000, `the comparison covers many options (${options})`);
  // The query's other keys, the default limit, and the snapshot as JSON text.
  const office = "rozzano-sportello";
  const base = { office, languages: ["ar", "fr"], duration_minutes: 45, earliest: "2026-12-01T08:00", latest: "2026-12-19T18:00" };
  for (const extra of [{}, { modalities: ["video"] }, { min_level: "native" }, { skills: ["health"] }, { preferred_mediator: "M001" }, { limit: 3 }]) {
    const query = { ...base, ...extra };
    same(SNAPSHOT, query, JSON.stringify(extra));
    same(JSON.stringify(SNAPSHOT), query, `text ${JSON.stringify(extra)}`);
  }
});

test("freeSlots on the public snapshot of the format's example problem and plan: the same options", () => {
  const snapshot = full.publicSnapshot(exampleProblem(), exampleSolution());
  for (const office of ["rozzano-sportello", "opera-biblioteca"]) {
    for (const language of ["ar", "fr", "ti"]) {
      for (const duration_minutes of [15, 60, 120]) {
        const query = { office, languages: [language], duration_minutes, earliest: "2026-12-07T00:00", latest: "2026-12-14T00:00", modalities: MODALITIES, limit: 100000 };
        same(snapshot, query, `${office} ${language} ${duration_minutes}`);
      }
    }
  }
  const found = same(snapshot, { office: "rozzano-sportello", languages: ["ar"], duration_minutes: 60, earliest: "2026-12-07T09:00", latest: "2026-12-11T12:30" }, "example");
  assert.ok(found.answer.length > 0);
});

test("freeSlots refuses what the full module refuses, with the same code, message and errors", () => {
  const query = { office: "rozzano-sportello", languages: ["ar"], duration_minutes: 60, earliest: "2026-11-30T00:00", latest: "2026-12-28T00:00" };
  const snapshots = [
    ["another zone", { ...SNAPSHOT, timezone: "America/Lima" }],
    ["an unknown key", { ...SNAPSHOT, extra: 1 }],
    ["another format", { ...SNAPSHOT, format: "ponte-availability/2" }],
    ["a bad date", { ...SNAPSHOT, horizon_start: "2026-02-31" }],
    ["a bad busy time", { ...SNAPSHOT, mediators: [{ ...SNAPSHOT.mediators[0], busy: [{ from: 10, to: 5, office: "rozzano-sportello", in_person: true }] }] }],
    ["JSON text that is not JSON", "{"],
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["a BigInt", 2n ** 70n],
    ["a symbol", Symbol("x")],
    ["a lone surrogate", "\ud800"],
    ["a cyclic object", (() => { const s = { ...SNAPSHOT }; s.self = s; return s; })()],
    ["a throwing proxy", new Proxy({}, { ownKeys() { throw new Error("trap"); }, get() { throw new Error("trap"); } })],
    ["too large", "x".repeat(33 * 1024 * 1024)],
  ];
  for (const [label, snapshot] of snapshots) {
    const result = same(snapshot, query, label);
    assert.equal(result.thrown?.name, "PonteError", label);
  }
  const queries = [
    ["an unknown office", { ...query, office: "nowhere" }],
    ["a case id", { ...query, case: "c-1" }],
    ["a gender", { ...query, mediator_gender: "f" }],
    ["a camelCase key", { ...query, durationMinutes: 60 }],
    ["no query", undefined],
    ["a bad date-time", { ...query, earliest: "domani" }],
  ];
  for (const [label, q] of queries) {
    const result = same(SNAPSHOT, q, label);
    assert.equal(result.thrown?.name, "PonteError", label);
  }
  // And the module answers afterwards.
  assert.ok(widget.freeSlots(SNAPSHOT, { ...query, limit: 1 }).length <= 1);
});
