// validate / solve / evaluate of the built Node package (wasm/pkg-node).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { loadPonte, generate, check, tempDir, NO_SHARED, WASM_DIR, REPO } from "./support/paths.mjs";
import { exampleProblem, exampleSolution, throwsPonte } from "./support/fixtures.mjs";

const ponte = loadPonte();

test("version is the workspace's", () => {
  const cargo = readFileSync(join(REPO, "Cargo.toml"), "utf8");
  const version = /\[workspace\.package\][^[]*?version\s*=\s*"([^"]+)"/s.exec(cargo)?.[1];
  assert.equal(ponte.version(), version);
});

test("validate accepts the format's example, as an object or as text, with a summary", () => {
  const fromObject = ponte.validate(exampleProblem());
  const fromText = ponte.validate(JSON.stringify(exampleProblem()));
  assert.deepEqual(fromObject, fromText);
  assert.equal(fromObject.valid, true);
  assert.deepEqual(fromObject.errors, []);
  assert.equal(fromObject.summary.timezone, "Europe/Rome");
  assert.equal(fromObject.summary.requests, 1);
  assert.equal(fromObject.summary.horizonStart, "2026-12-07");
});

test("validate reports every error with code, path and message", () => {
  const problem = exampleProblem();
  problem.requests[0].office = "rozano-sportello";
  problem.mediators[0].languages[0].level = "expert";
  const report = ponte.validate(problem);
  assert.equal(report.valid, false);
  assert.equal(report.summary, undefined);
  assert.ok(report.errors.length >= 2, JSON.stringify(report.errors));
  const reference = report.errors.find((e) => e.path === "requests[0].office");
  assert.ok(reference, JSON.stringify(report.errors));
  assert.equal(reference.code, "UNKNOWN_REFERENCE");
  assert.ok(report.errors.some((e) => e.path.startsWith("mediators[0].languages[0]")));
});

test("validate reports text that is not JSON as INVALID_JSON", () => {
  const report = ponte.validate("{\"format\": ");
  assert.equal(report.valid, false);
  assert.equal(report.errors[0].code, "INVALID_JSON");
});

test("repeated keys in text are refused (one reading for text and files)", () => {
  const text = JSON.stringify(exampleProblem()).replace('"format":"ponte-problem/1"', '"format":"ponte-problem/1","format":"ponte-problem/1"');
  const report = ponte.validate(text);
  assert.equal(report.valid, false);
  assert.ok(report.errors.length >= 1);
});

test("zones outside this build's database are BAD_TIMEZONE with the reason", () => {
  const zones = ponte.supportedTimezones();
  assert.ok(zones.includes("Europe/Rome") && zones.includes("Europe/Paris") && zones.includes("Europe/Bucharest"));
  assert.ok(zones.includes("Europe/Kyiv") || zones.includes("Europe/Kiev"));
  assert.ok(!zones.includes("America/Lima"));
  const problem = exampleProblem();
  problem.network.timezone = "America/Lima";
  const report = ponte.validate(problem);
  const zoneError = report.errors.find((e) => e.path === "network.timezone");
  assert.equal(zoneError?.code, "BAD_TIMEZONE", JSON.stringify(report.errors));
  assert.match(zoneError.message, /WebAssembly build/);
  problem.network.timezone = "Europe/Paris";
  assert.equal(ponte.validate(problem).valid, true);
});

test("the zone filter of the build script is the one the crate documents", () => {
  const script = readFileSync(join(REPO, "scripts", "ci", "wasm"), "utf8");
  const zones = readFileSync(join(WASM_DIR, "src", "zones.rs"), "utf8");
  const fromScript = /DEFAULT_ZONE_FILTER='([^']+)'/.exec(script)?.[1];
  const fromCrate = /KEPT_ZONES_FILTER: &str = "([^"]+)"/.exec(zones)?.[1];
  assert.ok(fromScript);
  assert.equal(fromScript, fromCrate);
});

test("solve returns a complete plan of the example, and evaluate accepts it", () => {
  const result = ponte.solve(exampleProblem(), { iterations: 50, seed: 7 });
  assert.equal(result.solution.format, "ponte-solution/1");
  assert.equal(typeof result.iterations, "number");
  assert.ok(["iterations", "complete", "timeLimit", "cancelled"].includes(result.stopReason));
  assert.ok(result.elapsedMs >= 0);
  const listed = result.solution.assignments.length + result.solution.unassigned.length;
  assert.equal(listed, 1);
  const evaluation = ponte.evaluate(exampleProblem(), result.solution);
  assert.equal(evaluation.ok, true, JSON.stringify(evaluation.violations));
  assert.deepEqual(evaluation.cost.recomputed, result.solution.cost);
});

test("evaluate accepts the format's example solution and finds what is wrong with a broken one", () => {
  const good = ponte.evaluate(exampleProblem(), exampleSolution());
  assert.equal(good.ok, true, JSON.stringify(good.violations));
  assert.equal(good.cost.recomputed.total, 15300);
  const broken = exampleSolution();
  broken.assignments[0].start = "2026-12-07T07:00"; // before opening and availability
  broken.cost.total = 1;
  const bad = ponte.evaluate(JSON.stringify(exampleProblem()), JSON.stringify(broken));
  assert.equal(bad.ok, false);
  assert.equal(bad.feasible, false);
  assert.ok(bad.violations.some((v) => v.kind === "hard" && typeof v.rule === "number"));
  assert.ok(bad.violations.some((v) => v.kind === "cost"));
});

test("solve and evaluate refuse an invalid problem with INVALID_PROBLEM and every error", () => {
  const problem = exampleProblem();
  delete problem.horizon;
  problem.requests[0].office = "nowhere";
  const error = throwsPonte(assert, () => ponte.solve(problem, { iterations: 1 }), "INVALID_PROBLEM");
  assert.ok(error.errors.length >= 2);
  throwsPonte(assert, () => ponte.evaluate(problem, exampleSolution()), "INVALID_PROBLEM");
});

test("the same seed and iteration budget give the same plan", () => {
  const a = ponte.solve(exampleProblem(), { iterations: 200, seed: 42 });
  const b = ponte.solve(exampleProblem(), { iterations: 200, seed: 42n });
  assert.deepEqual(a.solution, b.solution);
  assert.equal(a.iterations, b.iterations);
});

test("onProgress is called with numbers; returning false stops; throwing is CALLBACK_FAILED", { skip: NO_SHARED }, () => {
  const dir = tempDir();
  const problem = readFileSync(generate("s", 3, dir), "utf8");
  const reports = [];
  const result = ponte.solve(problem, { iterations: 2000, seed: 1, onProgress: (p) => void reports.push(p) });
  if (result.iterations > 0) assert.ok(reports.length > 0, "no progress reported");
  for (const p of reports) {
    for (const key of ["iteration", "bestCost", "assigned", "unassigned", "elapsedMs"]) assert.equal(typeof p[key], "number", key);
  }
  if (reports.length > 0) {
    const stopped = ponte.solve(problem, { iterations: 2000, seed: 1, onProgress: () => false });
    assert.equal(stopped.stopReason, "cancelled");
    const boom = new RangeError("boom");
    const error = throwsPonte(assert, () => ponte.solve(problem, { iterations: 2000, onProgress: () => { throw boom; } }), "CALLBACK_FAILED");
    assert.equal(error.cause, boom);
  } else {
    console.log("notice: the solver reported no progress on s-3; cancellation not exercised");
  }
});

test("a time limit is honoured by the JS clock", { skip: NO_SHARED }, () => {
  const problem = readFileSync(generate("s", 5, tempDir()), "utf8");
  const started = performance.now();
  const result = ponte.solve(problem, { timeLimitMs: 300, seed: 2 });
  const wall = performance.now() - started;
  assert.ok(["timeLimit", "complete"].includes(result.stopReason), result.stopReason);
  assert.ok(wall < 300 + 2500, `took ${wall} ms`);
});

for (const [size, seed] of [["xs", 1], ["xs", 2], ["s", 1]]) {
  test(`generated ${size} seed ${seed}: validate, solve, evaluate, and ponte-check accepts the plan`, { skip: NO_SHARED }, () => {
    const dir = tempDir();
    const problemPath = generate(size, seed, dir);
    const problem = readFileSync(problemPath, "utf8");
    const report = ponte.validate(problem);
    assert.equal(report.valid, true, JSON.stringify(report.errors.slice(0, 5)));
    const result = ponte.solve(problem, { iterations: 300, seed });
    const parsed = JSON.parse(problem);
    const listed = new Set([...result.solution.assignments, ...result.solution.unassigned].map((x) => x.request));
    assert.equal(listed.size, parsed.requests.length);
    const evaluation = ponte.evaluate(problem, result.solution);
    assert.equal(evaluation.feasible, true, JSON.stringify(evaluation.violations.slice(0, 5)));
    const solutionPath = join(dir, "solution.json");
    writeFileSync(solutionPath, JSON.stringify(result.solution));
    const checked = check(problemPath, solutionPath);
    assert.equal(checked.status, 0, JSON.stringify(checked.report).slice(0, 2000));
  });
}

test("publicSnapshot of a plan, and freeSlots on it agree with freeSlotsInPlan", { skip: NO_SHARED }, () => {
  const problem = readFileSync(generate("xs", 3, tempDir()), "utf8");
  const { solution } = ponte.solve(problem, { iterations: 300, seed: 3 });
  const snapshot = ponte.publicSnapshot(problem, solution);
  assert.equal(snapshot.format, "ponte-availability/1");
  const text = JSON.stringify(snapshot);
  const parsed = JSON.parse(problem);
  for (const m of parsed.mediators) {
    if (m.name) assert.ok(!text.includes(`"${m.name}"`), `the snapshot names ${m.name}`);
  }
  assert.ok(snapshot.mediators.every((m) => /^M\d{3}$/.test(m.id)));
  const office = parsed.offices[0].id;
  const query = {
    office, languages: [parsed.mediators[0].languages[0].code], duration_minutes: 60,
    earliest: `${parsed.horizon.start}T00:00`, latest: `${parsed.horizon.end}T23:00`, modalities: ["in_person", "video", "phone"], limit: 1000,
  };
  const onSnapshot = ponte.freeSlots(snapshot, query);
  const onPlan = ponte.freeSlotsInPlan(problem, solution, query);
  assert.deepEqual(onSnapshot.map((o) => [o.start, o.end, o.language, o.modality, o.cost_increase]), onPlan.map((o) => [o.start, o.end, o.language, o.modality, o.cost_increase]));
  assert.deepEqual(ponte.freeSlots(JSON.stringify(snapshot), query), onSnapshot);
  const unsupported = throwsPonte(assert, () => ponte.freeSlots(snapshot, { ...query, case: "c-1" }), "UNSUPPORTED_ON_SNAPSHOT");
  assert.equal(unsupported.errors[0].path, "case");
  throwsPonte(assert, () => ponte.freeSlots({ ...snapshot, extra: true }, query), "INVALID_SNAPSHOT");
  throwsPonte(assert, () => ponte.freeSlots(snapshot, { ...query, durationMinutes: 60 }), "INVALID_ARGUMENT");
  throwsPonte(assert, () => ponte.freeSlots(snapshot, undefined), "INVALID_ARGUMENT");
  throwsPonte(assert, () => ponte.publicSnapshot(problem, { format: "ponte-solution/1" }), "INVALID_SOLUTION");
});
