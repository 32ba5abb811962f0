// The browser tests' shared setup: why they must be skipped (Chromium,
// playwright-core or a built file missing), and one Chromium profile per
// test file, launched as support/chromium.mjs says, in Italian and the
// Rome time zone unless told otherwise.

import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";

import { CHROMIUM, FLAGS } from "./chromium.mjs";
import { WASM_DIR, tempDir } from "./paths.mjs";

/**
 * Why the browser tests of a file are skipped (false when nothing is
 * missing), printed as a notice. `needs` lists more `[path, how to get it]`.
 */
export function browserSkip(needs = []) {
  const missing = [
    [CHROMIUM, "apt-get install chromium"],
    [join(WASM_DIR, "node_modules", "playwright-core"), "npm ci in wasm/"],
    ...needs,
  ]
    .filter(([path]) => !existsSync(path))
    .map(([path, how]) => `${path} (${how})`);
  const skip = missing.length ? `browser tests skipped: missing ${missing.join(", ")}` : false;
  if (skip) console.log(`notice: ${skip}`);
  return skip;
}

/**
 * A fresh Chromium profile with playwright-core: `{context, close}`.
 * `options` are playwright's launchPersistentContext options (viewport,
 * javaScriptEnabled...).
 */
export async function launchBrowser(options = {}) {
  const { chromium } = await import("playwright-core");
  const profile = tempDir("ponte-chromium-");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: "it-IT",
    timezoneId: "Europe/Rome",
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
