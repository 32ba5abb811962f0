// book / cancel / lock / replan / explain of the built Node package
// (wasm/pkg-node). Every plan these return is checked by ponte's own
// evaluation and, when ../shared is there, by the independent checker
// ponte-check (tests that need generated problems are skipped otherwise,
// with the notice printed by support/paths.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { loadPonte, generate, check, tempDir, NO_SHARED } from "./support/paths.mjs";
import { exampleProblem, exampleSolution, throwsPonte as throwsPonteWith } from "./support/fixtures.mjs";

const ponte = loadPonte();
const MAX_INPUT_CHARS = 32 * 1024 * 1024;
const throwsPonte = (fn, code) => throwsPonteWith(assert, fn, code);
const HUGE = "x".repeat(MAX_INPUT_CHARS + 1);

/** Asserts that `fn` throws a PonteError of some code; returns it (the caller checks the code). */
function throwsRefusal(fn) {
  let caught = null;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof Error, `expected a PonteError, got ${caught}`);
  return throwsPonte(() => { throw caught; }, caught.code);
}

/** The checker's codes for a choice that breaks a hard rule (what `book` refuses with). */
const HARD_RULE_CODES = new Set([
  "LANGUAGE_NOT_SERVED", "MODALITY_NOT_OFFERED", "MISSING_SKILL", "GENDER_MISMATCH", "WRONG_FIXED_START",
  "OFF_GRID", "OUTSIDE_AVAILABILITY", "OVERLAP", "TRAVEL_TIME", "DAILY_LIMIT", "WEEKLY_LIMIT", "CAPACITY_EXCEEDED",
]);

let checkDir = null;
let checked = 0;
/**
 * Asserts that `solution` is a plan of `problem` that Ponte's evaluation
 * accepts and, when the shared tools are there, that ponte-check accepts.
 */
function verify(problem, solution, label) {
  const evaluation = ponte.evaluate(problem, solution);
  assert.equal(evaluation.ok, true, `${label}: ${JSON.stringify(evaluation.violations.slice(0, 5))}`);
  if (NO_SHARED) return;
  checkDir ??= tempDir("ponte-wasm-booking-");
  checked += 1;
  const problemPath = join(checkDir, `${checked}-problem.json`);
  const solutionPath = join(checkDir, `${checked}-solution.json`);
  writeFileSync(problemPath, typeof problem === "string" ? problem : JSON.stringify(problem));
  writeFileSync(solutionPath, JSON.stringify(solution));
  const result = check(problemPath, solutionPath);
  assert.equal(result.status, 0, `${label}: ponte-check: ${JSON.stringify(result.report).slice(0, 2000)}`);
}

const sameAssignment = (a, b) => a.mediator === b.mediator && a.start === b.start;
const assignmentOf = (solution, request) => solution.assignments.find((a) => a.request === request);

// ------------------------------------------------------------- the example

test("cancel, book back, move and refuse on the format's example; every plan is checked", () => {
  const problem = exampleProblem();
  const plan = exampleSolution();
  const cancelled = ponte.cancel(problem, plan, "r-001");
  assert.deepEqual(Object.keys(cancelled).sort(), ["costDelta", "solution"]);
  assert.equal(cancelled.solution.assignments.length, 0);
  assert.deepEqual(cancelled.solution.unassigned.map((u) => u.request), ["r-001"]);
  assert.equal(cancelled.costDelta, cancelled.solution.cost.total - plan.cost.total);
  verify(problem, cancelled.solution, "example cancelled");
  const twice = throwsPonte(() => ponte.cancel(problem, cancelled.solution, "r-001"), "NOT_ASSIGNED");
  assert.equal(twice.errors[0].path, "request");

  const back = ponte.book(problem, cancelled.solution, "r-001", { mediator: "m-amina", start: "2026-12-07T09:00" });
  assert.deepEqual(back.solution.assignments, plan.assignments);
  assert.equal(back.solution.cost.total, plan.cost.total);
  assert.equal(back.costDelta, -cancelled.costDelta);
  verify(problem, back.solution, "example booked back");

  const moved = ponte.book(JSON.stringify(problem), JSON.stringify(plan), "r-001", { mediator: "m-amina", start: "2026-12-07T10:00", modality: "video" });
  assert.deepEqual(assignmentOf(moved.solution, "r-001"), { request: "r-001", mediator: "m-amina", start: "2026-12-07T10:00", language: "ar", modality: "video" });
  assert.equal(moved.costDelta, moved.solution.cost.total - plan.cost.total);
  verify(problem, moved.solution, "example moved");
});

test("book refuses what breaks a rule with the rule's code and the argument's path", () => {
  const problem = exampleProblem();
  const plan = exampleSolution();
  const book = (choice, request = "r-001", onPlan = plan) => () => ponte.book(problem, onPlan, request, choice);
  const at = (start, extra = {}) => ({ mediator: "m-amina", start, ...extra });
  const cases = [
    [at("2026-12-07T07:00"), "OUTSIDE_AVAILABILITY", "choice"],
    [at("2026-12-07T09:07"), "OFF_GRID", "choice"],
    [at("2026-12-07T09:00", { modality: "phone" }), "MODALITY_NOT_OFFERED", "choice"],
    [at("2026-12-07T09:00", { language: "fr" }), "LANGUAGE_NOT_SERVED", "language"],
    [{ mediator: "m-nobody", start: "2026-12-07T09:00" }, "UNKNOWN_REFERENCE", "mediator"],
    [at("2026-13-07T09:00"), "BAD_DATETIME", "start"],
    [at("tomorrow"), "BAD_DATETIME", "start"],
  ];
  for (const [choice, code, path] of cases) {
    const error = throwsPonte(book(choice), code);
    assert.equal(error.errors[0].path, path, JSON.stringify(choice));
    assert.equal(error.errors[0].code, code);
  }
  assert.equal(throwsPonte(book(at("2026-12-07T09:00"), "r-404"), "UNKNOWN_REFERENCE").errors[0].path, "request");
  for (const choice of [{ mediator: "m-amina" }, at("2026-12-07T09:00", { extra: 1 }), at("2026-12-07T09:00", { modality: "fax" }), { mediator: 7, start: "2026-12-07T09:00" }]) {
    assert.equal(throwsPonte(book(choice), "INVALID_ARGUMENT").errors[0].path, "choice", JSON.stringify(choice));
  }
  // A plan that does not keep the hard rules, or names what does not exist.
  const early = exampleSolution();
  early.assignments[0].start = "2026-12-07T07:00";
  throwsPonte(book(at("2026-12-07T10:00"), "r-001", early), "PLAN_INVALID");
  const stranger = exampleSolution();
  stranger.assignments[0].mediator = "m-nobody";
  assert.equal(throwsPonte(book(at("2026-12-07T10:00"), "r-001", stranger), "PLAN_INVALID").errors[0].path, "assignments[0].mediator");
  // Not a solution document at all.
  for (const bad of [{ format: "ponte-solution/1" }, "{", "[]", { ...plan, extra: true }]) {
    assert.equal(throwsPonte(book(at("2026-12-07T10:00"), "r-001", bad), "INVALID_SOLUTION").errors[0].path, "plan");
  }
  const invalid = exampleProblem();
  invalid.requests[0].office = "nowhere";
  throwsPonte(() => ponte.book(invalid, plan, "r-001", at("2026-12-07T09:00")), "INVALID_PROBLEM");
  throwsPonte(() => ponte.cancel(problem, plan, "r-404"), "UNKNOWN_REFERENCE");
  throwsPonte(() => ponte.lock(problem, plan, "r-404"), "UNKNOWN_REFERENCE");
});

test("lock returns the problem with the request locked; the locked request cannot be cancelled or moved", () => {
  const problem = exampleProblem();
  const plan = exampleSolution();
  const locked = ponte.lock(problem, plan, "r-001");
  assert.deepEqual(Object.keys(locked).sort(), ["costDelta", "problem", "solution"]);
  const expected = exampleProblem();
  expected.requests[0].previous = { mediator: "m-amina", start: "2026-12-07T09:00" };
  expected.requests[0].locked = true;
  assert.deepEqual(locked.problem, expected);
  assert.equal(ponte.validate(locked.problem).valid, true);
  assert.equal(locked.costDelta, locked.solution.cost.total - plan.cost.total);
  assert.deepEqual(locked.solution.assignments, plan.assignments);
  verify(locked.problem, locked.solution, "example locked");

  const cancel = throwsPonte(() => ponte.cancel(locked.problem, locked.solution, "r-001"), "LOCKED");
  assert.equal(cancel.errors[0].path, "request");
  throwsPonte(() => ponte.book(locked.problem, locked.solution, "r-001", { mediator: "m-amina", start: "2026-12-07T10:00" }), "LOCKED");
  const stay = ponte.book(locked.problem, locked.solution, "r-001", { mediator: "m-amina", start: "2026-12-07T09:00" });
  assert.equal(stay.costDelta, 0);
  verify(locked.problem, stay.solution, "example locked, booked in place");
  // Locking again is harmless; locking what is not assigned is refused.
  assert.deepEqual(ponte.lock(locked.problem, locked.solution, "r-001").problem, locked.problem);
  const none = ponte.cancel(problem, plan, "r-001").solution;
  throwsPonte(() => ponte.lock(problem, none, "r-001"), "NOT_ASSIGNED");
});

test("explain of the example: terms, load and coverage; anonymized without mediator ids", () => {
  const problem = exampleProblem();
  const plan = exampleSolution();
  const explanation = ponte.explain(problem, plan);
  assert.deepEqual(explanation.requests.map((r) => [r.request, r.assigned, r.mediator, r.start]), [["r-001", true, "m-amina", "2026-12-07T09:00"]]);
  assert.deepEqual(explanation.mediators.map((m) => m.mediator), ["m-amina"]);
  assert.equal(explanation.mediators[0].minutes_per_day["2026-12-07"], 60);
  assert.deepEqual(explanation.cost, plan.cost);
  assert.deepEqual(explanation.coverage.map((c) => [c.language, c.municipality, c.served, c.unserved]), [["ar", "rozzano", 1, 0]]);
  assert.deepEqual(ponte.explain(problem, plan, { anonymize: false }), explanation);
  assert.deepEqual(ponte.explain(problem, plan, null), explanation);
  assert.deepEqual(ponte.explain(problem, plan, {}), explanation);

  const anonymous = ponte.explain(problem, plan, { anonymize: true });
  const text = JSON.stringify(anonymous);
  assert.ok(!text.includes("m-amina") && !text.includes("Amina"), text);
  assert.deepEqual(anonymous.mediators.map((m) => m.mediator), ["M001"]);
  assert.equal(anonymous.requests[0].mediator, "M001");
  assert.deepEqual(anonymous.cost, explanation.cost);

  const unserved = ponte.explain(problem, ponte.cancel(problem, plan, "r-001").solution, { anonymize: true });
  assert.equal(unserved.requests[0].assigned, false);
  assert.equal(unserved.requests[0].mediator, undefined);
  if (unserved.requests[0].reason) {
    assert.equal(unserved.requests[0].reason.message, unserved.requests[0].reason.code);
    assert.equal(unserved.requests[0].reason.blocking, undefined);
  }
});

// ------------------------------------------------------ generated problems

/** The query of `freeSlotsInPlan` that asks for `request`'s own slot. */
function queryFor(request) {
  const addMinutes = (local, minutes) => new Date(Date.parse(`${local}:00Z`) + minutes * 60_000).toISOString().slice(0, 16);
  const query = {
    office: request.office,
    languages: request.languages,
    duration_minutes: request.duration_minutes,
    earliest: request.start ?? request.earliest,
    latest: request.start ? addMinutes(request.start, request.duration_minutes) : request.latest,
    limit: 5,
  };
  for (const key of ["min_level", "modalities", "skills", "mediator_gender", "case", "preferred_mediator"]) {
    if (request[key] !== undefined) query[key] = request[key];
  }
  return query;
}

for (const [size, seed] of [["xs", 1], ["s", 2]]) {
  test(`generated ${size} seed ${seed}: cancel, book back, book a free slot, lock, refusals; ponte-check accepts every plan`, { skip: NO_SHARED }, () => {
    const problem = readFileSync(generate(size, seed, tempDir()), "utf8");
    const doc = JSON.parse(problem);
    const byId = new Map(doc.requests.map((r) => [r.id, r]));
    const { solution: plan } = ponte.solve(problem, { iterations: 300, seed: 1 });
    verify(problem, plan, "solved");
    const movable = plan.assignments.filter((a) => !byId.get(a.request).locked);
    assert.ok(movable.length >= 3, `only ${movable.length} unlocked assignments`);

    let booked = 0;
    for (const a of movable.slice(0, 4)) {
      const cancelled = ponte.cancel(problem, plan, a.request);
      assert.equal(assignmentOf(cancelled.solution, a.request), undefined);
      assert.ok(cancelled.solution.unassigned.some((u) => u.request === a.request));
      assert.equal(cancelled.costDelta, cancelled.solution.cost.total - plan.cost.total);
      verify(problem, cancelled.solution, `cancelled ${a.request}`);

      const back = ponte.book(problem, cancelled.solution, a.request, { mediator: a.mediator, start: a.start, language: a.language, modality: a.modality });
      assert.deepEqual(assignmentOf(back.solution, a.request), a);
      assert.equal(back.costDelta, -cancelled.costDelta);
      verify(problem, back.solution, `booked ${a.request} back`);

      const options = ponte.freeSlotsInPlan(problem, cancelled.solution, queryFor(byId.get(a.request)));
      for (const option of options.slice(0, 2)) {
        const choice = { mediator: option.mediator, start: option.start, language: option.language, modality: option.modality };
        const there = ponte.book(problem, cancelled.solution, a.request, choice);
        assert.deepEqual(assignmentOf(there.solution, a.request), { request: a.request, ...choice });
        verify(problem, there.solution, `booked ${a.request} at a free slot`);
        booked += 1;
      }
    }
    assert.ok(booked > 0, "no free slot was found for any cancelled request");

    // Lock one, then it stays.
    const target = movable[0];
    const locked = ponte.lock(problem, plan, target.request);
    const entry = locked.problem.requests.find((r) => r.id === target.request);
    assert.equal(entry.locked, true);
    assert.deepEqual(entry.previous, { mediator: target.mediator, start: target.start });
    verify(locked.problem, locked.solution, `locked ${target.request}`);
    throwsPonte(() => ponte.cancel(locked.problem, locked.solution, target.request), "LOCKED");

    // Another request onto a busy mediator at the same start: a hard-rule code.
    const other = movable.find((b) => b.mediator !== target.mediator);
    if (other) {
      const error = throwsRefusal(() => ponte.book(problem, plan, other.request, { mediator: target.mediator, start: target.start }));
      assert.ok(HARD_RULE_CODES.has(error.code), `${error.code}: ${error.message}`);
      assert.equal(error.errors[0].code, error.code);
      assert.ok(["choice", "language"].includes(error.errors[0].path), error.errors[0].path);
    }
  });
}

test("replan after an absence keeps most assignments; every repair passes ponte-check", { skip: NO_SHARED }, () => {
  const problem = readFileSync(generate("s", 2, tempDir()), "utf8");
  const { solution: plan } = ponte.solve(problem, { iterations: 300, seed: 4 });
  const doc = JSON.parse(problem);
  // The mediator with the most assignments falls ill for the first two days.
  const load = (id) => plan.assignments.filter((a) => a.mediator === id).length;
  const ill = doc.mediators.reduce((best, m) => (load(m.id) > load(best.id) ? m : best));
  const from = `${doc.horizon.start}T00:00`;
  const to = `${new Date(Date.parse(`${doc.horizon.start}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10)}T00:00`;
  ill.absences = [...(ill.absences ?? []), { from, to }];
  assert.equal(ponte.validate(doc).valid, true);

  const repaired = ponte.replan(doc, plan, { iterations: 200, seed: 1 });
  assert.deepEqual(Object.keys(repaired).sort(), ["added", "dropped", "iterations", "kept", "moved", "solution", "stopReason"]);
  // The core's own stop reason: an iteration budget alone ends on it.
  assert.equal(repaired.stopReason, "iterations");
  assert.equal(repaired.iterations, 200);
  verify(doc, repaired.solution, "replanned");
  assert.equal(repaired.kept + repaired.moved.length + repaired.dropped.length, plan.assignments.length);
  const untouched = plan.assignments.filter((a) => a.mediator !== ill.id);
  const changed = [...repaired.moved, ...repaired.dropped].filter((r) => untouched.some((a) => a.request === r));
  assert.ok(changed.length * 100 <= untouched.length * 5, `${changed.length} of ${untouched.length} assignments not involving ${ill.id} changed`);
  for (const a of untouched) {
    if (!changed.includes(a.request)) assert.ok(sameAssignment(assignmentOf(repaired.solution, a.request), a), a.request);
  }
  assert.ok(repaired.kept * 10 >= plan.assignments.length * 8, `kept only ${repaired.kept} of ${plan.assignments.length}`);
  // Nothing of the ill mediator remains in the absence.
  for (const a of repaired.solution.assignments) {
    if (a.mediator === ill.id) assert.ok(a.start >= to, `${a.request} still at ${a.start}`);
  }
  // Deterministic with an iteration budget; and without options (the core's budget).
  assert.deepEqual(ponte.replan(JSON.stringify(doc), JSON.stringify(plan), { iterations: 200, seed: 1n }), repaired);
  const quick = ponte.replan(doc, plan);
  assert.ok(quick.iterations <= 300, String(quick.iterations));
  verify(doc, quick.solution, "replanned with the default budget");
  assert.deepEqual(ponte.replan(doc, plan), quick);
  // Replanning an unchanged problem keeps (nearly) everything.
  const same = ponte.replan(problem, plan, { iterations: 50 });
  assert.ok(same.kept * 100 >= plan.assignments.length * 95, `kept ${same.kept} of ${plan.assignments.length}`);
  verify(problem, same.solution, "replanned unchanged");
  // A time limit on the JS clock.
  const started = performance.now();
  const timed = ponte.replan(doc, plan, { timeLimitMs: 200, seed: 3 });
  assert.ok(performance.now() - started < 200 + 2500);
  verify(doc, timed.solution, "replanned on a time limit");
});

test("replan reports progress, stops on false, and is CALLBACK_FAILED when onProgress throws", { skip: NO_SHARED }, () => {
  const problem = readFileSync(generate("s", 3, tempDir()), "utf8");
  const { solution: plan } = ponte.solve(problem, { iterations: 200, seed: 1 });
  const reports = [];
  const result = ponte.replan(problem, plan, { iterations: 2000, onProgress: (p) => void reports.push(p) });
  verify(problem, result.solution, "replanned with progress");
  for (const p of reports) {
    for (const key of ["iteration", "bestCost", "assigned", "unassigned", "elapsedMs"]) assert.equal(typeof p[key], "number", key);
  }
  if (reports.length === 0) {
    console.log("notice: replan reported no progress on s-3; cancellation not exercised");
    return;
  }
  const stopped = ponte.replan(problem, plan, { iterations: 2000, onProgress: () => false });
  assert.ok(stopped.iterations < result.iterations || result.iterations <= 1, `${stopped.iterations} vs ${result.iterations}`);
  verify(problem, stopped.solution, "replan cancelled");
  const boom = new RangeError("boom");
  const error = throwsPonte(() => ponte.replan(problem, plan, { iterations: 2000, onProgress: () => { throw boom; } }), "CALLBACK_FAILED");
  assert.equal(error.cause, boom);
  assert.equal(error.errors[0].path, "options.onProgress");
});

test("explain of a generated plan: anonymized output names no mediator of the problem", { skip: NO_SHARED }, () => {
  const problem = readFileSync(generate("s", 1, tempDir()), "utf8");
  const doc = JSON.parse(problem);
  const { solution: plan } = ponte.solve(problem, { iterations: 300, seed: 2 });
  const explanation = ponte.explain(problem, plan);
  assert.deepEqual(explanation.requests.map((r) => r.request), doc.requests.map((r) => r.id));
  assert.deepEqual(explanation.mediators.map((m) => m.mediator), doc.mediators.map((m) => m.id));
  assert.deepEqual(explanation.cost, plan.cost);
  for (const r of explanation.requests) {
    const a = assignmentOf(plan, r.request);
    assert.equal(r.assigned, Boolean(a));
    if (a) assert.deepEqual([r.mediator, r.start], [a.mediator, a.start]);
  }
  const plain = JSON.stringify(explanation);
  assert.ok(doc.mediators.some((m) => plain.includes(m.id)));

  const anonymous = ponte.explain(problem, plan, { anonymize: true });
  const text = JSON.stringify(anonymous);
  for (const m of doc.mediators) {
    assert.ok(!text.includes(m.id), `the anonymized explanation names ${m.id}`);
    if (m.name) assert.ok(!text.includes(m.name), `the anonymized explanation names ${m.name}`);
  }
  assert.deepEqual(anonymous.mediators.map((m) => m.mediator), doc.mediators.map((_, i) => `M${String(i + 1).padStart(3, "0")}`));
  for (const r of anonymous.requests) {
    if (r.mediator !== undefined) assert.match(r.mediator, /^M\d{3}$/);
    if (r.reason) {
      assert.equal(r.reason.message, r.reason.code);
      assert.equal(r.reason.blocking, undefined);
    }
  }
  assert.deepEqual(anonymous.coverage, explanation.coverage);
  assert.deepEqual(anonymous.cost, explanation.cost);
});

// ---------------------------------------------------------------- hostile

const notDocuments = [
  ["undefined", undefined],
  ["null", null],
  ["a number", 42],
  ["NaN", NaN],
  ["a boolean", true],
  ["a function", () => 1],
  ["a symbol", Symbol("x")],
  ["a BigInt", 10n],
];

const choice = { mediator: "m-amina", start: "2026-12-07T09:00" };
/** Each operation with its arguments in order, defaults for the others. */
const operations = {
  // (`...id`, not a default value: an explicit `undefined` id must reach the module.)
  book: { planPath: "plan", call: (problem, plan, ...id) => ponte.book(problem, plan, ...(id.length ? id : ["r-001"]), choice) },
  cancel: { planPath: "plan", call: (problem, plan, ...id) => ponte.cancel(problem, plan, ...(id.length ? id : ["r-001"])) },
  lock: { planPath: "plan", call: (problem, plan, ...id) => ponte.lock(problem, plan, ...(id.length ? id : ["r-001"])) },
  replan: { planPath: "oldPlan", call: (problem, plan, options = { iterations: 5 }) => ponte.replan(problem, plan, options) },
  explain: { planPath: "plan", call: (problem, plan, options = undefined) => ponte.explain(problem, plan, options) },
};

for (const [name, { planPath, call }] of Object.entries(operations)) {
  test(`${name} refuses problems and plans that are not documents with INVALID_ARGUMENT, huge ones with INPUT_TOO_LARGE`, () => {
    for (const [what, value] of notDocuments) {
      assert.equal(throwsPonte(() => call(value, exampleSolution()), "INVALID_ARGUMENT").errors[0].path, "problem", what);
      assert.equal(throwsPonte(() => call(exampleProblem(), value), "INVALID_ARGUMENT").errors[0].path, planPath, what);
    }
    throwsPonte(() => call(HUGE, exampleSolution()), "INPUT_TOO_LARGE");
    assert.equal(throwsPonte(() => call(exampleProblem(), HUGE), "INPUT_TOO_LARGE").errors[0].path, planPath);
    throwsPonte(() => call("{", exampleSolution()), "INVALID_JSON");
    throwsPonte(() => call("[]", exampleSolution()), "INVALID_PROBLEM");
    assert.equal(throwsPonte(() => call(exampleProblem(), "not json"), "INVALID_SOLUTION").errors[0].path, planPath);
    assert.equal(throwsPonte(() => call(exampleProblem(), [1, 2]), "INVALID_SOLUTION").errors[0].path, planPath);
  });
}

for (const name of ["book", "cancel", "lock"]) {
  test(`${name} refuses a request id that is not a short string with INVALID_ARGUMENT at requestId`, () => {
    const { call } = operations[name];
    const ids = [...notDocuments, ["an object", { id: "r-001" }], ["an array", ["r-001"]], ["a String object", new String("r-001")], ["an empty string", ""], ["a long string", "r".repeat(5000)], ["a huge string", HUGE]];
    for (const [what, id] of ids) {
      const error = throwsPonte(() => call(exampleProblem(), exampleSolution(), id), "INVALID_ARGUMENT");
      assert.equal(error.errors[0].path, "requestId", what);
    }
    for (const id of ["__proto__", "constructor", "toString", "r-001\u0000", "R-001"]) {
      assert.equal(throwsPonte(() => call(exampleProblem(), exampleSolution(), id), "UNKNOWN_REFERENCE").errors[0].path, "request", id);
    }
  });
}

test("book refuses choices that are not BookingChoice documents with INVALID_ARGUMENT at choice", () => {
  const values = [...notDocuments, ["text", "m-amina"], ["an array", [choice]], ["JSON of a number", "42"], ["a huge string", HUGE]];
  for (const [what, value] of values) {
    const error = throwsPonte(() => ponte.book(exampleProblem(), exampleSolution(), "r-001", value), what === "a huge string" ? "INPUT_TOO_LARGE" : "INVALID_ARGUMENT");
    assert.equal(error.errors[0].path, "choice", what);
  }
});

test("__proto__ keys in problems, plans, choices and options are refused and pollute nothing", () => {
  const withProto = (value) => JSON.parse(JSON.stringify(value).replace("{", '{"__proto__":{"polluted":true,"locked":true},'));
  const problem = exampleProblem();
  const plan = exampleSolution();
  throwsPonte(() => ponte.book(withProto(problem), plan, "r-001", choice), "INVALID_PROBLEM");
  throwsPonte(() => ponte.cancel(problem, withProto(plan), "r-001"), "INVALID_SOLUTION");
  throwsPonte(() => ponte.lock(problem, JSON.stringify(withProto(plan)), "r-001"), "INVALID_SOLUTION");
  assert.equal(throwsPonte(() => ponte.book(problem, plan, "r-001", withProto(choice)), "INVALID_ARGUMENT").errors[0].path, "choice");
  const nested = exampleSolution();
  nested.assignments[0] = withProto(nested.assignments[0]);
  throwsPonte(() => ponte.explain(problem, nested), "INVALID_SOLUTION");
  const options = JSON.parse('{"__proto__": {"anonymize": true}}');
  assert.equal(throwsPonte(() => ponte.explain(problem, plan, options), "INVALID_ARGUMENT").errors[0].path, "options.__proto__");
  const replanOptions = JSON.parse('{"__proto__": {"iterations": 1}}');
  assert.equal(throwsPonte(() => ponte.replan(problem, plan, replanOptions), "INVALID_ARGUMENT").errors[0].path, "options.__proto__");
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.locked, undefined);
  assert.equal(Object.prototype.anonymize, undefined);
});

const badReplanOptions = [
  [5, "options"], ["fast", "options"], [[1], "options"], [() => 1, "options"],
  [{ seed: -1 }, "options.seed"], [{ seed: 2n ** 64n }, "options.seed"], [{ iterations: "10" }, "options.iterations"],
  [{ iterations: 1.5 }, "options.iterations"], [{ timeLimitMs: -5 }, "options.timeLimitMs"], [{ timeLimitMs: Infinity }, "options.timeLimitMs"],
  [{ onProgress: 5 }, "options.onProgress"], [{ timelimit: 100 }, "options.timelimit"], [{ anonymize: true }, "options.anonymize"],
];
const badExplainOptions = [
  [5, "options"], ["yes", "options"], [[true], "options"], [{ anonymize: "yes" }, "options.anonymize"],
  [{ anonymize: 1 }, "options.anonymize"], [{ anonymise: true }, "options.anonymise"], [{ iterations: 5 }, "options.iterations"],
];

test("replan and explain refuse bad options with INVALID_ARGUMENT at the option's path", () => {
  for (const [options, path] of badReplanOptions) {
    assert.equal(throwsPonte(() => ponte.replan(exampleProblem(), exampleSolution(), options), "INVALID_ARGUMENT").errors[0].path, path, String(path));
  }
  for (const [options, path] of badExplainOptions) {
    assert.equal(throwsPonte(() => ponte.explain(exampleProblem(), exampleSolution(), options), "INVALID_ARGUMENT").errors[0].path, path, String(path));
  }
  const getter = {};
  Object.defineProperty(getter, "anonymize", { enumerable: true, get() { throw new Error("getter"); } });
  throwsPonte(() => ponte.explain(exampleProblem(), exampleSolution(), getter), "INVALID_ARGUMENT");
});

test("replan of a plan naming unknown ids drops them rather than failing", () => {
  const plan = exampleSolution();
  plan.assignments.push({ request: "r-gone", mediator: "m-gone", start: "2026-12-07T09:00", language: "ar", modality: "in_person" });
  const result = ponte.replan(exampleProblem(), plan, { iterations: 10 });
  verify(exampleProblem(), result.solution, "replanned with unknown ids");
  assert.equal(result.kept, 1);
});

test("the module still works after all of the above", () => {
  assert.equal(ponte.validate(exampleProblem()).valid, true);
  verify(exampleProblem(), ponte.cancel(exampleProblem(), exampleSolution(), "r-001").solution, "after the hostile tests");
});
