// The plan report and the monitoring CSV from JavaScript (`reportHtml`,
// `monitoringCsv`), on the bundled Ambito Visconteo week solved with a
// small iteration budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { NO_SHARED, REPO, check, loadPonte, tempDir } from "./support/paths.mjs";
import { throwsPonte } from "./support/fixtures.mjs";

const ponte = loadPonte();
const problem = readFileSync(join(REPO, "examples", "data", "visconteo-week.json"), "utf8");
const { solution } = ponte.solve(problem, { iterations: 200, seed: 1 });
const mediators = JSON.parse(problem).mediators;

test("the reported plan passes ponte-check", { skip: NO_SHARED }, () => {
  const plan = join(tempDir(), "plan.json");
  writeFileSync(plan, JSON.stringify(solution));
  const checked = check(join(REPO, "examples", "data", "visconteo-week.json"), plan);
  assert.equal(checked.status, 0, JSON.stringify(checked.report).slice(0, 2000));
});

test("reportHtml writes one self-contained page listing the plan", () => {
  const page = ponte.reportHtml(problem, solution);
  assert.match(page, /^<!DOCTYPE html>/i);
  assert.ok(page.includes("<svg"));
  assert.ok(!/<script/i.test(page), "no script");
  assert.ok(!/(src|href)\s*=\s*["']?(https?:)?\/\//i.test(page), "no outside asset");
  for (const item of solution.unassigned) assert.ok(page.includes(item.request), item.request);
  for (const id of new Set(solution.assignments.map((a) => a.mediator))) assert.ok(page.includes(id), id);
  // The same page whether the plan comes as an object or as text.
  assert.equal(ponte.reportHtml(problem, JSON.stringify(solution)), page);
});

test("an anonymized report names no mediator", () => {
  const page = ponte.reportHtml(problem, solution, { anonymize: true, lang: "en", title: "Weekly plan" });
  assert.ok(page.includes("Weekly plan"));
  assert.ok(page.includes("M001"));
  for (const m of mediators) {
    assert.ok(!page.includes(`>${m.id}<`), m.id);
    if (m.name) assert.ok(!page.includes(m.name), "a mediator's name");
  }
});

test("monitoringCsv adds up to the plan", () => {
  const text = ponte.monitoringCsv(problem, solution);
  assert.equal(text[0], "\ufeff");
  assert.ok(text.includes("\r\n"));
  const rows = text.slice(1).split("\r\n").filter(Boolean).map((line) => line.split(";"));
  assert.deepEqual(rows[0].slice(0, 4), ["Tipo", "Comune", "Servizio", "Lingua"]);
  const requests = rows.filter((r) => r[0] === "richiesta");
  const sum = (column) => requests.reduce((total, r) => total + Number(r[column]), 0);
  // A request with roles (format 1.1) has one assignment entry per role and counts once.
  assert.equal(sum(4), new Set(solution.assignments.map((a) => a.request)).size);
  assert.equal(sum(5), solution.unassigned.length);
  const byMediator = ponte.monitoringCsv(problem, solution, { by: "mediator" });
  for (const id of new Set(solution.assignments.map((a) => a.mediator))) assert.ok(byMediator.includes(id), id);
});

test("bad options and plans are typed errors", () => {
  const cases = [
    [() => ponte.reportHtml(problem, solution, { lang: "fr" }), "INVALID_ARGUMENT", "options.lang"],
    [() => ponte.reportHtml(problem, solution, { anonymize: "yes" }), "INVALID_ARGUMENT", "options.anonymize"],
    [() => ponte.reportHtml(problem, solution, { title: 7 }), "INVALID_ARGUMENT", "options.title"],
    [() => ponte.reportHtml(problem, solution, { colour: 1 }), "INVALID_ARGUMENT", "options.colour"],
    [() => ponte.monitoringCsv(problem, solution, { by: "province" }), "INVALID_ARGUMENT", "options.by"],
    [() => ponte.reportHtml(problem, 42), "INVALID_ARGUMENT", "plan"],
  ];
  for (const [call, code, path] of cases) {
    const error = throwsPonte(assert, call, code);
    assert.equal(error.errors[0].path, path);
  }
  const other = structuredClone(solution);
  other.assignments[0].request = "no-such-request";
  assert.throws(() => ponte.reportHtml(problem, other), (e) => e.name === "PonteError" && typeof e.code === "string");
});
