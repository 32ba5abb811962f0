// Runs every test file of wasm/tests: `node tests/run.mjs [node|browser]`.
// The files are found, not listed, so that no test file can be left out:
// those ending in `browser.test.mjs` drive Chromium and run one at a time
// (each launches its own browser); all other `*.test.mjs` files run in one
// `node --test` call. Without an argument both sets run. Used by `npm test`
// and by scripts/ci/wasm. The exit code is non-zero when any test fails.

import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

/** The test files of wasm/tests: `{node, browser}`, paths sorted. */
export function testFiles() {
  const all = readdirSync(HERE)
    .filter((f) => f.endsWith(".test.mjs"))
    .sort()
    .map((f) => join(HERE, f));
  return {
    node: all.filter((f) => !f.endsWith("browser.test.mjs")),
    browser: all.filter((f) => f.endsWith("browser.test.mjs")),
  };
}

function run(files, extra) {
  if (files.length === 0) return 0;
  const result = spawnSync(process.execPath, ["--test", ...extra, ...files], { stdio: "inherit" });
  return result.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const which = process.argv[2] ?? "all";
  if (!["all", "node", "browser"].includes(which)) {
    console.error(`usage: node tests/run.mjs [node|browser] (got ${which})`);
    process.exit(2);
  }
  const files = testFiles();
  let status = 0;
  if (which !== "browser") status ||= run(files.node, []);
  if (which !== "node") status = run(files.browser, ["--test-concurrency=1"]) || status;
  process.exit(status);
}
