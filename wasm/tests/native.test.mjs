// The wasm build and the native build give the same plan for the same seed
// and iteration budget (the core takes no clock or randomness of its own).
// Native side: `cargo run --release --example ponte -- solve PROBLEM --out
// FILE --seed S --iterations N` (or the binary in $PONTE_NATIVE_BIN).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { loadPonte, generate, tempDir, NO_SHARED, REPO } from "./support/paths.mjs";

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

/** Whether the binary has the `solve` subcommand with --out/--seed/--iterations. */
function hasSolve(bin) {
  const usage = spawnSync(bin, [], { encoding: "utf8" });
  const text = `${usage.stdout}\n${usage.stderr}`;
  return /\bsolve\b/.test(text) && /--seed/.test(text) && /--iterations/.test(text) && /--out/.test(text);
}

const CASES = [["xs", 1, 1, 300], ["xs", 4, 9, 300], ["s", 2, 5, 200]];

test("same seed and iterations: the wasm plan equals the native plan", { skip: NO_SHARED }, (t) => {
  const native = nativeBinary();
  if (native.skip) return t.skip(native.skip);
  assert.ok(!native.error, native.error);
  if (!hasSolve(native.bin)) {
    const notice = "the native `ponte solve PROBLEM --out FILE --seed S --iterations N` subcommand (examples/ponte.rs) is missing: comparison skipped";
    console.log(`notice: ${notice}`);
    return t.skip(notice);
  }
  const dir = tempDir();
  for (const [size, genSeed, seed, iterations] of CASES) {
    const problemPath = generate(size, genSeed, dir);
    const out = join(dir, `native-${size}-${genSeed}.json`);
    const run = spawnSync(native.bin, ["solve", problemPath, "--out", out, "--seed", String(seed), "--iterations", String(iterations)], { encoding: "utf8" });
    assert.ok(existsSync(out), `native solve wrote nothing (exit ${run.status}): ${run.stderr}`);
    const nativePlan = JSON.parse(readFileSync(out, "utf8"));
    const wasm = ponte.solve(readFileSync(problemPath, "utf8"), { seed, iterations });
    assert.deepEqual(wasm.solution, nativePlan, `${size} seed ${genSeed}: plans differ`);
  }
});
