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

/** The median and the best of seven rounds, in ns per `n`. */
function nsPer(run, n) {
  const times = [];
  for (let round = 0; round < 7; round++) {
    const t0 = process.hrtime.bigint();
    run(n);
    times.push(Number(process.hrtime.bigint() - t0) / n);
  }
  times.sort((a, b) => a - b);
  return { median: times[3], best: times[0] };
}

const fmt = (t, unit = 1, digits = 0) => `${(t.median / unit).toFixed(digits)} (best ${(t.best / unit).toFixed(digits)})`;
const ratio = (a, b) => `${(a.median / b.median).toFixed(2)} (best ${(a.best / b.best).toFixed(2)})`;

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
const regexMany = nsPer(() => { let ok = 0; for (const n of batch) ok += pattern.test(n) ? 1 : 0; sink += ok; }, 1);
const checkManyTime = nsPer(() => { sink += checkMany(provider, "name", batch).length; }, 1);

// Not the goal's case, to show where the batch stands with text that is not ASCII: names of 12
// to 31 characters, most of them Chinese.
const han = "镜像名称测试中文字符服务器基础云计算平台";
const chinese = Array.from({ length: 100_000 }, (_, i) => `web-${String(i).padStart(6, "0")}-${han}`.slice(0, 12 + (i % 20)));
if (chinese.some((n) => !pattern.test(n)) || checkMany(provider, "name", chinese).some((r) => !r.valid)) {
  throw new Error("the benchmark's Chinese names must all be valid");
}
const regexChinese = nsPer(() => { let ok = 0; for (const n of chinese) ok += pattern.test(n) ? 1 : 0; sink += ok; }, 1);
const checkManyChinese = nsPer(() => { sink += checkMany(provider, "name", chinese).length; }, 1);

const invalid = "aliyun-" + "x".repeat(57);
const checkInvalid = nsPer((n) => { for (let i = 0; i < n; i++) sink += check(provider, { name: invalid }).valid ? 1 : 0; }, 20_000);

console.log(`node ${process.version}, ${process.arch}; alibaba/modify/name/latest; median (and best) of 7 rounds`);
console.log(`check, valid 64-char name:   ${fmt(checkOne)} ns; RegExp.test of the pattern: ${fmt(regexOne)} ns; ratio ${ratio(checkOne, regexOne)} (goal <= 2)`);
console.log(`checkMany, 100,000 names:    ${fmt(checkManyTime, 1e6, 1)} ms; RegExp.test over the same: ${fmt(regexMany, 1e6, 1)} ms; ratio ${ratio(checkManyTime, regexMany)} (goal < 1)`);
console.log(`checkMany, 100,000 Chinese names: ${fmt(checkManyChinese, 1e6, 1)} ms; RegExp.test over the same: ${fmt(regexChinese, 1e6, 1)} ms; ratio ${ratio(checkManyChinese, regexChinese)} (no goal)`);
console.log(`check, invalid 64-char name (full report, message, span): ${fmt(checkInvalid, 1000, 1)} µs`);
if (sink === 0.5) console.log(sink);
