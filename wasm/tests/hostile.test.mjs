// Hostile input: every call gives a typed PonteError or a report, never a
// bare string, a crash, a hang or a polluted prototype; the module keeps
// working afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";

import { loadPonte } from "./support/paths.mjs";
import { exampleProblem, exampleSolution, throwsPonte } from "./support/fixtures.mjs";

const ponte = loadPonte();
const MAX_INPUT_CHARS = 32 * 1024 * 1024;

const notDocuments = [
  ["undefined", undefined],
  ["null", null],
  ["a number", 42],
  ["NaN", NaN],
  ["a boolean", true],
  ["a function", () => 1],
  ["a symbol", Symbol("problem")],
  ["a BigInt", 10n],
];

for (const [name, value] of notDocuments) {
  test(`validate, solve and evaluate refuse ${name} with INVALID_ARGUMENT`, () => {
    const error = throwsPonte(assert, () => ponte.validate(value), "INVALID_ARGUMENT");
    assert.equal(error.errors[0].path, "problem");
    throwsPonte(assert, () => ponte.solve(value, { iterations: 1 }), "INVALID_ARGUMENT");
    throwsPonte(assert, () => ponte.evaluate(value, exampleSolution()), "INVALID_ARGUMENT");
    const onSolution = throwsPonte(assert, () => ponte.evaluate(exampleProblem(), value), "INVALID_ARGUMENT");
    assert.equal(onSolution.errors[0].path, "solution");
  });
}

test("JSON text that is not an object is an invalid problem, not a crash", () => {
  for (const text of ["null", "42", "\"text\"", "[]", "true", ""]) {
    const report = ponte.validate(text);
    assert.equal(report.valid, false, text);
    assert.ok(report.errors.length > 0);
  }
  throwsPonte(assert, () => ponte.solve("[]", { iterations: 1 }), "INVALID_PROBLEM");
});

test("arrays and other non-plain objects are invalid problems", () => {
  assert.equal(ponte.validate([1, 2, 3]).valid, false);
  assert.equal(ponte.validate(new Date(0)).valid, false);
  assert.equal(ponte.validate(new Map([["format", "ponte-problem/1"]])).valid, false);
});

test("a string over the size limit is INPUT_TOO_LARGE before it is copied", () => {
  const huge = "x".repeat(MAX_INPUT_CHARS + 1);
  const error = throwsPonte(assert, () => ponte.validate(huge), "INPUT_TOO_LARGE");
  assert.match(error.message, /at most/);
  throwsPonte(assert, () => ponte.solve(huge, { iterations: 1 }), "INPUT_TOO_LARGE");
  throwsPonte(assert, () => ponte.evaluate(exampleProblem(), huge), "INPUT_TOO_LARGE");
});

test("a large string under the limit is read and refused as JSON", () => {
  const big = "[" + "1,".repeat(2_000_000) + "]";
  const report = ponte.validate(big);
  assert.equal(report.valid, false);
  assert.equal(report.errors[0].code, "INVALID_JSON");
  const longId = exampleProblem();
  longId.requests[0].id = "r".repeat(1_000_000);
  assert.equal(ponte.validate(longId).valid, false);
});

test("deep nesting is refused as INVALID_JSON, without exhausting the stack", () => {
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  const report = ponte.validate(deep);
  assert.equal(report.valid, false);
  assert.equal(report.errors[0].code, "INVALID_JSON");
  const deepObject = JSON.parse("{\"a\":".repeat(5000) + "1" + "}".repeat(5000));
  const nested = exampleProblem();
  nested.weights = deepObject;
  // JSON.stringify itself may run out of stack on so deep an object: then
  // it is a typed INVALID_ARGUMENT; otherwise the core refuses the text.
  try {
    assert.equal(ponte.validate(nested).valid, false);
  } catch (error) {
    assert.equal(error.name, "PonteError");
    assert.equal(error.code, "INVALID_ARGUMENT");
  }
});

test("__proto__ keys are plain unknown fields and pollute nothing", () => {
  const text = JSON.stringify(exampleProblem()).replace("{", '{"__proto__":{"polluted":true},');
  const report = ponte.validate(text);
  assert.equal(report.valid, false);
  assert.ok(report.errors.some((e) => e.path.includes("__proto__")), JSON.stringify(report.errors));
  const parsed = JSON.parse(text); // an own "__proto__" property
  assert.equal(ponte.validate(parsed).valid, false);
  const nested = exampleProblem();
  nested.requests[0] = JSON.parse(JSON.stringify(nested.requests[0]).replace("{", '{"__proto__":{"locked":true},'));
  assert.equal(ponte.validate(nested).valid, false);
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.locked, undefined);
  throwsPonte(assert, () => ponte.solve(text, { iterations: 1 }), "INVALID_PROBLEM");
});

test("values JSON.stringify cannot write are INVALID_ARGUMENT with the cause", () => {
  const cyclic = exampleProblem();
  cyclic.self = cyclic;
  const error = throwsPonte(assert, () => ponte.validate(cyclic), "INVALID_ARGUMENT");
  assert.ok(error.cause instanceof TypeError);
  const withBigInt = exampleProblem();
  withBigInt.requests[0].duration_minutes = 60n;
  throwsPonte(assert, () => ponte.validate(withBigInt), "INVALID_ARGUMENT");
  const throwing = { toJSON() { throw new Error("no"); } };
  throwsPonte(assert, () => ponte.validate(throwing), "INVALID_ARGUMENT");
});

test("numbers JSON cannot hold and lone surrogates give reports, not crashes", () => {
  const problem = exampleProblem();
  problem.requests[0].duration_minutes = Infinity; // written as null
  assert.equal(ponte.validate(problem).valid, false);
  problem.requests[0].duration_minutes = 1e300;
  assert.equal(ponte.validate(problem).valid, false);
  problem.requests[0].duration_minutes = 60.5;
  assert.equal(ponte.validate(problem).valid, false);
  const surrogate = exampleProblem();
  surrogate.requests[0].id = "r-\ud800";
  const report = ponte.validate(surrogate);
  assert.equal(typeof report.valid, "boolean");
  assert.equal(typeof ponte.validate('{"format":"\ud800"}').valid, "boolean");
});

const badOptions = [
  [5, "options"],
  ["fast", "options"],
  [[1], "options"],
  [{ seed: -1 }, "options.seed"],
  [{ seed: 1.5 }, "options.seed"],
  [{ seed: 2 ** 60 }, "options.seed"],
  [{ seed: -1n }, "options.seed"],
  [{ seed: 2n ** 64n }, "options.seed"],
  [{ iterations: "10" }, "options.iterations"],
  [{ iterations: NaN }, "options.iterations"],
  [{ timeLimitMs: -5 }, "options.timeLimitMs"],
  [{ timeLimitMs: Infinity }, "options.timeLimitMs"],
  [{ onProgress: 5 }, "options.onProgress"],
  [{ timelimit: 100 }, "options.timelimit"],
  [JSON.parse('{"__proto__": {"seed": 1}}'), "options.__proto__"],
];

for (const [options, path] of badOptions) {
  test(`solve refuses options ${String(JSON.stringify(options, (k, v) => (typeof v === "bigint" ? `${v}n` : v)))} at ${path}`, () => {
    const error = throwsPonte(assert, () => ponte.solve(exampleProblem(), options), "INVALID_ARGUMENT");
    assert.equal(error.errors[0].path, path);
  });
}

test("options with a throwing getter are INVALID_ARGUMENT", () => {
  const options = {};
  Object.defineProperty(options, "seed", { enumerable: true, get() { throw new Error("getter"); } });
  throwsPonte(assert, () => ponte.solve(exampleProblem(), options), "INVALID_ARGUMENT");
});

test("evaluate refuses a solution that is not JSON with INVALID_JSON and reads a malformed one as violations", () => {
  throwsPonte(assert, () => ponte.evaluate(exampleProblem(), "{"), "INVALID_JSON");
  const report = ponte.evaluate(exampleProblem(), { format: "nope", assignments: 3 });
  assert.equal(report.ok, false);
  assert.ok(report.violations.length > 0);
  const empty = ponte.evaluate(exampleProblem(), {});
  assert.equal(empty.ok, false);
});

test("the module still works after all of the above", () => {
  assert.equal(ponte.validate(exampleProblem()).valid, true);
  assert.equal(ponte.evaluate(exampleProblem(), exampleSolution()).ok, true);
});
