// How the browser tests (and benches/wasm_browser.mjs) start Debian's
// Chromium headless: without the background-networking flags it hangs on
// this machine's closed network.

export const CHROMIUM = process.env.PONTE_CHROMIUM ?? "/usr/bin/chromium";

export const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
