// The npm package built into wasm/pkg: its package.json is complete (name,
// version, description, license, files, exports, types), `npm pack` packs
// what it names, and the tarball installed into a scratch project imports
// and runs from Node by the package's name.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { REPO, WASM_DIR, tempDir } from "./support/paths.mjs";

const PKG = join(WASM_DIR, "pkg");

function pkgJson() {
  const path = join(PKG, "package.json");
  if (!existsSync(path)) throw new Error(`${path} is missing: build it with scripts/ci/wasm --build`);
  return JSON.parse(readFileSync(path, "utf8"));
}

/** The workspace version of the crates (root Cargo.toml, [workspace.package]). */
function cargoVersion() {
  const text = readFileSync(join(REPO, "Cargo.toml"), "utf8");
  const section = text.split("[workspace.package]")[1] ?? "";
  const match = section.match(/^version\s*=\s*"([^"]+)"/m);
  assert.ok(match, "Cargo.toml has [workspace.package] version");
  return match[1];
}

test("wasm/pkg/package.json is the committed template and complete", () => {
  const pkg = pkgJson();
  assert.deepEqual(pkg, JSON.parse(readFileSync(join(WASM_DIR, "pkg.package.json"), "utf8")));
  for (const key of ["name", "version", "description", "license", "files", "exports", "types"]) {
    assert.ok(pkg[key], `package.json has ${key}`);
  }
  assert.equal(pkg.version, cargoVersion(), "the npm version is the crates' version");
  assert.equal(pkg.license, "EUPL-1.2");
  assert.equal(pkg.exports["."].types, "./ponte.d.ts");
  for (const file of pkg.files) assert.ok(existsSync(join(PKG, file)), `${file} (in files) is built`);
});

test("npm pack, install the tarball into a scratch project, import it from Node", () => {
  const pkg = pkgJson();
  const out = tempDir("ponte-pack-");
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: PKG, encoding: "utf8" }),
  );
  const names = packed[0].files.map((f) => f.path).sort();
  assert.deepEqual(names, [...pkg.files, "package.json"].sort(), "the tarball holds exactly the files named");
  const tarball = join(out, packed[0].filename);

  const project = tempDir("ponte-consumer-");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", tarball], { cwd: project, stdio: "pipe" });
  const script = `
    import { readFileSync } from "node:fs";
    import { createRequire } from "node:module";
    import init, * as ponte from ${JSON.stringify(pkg.name)};
    const require = createRequire(import.meta.url);
    const bytes = readFileSync(require.resolve(${JSON.stringify(`${pkg.name}/ponte_bg.wasm`)}));
    await init({ module_or_path: bytes });
    const problem = readFileSync(${JSON.stringify(join(REPO, "examples", "data", "visconteo-week.json"))}, "utf8");
    const checked = ponte.validate(problem);
    const { solution, stopReason } = ponte.solve(problem, { iterations: 20, seed: 1 });
    console.log(JSON.stringify({ version: ponte.version(), valid: checked.valid, stopReason,
      // A request with roles (format 1.1) has one entry per role: requests are counted once.
      listed: new Set(solution.assignments.map((a) => a.request)).size + solution.unassigned.length,
      requests: JSON.parse(problem).requests.length }));
  `;
  const result = JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: project, encoding: "utf8" }),
  );
  assert.equal(result.version, pkg.version);
  assert.equal(result.valid, true);
  assert.equal(result.stopReason, "iterations");
  assert.equal(result.listed, result.requests, "every request is assigned or unassigned");
});
