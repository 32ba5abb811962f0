#!/usr/bin/env node
// Writes the demo's public availability snapshot (snapshot.json), made the
// way a municipality would: a problem of the Ambito Visconteo Sud Milano
// (ponte-gen), a plan (Ponte's solver, fixed seed and iterations, so the
// output is deterministic), then the core's public snapshot of that plan
// (pseudonyms, no personal data). Needs scripts/ci/wasm --build and the
// shared tools (../shared beside the repository, or $PONTE_SHARED).
//
//   node examples/widget/make-snapshot.mjs [FIRST-MONDAY] [WEEKS] > examples/widget/snapshot.json

import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";

const start = process.argv[2] ?? "2026-11-30";
const weeks = process.argv[3] ?? "4";
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const shared = process.env.PONTE_SHARED ?? resolve(repo, "..", "shared");
const generator = join(shared, "tools", "gen", "ponte-gen");
if (!existsSync(generator)) throw new Error(`${generator} not found (set PONTE_SHARED)`);
const ponte = createRequire(import.meta.url)(join(repo, "wasm", "pkg-node", "ponte.js"));

const dir = mkdtempSync(join(tmpdir(), "ponte-demo-"));
try {
  const problemPath = join(dir, "problem.json");
  execFileSync(generator, ["--size", "s", "--seed", "1", "--weeks", weeks, "--start", start, "-o", problemPath]);
  const problem = readFileSync(problemPath, "utf8");
  const { solution } = ponte.solve(problem, { seed: 1, iterations: 3000 });
  const snapshot = ponte.publicSnapshot(problem, solution);
  process.stdout.write(JSON.stringify(snapshot) + "\n");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
