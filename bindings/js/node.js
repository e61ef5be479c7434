// image-preflight for Node (selected by the "node" condition of package.json's exports): the
// WebAssembly module is read and compiled on import, so every function works at once; `init()`
// is still there, for code shared with browsers.
import { readFileSync } from "node:fs";
import { initSync } from "./wasm/image_preflight_wasm.js";
import { attach, simd } from "./engine.js";

export { check, checkMany, checkDelete, share, planShare, rules, bindInput } from "./core.js";

// The SIMD build, or the scalar one where the engine has no SIMD (IPF_WASM=scalar forces it,
// so that the tests can run the scalar build on an engine with SIMD).
const file = simd() && process.env.IPF_WASM !== "scalar" ? "image_preflight_wasm_bg.wasm" : "image_preflight_wasm_scalar_bg.wasm";
attach(initSync({ module: readFileSync(new URL(`./wasm/${file}`, import.meta.url)) }));

/** Already loaded in Node: resolves at once. */
export function init() {
  return Promise.resolve();
}
