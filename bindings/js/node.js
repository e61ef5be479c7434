// image-preflight for Node (selected by the "node" condition of package.json's exports): the
// WebAssembly module is read and compiled on import, so every function works at once; `init()`
// is still there, for code shared with browsers.
import { readFileSync } from "node:fs";
import { initSync } from "./wasm/image_preflight_wasm.js";
import { attach } from "./engine.js";

export { check, checkMany, checkDelete, share, planShare, rules, bindInput } from "./core.js";

attach(initSync({ module: readFileSync(new URL("./wasm/image_preflight_wasm_bg.wasm", import.meta.url)) }));

/** Already loaded in Node: resolves at once. */
export function init() {
  return Promise.resolve();
}
