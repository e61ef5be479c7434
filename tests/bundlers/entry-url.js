// The esbuild way with the `file` loader for .wasm: import the package's exported .wasm as a
// URL (esbuild copies it into the output folder) and pass that URL to `init`.
import * as ipf from "image-preflight";
import wasmUrl from "image-preflight/image_preflight.wasm";
import { run } from "./cases.js";

window.preflight = run(ipf, () => ipf.init(new URL(wasmUrl, import.meta.url)));
