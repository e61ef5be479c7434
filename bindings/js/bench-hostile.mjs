// The worst cases of issue 22 in Node: 1 M UTF-16 units of text built to be slow, checked once
// each against every text field of every provider (the name, description and family rules),
// with the build the loader picks (SIMD) or, with IPF_WASM=scalar, the scalar one. A benchmark,
// not a test: it prints figures for BENCHMARKS.md. Run after build.sh:
//   node bindings/js/bench-hostile.mjs
//   IPF_WASM=scalar node bindings/js/bench-hostile.mjs
import { check, rules } from "./node.js";

const UNITS = 1_000_000;
const cases = {
  "中 ": "中 ",
  "a b\\x01": "a b\u0001",
  "\\x01": "\u0001",
  "😀": "😀",
  "aé中😀한Ωж ": "aé中😀한Ωж ",
  "👨‍👩‍👧": "👨\u200D👩\u200D👧",
  "http://": "http://",
};
const fields = ["name", "description", "family"];
const providers = Object.keys(rules()); // every cloud of the tables
console.log(`build: ${process.env.IPF_WASM === "scalar" ? "scalar" : "SIMD"}; ${UNITS.toLocaleString("en")} UTF-16 units a value`);
for (const [label, piece] of Object.entries(cases)) {
  const value = piece.repeat(Math.ceil(UNITS / piece.length)).slice(0, UNITS - (UNITS % piece.length));
  let worst = 0;
  for (const provider of providers) {
    for (const field of fields) {
      const t0 = process.hrtime.bigint();
      check(provider, { [field]: value });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      worst = Math.max(worst, ms);
    }
  }
  console.log(`${JSON.stringify(label).padEnd(18)} worst of 9 checks: ${worst.toFixed(1)} ms`);
}
