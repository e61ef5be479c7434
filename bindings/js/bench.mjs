// Speed of the package in Node, beside the regular expression a form would use instead (the
// rule export's pattern, compiled as the HTML `pattern` attribute compiles it). A benchmark,
// not a test: it prints figures for BENCHMARKS.md. Run after build.sh:
//   node bindings/js/bench.mjs
import { check, checkMany, rules } from "./node.js";

const provider = "alibaba";
const pattern = new RegExp(`^(?:${rules(provider)[provider].modify.name.pattern})$`, "v");

/** A valid 64-character name, different for each i (a form sees a new value per keystroke). */
function name(i) {
  return `web-base-${String(i).padStart(8, "0")}-`.padEnd(64, "abcdefghij0123456789.:_-");
}

function nsPer(run, n) {
  const times = [];
  for (let round = 0; round < 7; round++) {
    const t0 = process.hrtime.bigint();
    run(n);
    times.push(Number(process.hrtime.bigint() - t0) / n);
  }
  times.sort((a, b) => a - b);
  return times[3]; // the median of seven rounds
}

const N = 200_000;
const names = Array.from({ length: N }, (_, i) => name(i));
if (names.some((n) => n.length !== 64 || !pattern.test(n) || !check(provider, { name: n }).valid)) {
  throw new Error("the benchmark's names must all be valid 64-character names");
}
let sink = 0;
// Warm up both, so the JIT has compiled each before it is measured.
for (let i = 0; i < 50_000; i++) sink += pattern.test(names[i]) ? 1 : 0;
for (let i = 0; i < 50_000; i++) sink += check(provider, { name: names[i] }).valid ? 1 : 0;

const regexOne = nsPer((n) => { for (let i = 0; i < n; i++) sink += pattern.test(names[i]) ? 1 : 0; }, N);
const checkOne = nsPer((n) => { for (let i = 0; i < n; i++) sink += check(provider, { name: names[i] }).valid ? 1 : 0; }, N);

const batch = names.slice(0, 100_000);
const regexMany = nsPer(() => { let ok = 0; for (const n of batch) ok += pattern.test(n) ? 1 : 0; sink += ok; }, 1) / 1e6;
const checkManyMs = nsPer(() => { sink += checkMany(provider, "name", batch).length; }, 1) / 1e6;

const invalid = "aliyun-" + "x".repeat(57);
const checkInvalid = nsPer((n) => { for (let i = 0; i < n; i++) sink += check(provider, { name: invalid }).valid ? 1 : 0; }, 20_000);

console.log(`node ${process.version}, ${process.arch}; alibaba/modify/name/latest; median of 7 rounds`);
console.log(`check, valid 64-char name:     ${checkOne.toFixed(0)} ns   RegExp.test of the pattern: ${regexOne.toFixed(0)} ns   ratio ${(checkOne / regexOne).toFixed(2)} (goal <= 2)`);
console.log(`checkMany, 100,000 names:      ${checkManyMs.toFixed(1)} ms   RegExp.test over the same:  ${regexMany.toFixed(1)} ms   ratio ${(checkManyMs / regexMany).toFixed(2)} (goal < 1)`);
console.log(`check, invalid 64-char name (full report, message, span): ${(checkInvalid / 1000).toFixed(2)} µs`);
if (sink === 0.5) console.log(sink);
