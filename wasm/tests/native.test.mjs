// Cross-platform determinism: the same problem, seed and iteration budget
// give byte-identical plans natively, from WebAssembly in Node and from
// Python (the core takes no clock or randomness of its own; every float it
// uses comes from libm). Each plan is written as compact JSON in the
// order the core writes its keys, and the three texts must be equal.
//
// Native side: `cargo run --release --example ponte -- solve PROBLEM --out
// FILE --seed S --iterations N` (or the binary in $PONTE_NATIVE_BIN).
// Python side: the wheel in the repository's .venv (scripts/ci/python
// builds it; $PONTE_PYTHON names another interpreter). Instances come from
// ponte-gen (../shared); the bundled example week is always compared.
// Where ../shared is, each plan also passes ponte-check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { check, loadPonte, sharedDir, tempDir, REPO } from "./support/paths.mjs";

const ponte = loadPonte();

/** The native `ponte` example binary, built when needed; or why not. */
function nativeBinary() {
  if (process.env.PONTE_NATIVE === "0") return { skip: "PONTE_NATIVE=0: native comparison skipped" };
  if (process.env.PONTE_NATIVE_BIN) return { bin: process.env.PONTE_NATIVE_BIN };
  const build = spawnSync("cargo", ["build", "--release", "--quiet", "--example", "ponte"], { cwd: REPO, encoding: "utf8" });
  if (build.status !== 0) return { error: `cargo build --release --example ponte failed:\n${build.stderr}` };
  const bin = join(REPO, "target", "release", "examples", "ponte");
  return existsSync(bin) ? { bin } : { error: `${bin} missing after the build` };
}

/** The Python interpreter with the ponte wheel, or null (with a notice). */
function python() {
  const candidates = [process.env.PONTE_PYTHON, join(REPO, ".venv", "bin", "python")].filter(Boolean);
  for (const bin of candidates) {
    if (existsSync(bin) && spawnSync(bin, ["-c", "import ponte"]).status === 0) return bin;
  }
  console.log("notice: no Python with the ponte wheel (.venv, built by scripts/ci/python, or $PONTE_PYTHON): Python side skipped");
  return null;
}

// Plans are written by each side into files, one per case, so the
// interpreter starts once.
const PY_SOLVE = `
import json, sys, ponte
for line in open(sys.argv[1], encoding="utf-8"):
    problem_path, seed, iterations, out = line.rstrip("\\n").split("\\t")
    plan = ponte.load_problem(problem_path).solve(seed=int(seed), iterations=int(iterations), threads=1)
    with open(out, "w", encoding="utf-8") as f:
        f.write(json.dumps(plan.solution, ensure_ascii=False, separators=(",", ":")))
`;

/** Problems to compare: [name, path, seed, iterations]. */
function cases(dir) {
  const list = [["visconteo-week", join(REPO, "examples", "data", "visconteo-week.json"), 3, 400]];
  const shared = sharedDir();
  if (!shared) {
    console.log("notice: ../shared (or $PONTE_SHARED) is absent: only the bundled week is compared");
    return list;
  }
  const generated = [
    ["xs-1", ["--size", "xs", "--seed", "1"], 1, 300],
    ["xs-4", ["--size", "xs", "--seed", "4"], 9, 300],
    ["s-2", ["--size", "s", "--seed", "2"], 5, 200],
    ["s-5-dst", ["--size", "s", "--seed", "5", "--start", "2026-03-23", "--weeks", "2"], 2, 150],
    ["s-6-slot20", ["--size", "s", "--seed", "6", "--slot-minutes", "20"], 4, 150],
    ["m-1", ["--size", "m", "--seed", "1"], 1, 100],
    // Format 1.1 with every option: breaks, roles, fair shares, series, worked minutes, several windows.
    ["s-8-1.1", ["--size", "s", "--seed", "8", "--breaks", "--roles", "0.1", "--fair-shares", "--series", "0.1",
      "--worked", "--windows", "0.2", "--replan", "0.2"], 3, 150],
  ];
  for (const [name, args, seed, iterations] of generated) {
    const out = join(dir, `${name}.json`);
    execFileSync("python3", [join(shared, "tools", "gen", "ponte-gen"), ...args, "-o", out], { stdio: "pipe" });
    list.push([name, out, seed, iterations]);
  }
  return list;
}

test("same seed and iterations: byte-identical plans natively, in WebAssembly and in Python", (t) => {
  const native = nativeBinary();
  if (native.skip) return t.skip(native.skip);
  assert.ok(!native.error, native.error);
  const dir = tempDir();
  const all = cases(dir);
  const py = python();
  const pyJobs = [];
  for (const [name, problemPath, seed, iterations] of all) {
    pyJobs.push([problemPath, seed, iterations, join(dir, `python-${name}.json`)].join("\t"));
  }
  if (py) {
    const jobs = join(dir, "python-jobs.tsv");
    writeFileSync(jobs, pyJobs.join("\n") + "\n");
    const run = spawnSync(py, ["-c", PY_SOLVE, jobs], { encoding: "utf8" });
    assert.equal(run.status, 0, `Python solves failed: ${run.stderr}`);
  }
  for (const [name, problemPath, seed, iterations] of all) {
    const out = join(dir, `native-${name}.json`);
    const run = spawnSync(native.bin, ["solve", problemPath, "--out", out, "--seed", String(seed), "--iterations", String(iterations), "--threads", "1", "--quiet"], { encoding: "utf8" });
    assert.ok(existsSync(out), `native solve wrote nothing (exit ${run.status}): ${run.stderr}`);
    const nativeText = JSON.stringify(JSON.parse(readFileSync(out, "utf8")));
    const wasmText = JSON.stringify(ponte.solve(readFileSync(problemPath, "utf8"), { seed, iterations }).solution);
    assert.ok(JSON.parse(wasmText).assignments.length > 0, `${name}: an empty plan proves little`);
    assert.equal(wasmText, nativeText, `${name}: WebAssembly and native plans differ`);
    if (sharedDir()) {
      const checked = check(problemPath, out);
      assert.equal(checked.status, 0, `${name}: ponte-check refuses the plan: ${JSON.stringify(checked.report).slice(0, 2000)}`);
    }
    if (py) {
      const pythonText = readFileSync(join(dir, `python-${name}.json`), "utf8");
      assert.equal(pythonText, nativeText, `${name}: Python and native plans differ`);
    }
  }
});
