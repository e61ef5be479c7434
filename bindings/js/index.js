// image-preflight for browsers (`<script type="module">`, no bundler) and bundlers: call
// `await init()` once before anything else. Node's entry (node.js) loads the module on import.
import initWasm from "./wasm/image_preflight_wasm.js";
import { attach, loaded, simd } from "./engine.js";

export { check, checkMany, checkDelete, share, planShare, rules, bindInput } from "./core.js";

let loading = null;

/** The .wasm beside this module for this engine: the SIMD build, or the scalar one where the
 * engine has no SIMD (each expression is written out whole, so that bundlers see both files). */
function defaultWasm() {
  return simd()
    ? new URL("./wasm/image_preflight_wasm_bg.wasm", import.meta.url)
    : new URL("./wasm/image_preflight_wasm_scalar_bg.wasm", import.meta.url);
}

/**
 * Loads the WebAssembly module, once; later calls return the same promise. `input` is where the
 * .wasm is (a URL, a Response, bytes or a WebAssembly.Module); by default the file beside this
 * module for this engine (the SIMD build, or the scalar one where the engine has no SIMD), found
 * through `import.meta.url` (webpack 5 emits both as assets; with esbuild, copy them beside the
 * bundle or pass a URL: docs/javascript.md).
 */
export function init(input) {
  if (loaded()) return Promise.resolve();
  loading ??= initWasm({ module_or_path: input === undefined ? defaultWasm() : input }).then(attach, (e) => {
    loading = null; // a failed load (offline, wrong path) may be retried
    throw e;
  });
  return loading;
}
