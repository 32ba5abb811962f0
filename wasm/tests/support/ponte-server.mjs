// The real booking service for the browser tests: the `ponte-server`
// binary (env PONTE_SERVER_BIN, else target/release/ponte-server, built by
// scripts/ci/wasm), on a free loopback port, with a fresh data folder.

import { spawn, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

import { REPO, WASM_DIR, tempDir } from "./paths.mjs";

export const SERVER_BIN = process.env.PONTE_SERVER_BIN ?? join(REPO, "target", "release", "ponte-server");

/** A free TCP port on 127.0.0.1 (kept across restarts of the service). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Runs a one-shot subcommand (import, export); returns its stderr and stdout. */
export function run(args) {
  return execFileSync(SERVER_BIN, args, { stdio: "pipe", timeout: 120000 }).toString();
}

/** A fresh data folder with the example week imported as network `visconteo`. */
export function importVisconteo() {
  const data = tempDir("ponte-server-data-");
  run(["import", "--data", data, "--network", "visconteo", join(REPO, "examples", "data", "visconteo-week.json")]);
  return data;
}

/**
 * Starts `serve` on `port` with `data`, serving wasm/widget at /widget/:
 * resolves to {url, stop()} once it listens. `holdSeconds` shortens holds;
 * `now` (RFC 3339 with offset) sets the service's clock (--now).
 */
export async function startService({ data, port, holdSeconds, now }) {
  const args = ["serve", "--data", data, "--listen", `127.0.0.1:${port}`, "--widget-dir", join(WASM_DIR, "widget"), "--rate-per-second", "0", "--sweep-seconds", "1"];
  if (holdSeconds) args.push("--hold-seconds", String(holdSeconds));
  if (now) args.push("--now", now);
  const child = spawn(SERVER_BIN, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ponte-server did not start in 30 s:\n${output}`)), 30000);
    const look = (chunk) => {
      output += chunk;
      if (output.includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", look);
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`ponte-server exited (${code}):\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Why the service tests are skipped (false when the binary is there); a failure under CI. */
export function serverSkip() {
  if (existsSync(SERVER_BIN)) return false;
  const why = `${SERVER_BIN} is missing (cargo build --release -p ponte-server, or set PONTE_SERVER_BIN)`;
  if (process.env.CI === "true") throw new Error(why);
  console.log(`notice: booking service browser tests skipped: ${why}`);
  return why;
}
