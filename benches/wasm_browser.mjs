// Benchmark (not a test) of the WebAssembly package in headless Chromium:
// free-slot search on a size m public snapshot, and solving size m with a
// fixed iteration budget, against the native solve of the same instance.
//
//   bash scripts/ci/wasm --build                      # wasm/pkg
//   ../shared/tools/gen/ponte-gen --size m --seed 1 -o target/bench-m1.json
//   node benches/wasm_browser.mjs target/bench-m1.json
//
// Prints median times over several runs. Serves the repository on
// 127.0.0.1 only; Chromium is Debian's /usr/bin/chromium.

import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { serve } from "../wasm/tests/support/server.mjs";
import { CHROMIUM, FLAGS } from "../wasm/tests/support/chromium.mjs";

const REPO = resolve(new URL("..", import.meta.url).pathname);
const require = createRequire(join(REPO, "wasm", "package.json"));
const { chromium } = require("playwright-core");
const problemPath = process.argv[2] ?? join(REPO, "target", "bench-m1.json");
const problem = readFileSync(problemPath, "utf8");
const ITERATIONS = 2000;

// Native: the same solve with the example binary (release).
execFileSync("cargo", ["build", "--quiet", "--release", "--example", "ponte"], { cwd: REPO, stdio: "inherit" });
const nativeRuns = [];
for (let i = 0; i < 3; i++) {
  const run = spawnSync(join(REPO, "target", "release", "examples", "ponte"), ["solve", problemPath, "--out", join(tmpdir(), "bench-native.json"), "--iterations", String(ITERATIONS), "--quiet"], { cwd: REPO });
  const out = run.stderr.toString();
  // The summary line: "... N iterations in S s (...)", timed from after loading.
  nativeRuns.push(1000 * Number(/in ([0-9.]+) s/.exec(out)?.[1] ?? NaN));
}
const nativeMs = nativeRuns.sort((a, b) => a - b)[1];
const nativeCost = JSON.parse(readFileSync(join(tmpdir(), "bench-native.json"), "utf8")).cost.total;

const server = await serve(REPO);
const profile = mkdtempSync(join(tmpdir(), "ponte-bench-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: FLAGS,
});
const page = await context.newPage();
await page.goto(`${server.url}/benches/wasm_browser.html`);
const result = await page.evaluate(async ({ problem, iterations }) => {
  const ponte = await import("/wasm/pkg/ponte.js");
  await ponte.default();
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const solveTimes = [];
  let plan;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    plan = ponte.solve(problem, { seed: 1, iterations }).solution;
    solveTimes.push(performance.now() - t);
  }
  const snapshot = ponte.publicSnapshot(problem, plan);
  const doc = JSON.parse(problem);
  const queries = doc.requests.filter((r) => r.earliest && !r.mediator_gender).slice(0, 20).map((r) => ({
    office: r.office, languages: r.languages, duration_minutes: r.duration_minutes,
    earliest: r.earliest, latest: r.latest, ...(r.modalities ? { modalities: r.modalities } : {}), limit: 20,
  }));
  const slotTimes = [];
  let options = 0;
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const t = performance.now();
      options += ponte.freeSlots(snapshot, q).length;
      slotTimes.push(performance.now() - t);
    }
  }
  return { solveMs: median(solveTimes), slotMs: median(slotTimes), slotMax: Math.max(...slotTimes), queries: queries.length, options, cost: plan.cost.total };
}, { problem, iterations: ITERATIONS });
await context.close();
await server.close();
rmSync(profile, { recursive: true, force: true });
const wasm = readFileSync(join(REPO, "wasm", "pkg", "ponte_bg.wasm"));
const gzip = execFileSync("gzip", ["-9c"], { input: wasm }).length;
console.log(`module: ${wasm.length} B raw, ${gzip} B gzip -9`);
console.log(`free slots on the size m snapshot in Chromium: median ${result.slotMs.toFixed(2)} ms, max ${result.slotMax.toFixed(2)} ms (${result.queries} queries x 3, ${result.options} options)`);
console.log(`solve size m, ${ITERATIONS} iterations: Chromium median ${result.solveMs.toFixed(0)} ms (incl. validation), native median ${nativeMs.toFixed(0)} ms (after loading); cost ${result.cost} in Chromium, ${nativeCost} native${result.cost === nativeCost ? " (same plan cost)" : " (DIFFERENT)"}`);
