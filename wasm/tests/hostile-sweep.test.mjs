// Every export, every argument, every hostile value: undefined, null, wrong
// types, NaN, BigInt, symbols, functions, huge strings, lone surrogates,
// prototype-polluting keys, cyclic objects, throwing getters and proxies.
// Each call either answers or throws an Error named PonteError with a
// code and errors (code, path, message); nothing else escapes, no
// prototype is polluted, and the module keeps working afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";

import { loadPonte } from "./support/paths.mjs";
import { exampleProblem, exampleSolution } from "./support/fixtures.mjs";

const ponte = loadPonte();

function cyclic() {
  const value = exampleProblem();
  value.self = value;
  return value;
}

function throwingGetter() {
  const value = {};
  Object.defineProperty(value, "format", { enumerable: true, get() { throw new Error("getter"); } });
  return value;
}

const HOSTILE = [
  ["undefined", undefined],
  ["null", null],
  ["a number", 42],
  ["NaN", NaN],
  ["-Infinity", -Infinity],
  ["a BigInt", 2n ** 70n],
  ["a boolean", false],
  ["a symbol", Symbol("x")],
  ["a function", () => 1],
  ["an array", [1, "two", null]],
  ["a Date", new Date(0)],
  ["a Map", new Map([["format", "ponte-problem/1"]])],
  ["an empty string", ""],
  ["a lone surrogate", "\ud800"],
  ["JSON with a lone surrogate", '{"format": "\ud800"}'],
  ["a huge string", "x".repeat(40 * 1024 * 1024)],
  ["deep JSON text", "[".repeat(50_000) + "]".repeat(50_000)],
  ["__proto__ JSON", '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'],
  ["an own __proto__ key", JSON.parse('{"__proto__": {"polluted": true}}')],
  ["a cyclic object", cyclic()],
  ["a throwing getter", throwingGetter()],
  ["a throwing proxy", new Proxy({}, { ownKeys() { throw new Error("trap"); }, get() { throw new Error("trap"); } })],
  ["an object with toJSON that throws", { toJSON() { throw new Error("no"); } }],
  ["an empty object", {}],
];

const problem = exampleProblem();
const plan = exampleSolution();
const snapshot = ponte.publicSnapshot(problem, plan);
const query = { office: "rozzano-sportello", languages: ["ar"], duration_minutes: 60, earliest: "2026-12-07T09:00", latest: "2026-12-11T12:30" };
const choice = { mediator: "m-amina", start: "2026-12-07T10:00" };

// Each entry point with the index of the argument the hostile value takes.
const CALLS = [
  ["validate", [problem, undefined], [0, 1]],
  ["solve", [problem, { iterations: 1 }], [0, 1]],
  ["evaluate", [problem, plan], [0, 1]],
  ["freeSlots", [snapshot, query], [0, 1]],
  ["freeSlotsInPlan", [problem, plan, query], [0, 1, 2]],
  ["publicSnapshot", [problem, plan], [0, 1]],
  ["book", [problem, plan, "r-001", choice], [0, 1, 2, 3]],
  ["cancel", [problem, plan, "r-001"], [0, 1, 2]],
  ["lock", [problem, plan, "r-001"], [0, 1, 2]],
  ["replan", [problem, plan, { iterations: 1 }], [0, 1, 2]],
  ["explain", [problem, plan, undefined], [0, 1, 2]],
  ["reportHtml", [problem, plan, undefined], [0, 1, 2]],
  ["monitoringCsv", [problem, plan, undefined], [0, 1, 2]],
];

test("every export answers every hostile value in every argument with a PonteError or an answer", () => {
  const escaped = [];
  let typed = 0;
  for (const [name, args, positions] of CALLS) {
    for (const position of positions) {
      for (const [label, value] of HOSTILE) {
        const call = args.slice();
        call[position] = value;
        try {
          ponte[name](...call);
        } catch (error) {
          if (error?.name === "PonteError" && typeof error.code === "string" && Array.isArray(error.errors)
              && error.errors.length > 0 && error.errors.every((e) => typeof e.path === "string" && typeof e.message === "string")) {
            typed += 1;
          } else {
            escaped.push(`${name} argument ${position} = ${label}: ${error?.name}: ${String(error?.message).slice(0, 120)}`);
          }
        }
      }
    }
  }
  assert.deepEqual(escaped, []);
  assert.ok(typed > 300, `most hostile calls are refused (${typed})`);
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.polluted, undefined);
});

test("the module still works after the sweep", () => {
  assert.equal(ponte.validate(problem).valid, true);
  assert.equal(ponte.evaluate(problem, plan).ok, true);
  assert.equal(ponte.solve(problem, { iterations: 10 }).solution.format, "ponte-solution/1");
});
