// A tiny static file server for the browser tests: serves the repository
// root on 127.0.0.1 (a random free port), read-only, no directory listing.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** Starts the server; resolves to {url, close()}. */
export function serve(root, { log = false } = {}) {
  const base = normalize(root + sep);
  const server = createServer(async (request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
      const file = normalize(join(base, path));
      if (!file.startsWith(base) || file.split(sep).includes(".git")) throw Object.assign(new Error("forbidden"), { status: 403 });
      const info = await stat(file);
      if (!info.isFile()) throw Object.assign(new Error("not a file"), { status: 404 });
      const body = await readFile(file);
      response.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store" });
      response.end(body);
      if (log) console.log(200, path);
    } catch (error) {
      const status = error.status ?? (error.code === "ENOENT" ? 404 : 500);
      response.writeHead(status, { "Content-Type": "text/plain" });
      response.end(String(status));
      if (log) console.log(status, request.url);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}
