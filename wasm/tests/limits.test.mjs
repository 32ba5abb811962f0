// Size limits from JavaScript: `validate(problem, {limits})` and
// `solve(problem, {limits})` hold a problem to them; beyond one the errors
// are TOO_LARGE at the paths concerned; bad limits are INVALID_ARGUMENT.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import { NO_SHARED, check, loadPonte, tempDir } from "./support/paths.mjs";
import { exampleProblem, throwsPonte } from "./support/fixtures.mjs";

const ponte = loadPonte();

test("each entity limit holds at the document's size and not below", () => {
  const problem = exampleProblem();
  for (const [limit, list] of [["maxMediators", "mediators"], ["maxRequests", "requests"], ["maxOffices", "offices"]]) {
    const count = problem[list].length;
    assert.equal(ponte.validate(problem, { limits: { [limit]: count } }).valid, true, limit);
    const report = ponte.validate(problem, { limits: { [limit]: count - 1 } });
    assert.equal(report.valid, false);
    assert.deepEqual(report.errors.map((e) => [e.code, e.path]), [["TOO_LARGE", list]]);
  }
});

test("strings, nesting and text size are limited with paths", () => {
  const problem = exampleProblem();
  problem.mediators[0].name = "A".repeat(50);
  const strings = ponte.validate(problem, { limits: { maxStringChars: 49 } });
  assert.deepEqual(strings.errors.map((e) => [e.code, e.path]), [["TOO_LARGE", "mediators[0].name"]]);
  assert.equal(ponte.validate(problem, { limits: { maxStringChars: 50 } }).valid, true);

  const shallow = ponte.validate(problem, { limits: { maxDepth: 3 } });
  assert.equal(shallow.valid, false);
  assert.ok(shallow.errors.every((e) => e.code === "TOO_LARGE"));

  const text = JSON.stringify(problem);
  const bytes = new TextEncoder().encode(text).length;
  assert.equal(ponte.validate(text, { limits: { maxInputBytes: bytes } }).valid, true);
  assert.deepEqual(ponte.validate(text, { limits: { maxInputBytes: bytes - 1 } }).errors.map((e) => e.path), ["$"]);
});

test("solve refuses a problem beyond its limits and solves within them", () => {
  const problem = exampleProblem();
  const error = throwsPonte(assert, () => ponte.solve(problem, { iterations: 10, limits: { maxRequests: 0 } }), "INVALID_PROBLEM");
  assert.deepEqual(error.errors.map((e) => [e.code, e.path]), [["TOO_LARGE", "requests"]]);
  const result = ponte.solve(problem, { iterations: 10, limits: { maxRequests: 1 } });
  assert.equal(result.solution.format, "ponte-solution/1");
  if (!NO_SHARED) {
    const dir = tempDir();
    writeFileSync(join(dir, "problem.json"), JSON.stringify(problem));
    writeFileSync(join(dir, "plan.json"), JSON.stringify(result.solution));
    const checked = check(join(dir, "problem.json"), join(dir, "plan.json"));
    assert.equal(checked.status, 0, JSON.stringify(checked.report).slice(0, 2000));
  }
});

test("bad limits are INVALID_ARGUMENT with the option's path", () => {
  const problem = exampleProblem();
  const cases = [
    [{ limits: { maxColours: 1 } }, "options.limits.maxColours"],
    [{ limits: { max_requests: 1 } }, "options.limits.max_requests"],
    [{ limits: { maxRequests: -1 } }, "options.limits.maxRequests"],
    [{ limits: { maxRequests: 1.5 } }, "options.limits.maxRequests"],
    [{ limits: { maxRequests: "10" } }, "options.limits.maxRequests"],
    [{ limits: [1] }, "options.limits"],
    [{ limits: 7 }, "options.limits"],
    [{ colour: 1 }, "options.colour"],
    ["limits", "options"],
  ];
  for (const [options, path] of cases) {
    const error = throwsPonte(assert, () => ponte.validate(problem, options), "INVALID_ARGUMENT");
    assert.equal(error.errors[0].path, path, JSON.stringify(options));
  }
  const onSolve = throwsPonte(assert, () => ponte.solve(problem, { limits: { maxColours: 1 } }), "INVALID_ARGUMENT");
  assert.equal(onSolve.errors[0].path, "options.limits.maxColours");
});
