// The Node package (wasm/pkg-node) in the shape of the web package, so that
// the widget's adapter (widget/slots.js) runs under Node in tests.
import { createRequire } from "node:module";

const ponte = createRequire(import.meta.url)("../../pkg-node/ponte.js");

export default async function init() {}
export const { freeSlots, version, validate } = ponte;
