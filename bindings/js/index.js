// image-preflight for browsers (`<script type="module">`, no bundler) and bundlers: call
// `await init()` once before anything else. Node's entry (node.js) loads the module on import.
import initWasm from "./wasm/image_preflight_wasm.js";
import { attach, loaded } from "./engine.js";

export { check, checkMany, checkDelete, share, planShare, rules, bindInput } from "./core.js";

let loading = null;

/**
 * Loads the WebAssembly module, once; later calls return the same promise. `input` is where the
 * .wasm is (a URL, a Response, bytes or a WebAssembly.Module); by default the file beside this
 * module, found through `import.meta.url` (webpack 5 emits it as an asset; with esbuild, copy it
 * beside the bundle or pass its URL: docs/javascript.md).
 */
export function init(input) {
  if (loaded()) return Promise.resolve();
  loading ??= initWasm(
    input === undefined ? { module_or_path: new URL("./wasm/image_preflight_wasm_bg.wasm", import.meta.url) } : { module_or_path: input },
  ).then(attach, (e) => {
    loading = null; // a failed load (offline, wrong path) may be retried
    throw e;
  });
  return loading;
}
