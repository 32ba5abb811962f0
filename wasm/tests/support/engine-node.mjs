// The widget module (wasm/pkg-widget, the web package the widget loads on
// residents' pages) started in Node, so that the widget's adapter
// (widget/slots.js) runs under Node in tests against the very module it
// loads in browsers. Node cannot fetch a file: URL, so init() gets the
// module's bytes; the adapter calls it again, which does nothing.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { WASM_DIR } from "./paths.mjs";

export const PKG_WIDGET = join(WASM_DIR, "pkg-widget", "ponte.js");
const WIDGET_WASM = join(WASM_DIR, "pkg-widget", "ponte_bg.wasm");
if (!existsSync(PKG_WIDGET) || !existsSync(WIDGET_WASM)) {
  throw new Error(`${PKG_WIDGET} is missing: build it with scripts/ci/wasm --build`);
}
const widget = await import(PKG_WIDGET);

export default async function init() {
  await widget.default({ module_or_path: readFileSync(WIDGET_WASM) });
}
await init();

export const { freeSlots, version, supportedTimezones } = widget;
/** Every export of the widget package (its namespace object). */
export const widgetExports = widget;
