// The rule export's patterns agree with the library on generated strings: compiled as the
// HTML `pattern` attribute compiles them (`^(?:pattern)$` with the `v` flag), and as a browser
// without `v` compiles them (the `u` flag), each accepts a value exactly when the library does. Cases: IPF_PATTERN_CASES (from
// `cargo run --example pattern_cases`). Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ip } from "./load.mjs";

const path = process.env.IPF_PATTERN_CASES;
assert.ok(path, "set IPF_PATTERN_CASES to the output of `cargo run --example pattern_cases`");
const rules = JSON.parse(readFileSync(path, "utf8"));

test("every provider, operation, field and profile has cases", () => {
  // Every provider the package knows, 4 operations, 11 fields, 2 profiles, each once.
  const providers = Object.keys(ip.rules());
  assert.equal(rules.length, providers.length * 4 * 11 * 2);
  assert.equal(new Set(rules.map((r) => r.key)).size, rules.length);
  for (const p of providers) assert.ok(rules.some((r) => r.key.startsWith(`${p}/`)), p);
  for (const rule of rules) assert.ok(rule.cases.length > 1000, rule.key);
});

const FLAGS = ["v", "u"];

test("every pattern compiles under both the v and the u flag", () => {
  const refused = [];
  for (const rule of rules) {
    for (const flags of FLAGS) {
      try {
        new RegExp(`^(?:${rule.pattern})$`, flags);
      } catch (e) {
        refused.push(`${rule.key} (${flags}): ${e.message}`);
      }
    }
  }
  assert.deepEqual(refused, []);
  // Among them the ones that once did not compile under `u`: classes with `:`, `,` and the like.
  assert.ok(rules.some((r) => /\\x[0-9A-F]{2}/.test(r.pattern)), "no pattern escapes a reserved punctuator");
});

for (const rule of rules) for (const flags of FLAGS) {
  test(`${rule.key} (${flags} flag): the pattern agrees with the library`, () => {
    const re = new RegExp(`^(?:${rule.pattern})$`, flags);
    const disagreements = [];
    let accepted = 0;
    for (const [value, valid] of rule.cases) {
      const matched = re.test(value);
      accepted += matched ? 1 : 0;
      if (matched !== valid) disagreements.push({ value, library: valid, pattern: matched });
    }
    assert.deepEqual(disagreements.slice(0, 5), [], `${disagreements.length} disagreements`);
    // Both verdicts occur, so the test can fail either way.
    assert.ok(accepted > 0 || rule.pattern === "[]", "the pattern accepts nothing");
    assert.ok(accepted < rule.cases.length, "the pattern accepts everything");
  });
}

test("maxlength counts code points, not UTF-16 units", () => {
  const rule = rules.find((r) => r.key === "alibaba/modify/name/latest");
  const re = new RegExp(`^(?:${rule.pattern})$`, "v");
  const emoji = "a" + "中".repeat(126) + "中"; // 128 code points
  assert.equal([...emoji].length, 128);
  assert.ok(re.test(emoji));
  const tencent = rules.find((r) => r.key === "tencent/modify/name/latest");
  const smiles = "😀".repeat(60); // 60 code points, 120 UTF-16 units
  assert.ok(new RegExp(`^(?:${tencent.pattern})$`, "v").test(smiles));
  assert.ok(!new RegExp(`^(?:${tencent.pattern})$`, "v").test(smiles + "😀"));
});
