// A web app's entry with nothing bundler-specific: `init()` finds the .wasm itself.
import * as ipf from "image-preflight";
import { run } from "./cases.js";

window.preflight = run(ipf, () => ipf.init());
