// Where things are: the repository, the built packages, the shared tools.

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";

export const WASM_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const REPO = resolve(WASM_DIR, "..");
export const PKG_NODE = join(WASM_DIR, "pkg-node", "ponte.js");

/** The built Node package (wasm/pkg-node), or a clear failure. */
export function loadPonte() {
  if (!existsSync(PKG_NODE)) {
    throw new Error(`${PKG_NODE} is missing: build it with scripts/ci/wasm --build`);
  }
  return createRequire(import.meta.url)(PKG_NODE);
}

/** The shared folder (env PONTE_SHARED, else ../shared beside the repository), or null. */
export function sharedDir() {
  const candidates = [process.env.PONTE_SHARED, resolve(REPO, "..", "shared")].filter(Boolean);
  return candidates.find((dir) => existsSync(join(dir, "tools", "ponte-check"))) ?? null;
}

/** Whether this is a CI run: `CI` set to anything but empty, `0` or `false`. */
export const IN_CI = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

const SHARED = sharedDir();
/**
 * Why tests that need the shared tools are skipped (false when present).
 * Under CI their absence is a failure: the test file stops here.
 */
export const NO_SHARED = SHARED
  ? false
  : "../shared (or $PONTE_SHARED) with tools/ponte-check is absent: checker and generator tests skipped";
if (NO_SHARED && IN_CI) {
  throw new Error(`CI is set, so a missing shared tool is a failure: ${NO_SHARED}`);
}
if (NO_SHARED) console.log(`notice: ${NO_SHARED}`);

const made = [];
process.on("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(prefix = "ponte-wasm-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Generates a problem with ponte-gen; returns its path. */
export function generate(size, seed, dir = tempDir()) {
  const out = join(dir, `${size}-${seed}.json`);
  execFileSync(join(SHARED, "tools", "gen", "ponte-gen"), ["--size", size, "--seed", String(seed), "-o", out], { stdio: "pipe" });
  return out;
}

/** Runs ponte-check on a problem and a solution file: {status, report}. */
export function check(problemPath, solutionPath) {
  try {
    const out = execFileSync(join(SHARED, "tools", "ponte-check"), [problemPath, solutionPath, "--json"], { stdio: "pipe" });
    return { status: 0, report: JSON.parse(out.toString()) };
  } catch (error) {
    let report = null;
    try {
      report = JSON.parse(error.stdout?.toString() ?? "");
    } catch {
      report = error.stdout?.toString() ?? String(error);
    }
    return { status: error.status ?? -1, report };
  }
}
