// The package's API: shapes, errors for bad input, bindInput, and the rule export equal to the
// command line's. IPF_RULES_DIR: a folder with the command line's `rules --format json` output,
// rules-latest.json and rules-strict.json (scripts/test-js.sh writes them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ip } from "./load.mjs";

test("init is callable in Node and the module is loaded on import", async () => {
  // The very first call checks an empty value: nothing written, yet a buffer is there.
  assert.deepEqual({ ...ip.check("alibaba", { name: "" }) }, {
    valid: true, violations: [], counts: { name: { bytes: 0, chars: 0, utf16: 0, graphemes: 0 } },
    kind: "request", provider: "alibaba", operation: "modify", profile: "latest",
  });
  await ip.init();
  await ip.init();
  assert.equal(ip.check("alibaba", { name: "web-base" }).valid, true);
});

test("check: a report with the provider's code, the message and the span in four units", () => {
  const r = ip.check("alibaba", { name: "aliyun-中文" }, { lang: "en" });
  assert.equal(r.valid, false);
  assert.deepEqual(Object.keys(r), ["valid", "violations", "counts", "kind", "provider", "operation", "profile"]);
  const [v] = r.violations;
  assert.deepEqual(Object.keys(v), ["field", "code", "providerCode", "httpStatus", "message", "span", "limit", "actual", "found", "index", "allowed"]);
  assert.equal(v.field, "name");
  assert.equal(v.code, "FORBIDDEN_PREFIX");
  assert.equal(v.providerCode, "InvalidImageName.Malformed");
  assert.equal(v.message, 'The image name may not start with "aliyun".');
  assert.deepEqual(v.span, { byteStart: 0, byteEnd: 6, charStart: 0, charEnd: 6, utf16Start: 0, utf16End: 6, graphemeStart: 0, graphemeEnd: 6 });
  assert.deepEqual(r.counts, { name: { bytes: 13, chars: 9, utf16: 9, graphemes: 9 } });
  // JSON.stringify writes the published shape: snake_case (tests/js/schema.test.mjs checks every
  // answer against the schemas).
  const json = JSON.parse(JSON.stringify(r));
  assert.deepEqual(Object.keys(json.violations[0]), ["field", "code", "provider_code", "http_status", "message", "span", "limit", "actual", "found", "index", "allowed"]);
  assert.equal(json.violations[0].span.utf16_end, 6);
  const zh = ip.check("alibaba", { name: "aliyun-x" }, { lang: "zh" });
  assert.match(zh.violations[0].message, /镜像名称/);
});

test("spans are UTF-16 offsets a form can select: the emoji before the fault counts two", () => {
  const value = "ab😀c\u202Ed";
  const r = ip.check("alibaba", { name: value });
  const bidi = r.violations.find((v) => v.found === "\u202E");
  assert.ok(bidi, JSON.stringify(r.violations));
  assert.equal(value.slice(bidi.span.utf16Start, bidi.span.utf16End), "\u202E");
  assert.equal(bidi.span.utf16Start, 5);
  assert.equal(bidi.span.charStart, 4);
  const emoji = r.violations.find((v) => v.found === "😀");
  assert.deepEqual([emoji.span.utf16Start, emoji.span.utf16End, emoji.span.charEnd, emoji.span.byteEnd], [2, 4, 3, 6]);
});

test("valid values: counts in every unit, for each field sent", () => {
  const r = ip.check("tencent", { name: "web", description: "中文 ok" });
  assert.deepEqual({ ...r }, {
    valid: true,
    violations: [],
    counts: { name: { bytes: 3, chars: 3, utf16: 3, graphemes: 3 }, description: { bytes: 9, chars: 5, utf16: 5, graphemes: 5 } },
    kind: "request",
    provider: "tencent",
    operation: "modify",
    profile: "latest",
  });
  // A request that sends nothing is refused, as in every face (the outcome layer's rule of use).
  assert.throws(() => ip.check("tencent", {}), /at least one of: name, description, family/);
  // Every provider alike, naming the fields as `fields` spells them (bootMode, not boot_mode).
  for (const p of Object.keys(ip.rules())) {
    assert.throws(() => ip.check(p, {}), /at least one of: name, description, family, bootMode, status, licenseType, .*osType.*deprecated$/, p);
  }
  assert.throws(() => ip.check("tencent", { name: undefined, family: null }), /at least one of/);
});

test("a field the provider lacks is reported, not ignored", () => {
  const r = ip.check("volcengine", { family: "x" });
  assert.equal(r.violations[0].code, "NOT_SUPPORTED");
  assert.equal(r.violations[0].field, "family");
});

test("checkMany answers as check does, value by value, and takes any iterable", () => {
  const values = ["ok-name", "1bad", "", "aliyun", "中文名字", "x".repeat(200)];
  const many = ip.checkMany("alibaba", "name", values, { lang: "zh" });
  assert.equal(many.length, values.length);
  values.forEach((value, i) => assert.deepEqual(many[i], ip.check("alibaba", { name: value }, { lang: "zh" }), value));
  assert.deepEqual(ip.checkMany("alibaba", "name", new Set(["ab"])), [ip.check("alibaba", { name: "ab" })]);
  assert.deepEqual(ip.checkMany("alibaba", "name", []), []);
  // A batch large enough to grow the module's memory while it is written.
  const big = Array.from({ length: 60_000 }, (_, i) => (i % 1000 === 7 ? `aliyun-${i}` : `name-${i}-`.padEnd(100, "中")));
  const answers = ip.checkMany("alibaba", "name", big);
  assert.equal(answers.filter((r) => !r.valid).length, 60);
  assert.equal(answers[7].violations[0].code, "FORBIDDEN_PREFIX");
  assert.deepEqual(answers[59_999].counts.name, { bytes: 278, chars: 100, utf16: 100, graphemes: 100 });
});

test("checkMany: each answer is written by JSON.stringify as check's; a valid one's violations and counts are frozen", () => {
  // More than one chunk of the batch encoding (256 values), ASCII and not mixed in one chunk and
  // across a chunk's edge, every length up to past the shared counts (256), bad values between.
  const values = [];
  for (let i = 0; i < 700; i++) {
    if (i % 97 === 5) values.push(`aliyun-${i}`);
    else if (i === 255 || i === 256 || i % 50 === 3) values.push(`名字-${i}😀e\u0301`);
    else values.push(`n${i}`.padEnd(1 + (i % 130), "x"));
  }
  values.push("y".repeat(300), "");
  for (const field of ["name", "description", "bootMode"]) {
    const many = ip.checkMany("alibaba", field, values, { lang: "zh" });
    assert.equal(many.length, values.length);
    values.forEach((value, i) => {
      const one = ip.check("alibaba", { [field]: value }, { lang: "zh" });
      assert.equal(JSON.stringify(many[i]), JSON.stringify(one), `${field} ${i} ${value}`);
      if (many[i].valid) {
        assert.ok(Object.isFrozen(many[i].violations) && Object.isFrozen(many[i].counts), `${field} ${i}`);
        for (const c of Object.values(many[i].counts)) assert.ok(Object.isFrozen(c));
      } else {
        assert.ok(!Object.isFrozen(many[i].violations), "an invalid value's report is its own");
      }
    });
    assert.ok(many.some((r) => !r.valid) && many.some((r) => r.valid), field);
  }
  const [a, b] = ip.checkMany("alibaba", "name", ["same-len-1", "same-len-2"]);
  assert.notEqual(a, b, "every answer is its own object");
  a.note = "mine";
  assert.equal(b.note, undefined);
  assert.throws(() => a.violations.push({}), TypeError);
  assert.throws(() => { a.counts.name.bytes = 0; }, TypeError);
  assert.equal(b.counts.name.bytes, 10);
  // check's own answers stay fresh and mutable.
  assert.ok(!Object.isFrozen(ip.check("alibaba", { name: "same-len-1" }).violations));
});

test("a lone surrogate is refused with its position, never checked as U+FFFD", () => {
  for (const [value, at] of [["ab\uD83D", 2], ["\uDE00x", 0], ["ok😀\uD800😀", 4]]) {
    assert.throws(() => ip.check("alibaba", { name: value }), (e) => {
      assert.equal(e.code, "LONE_SURROGATE");
      assert.equal(e.utf16Index, at);
      assert.match(e.message, new RegExp(`name holds a lone surrogate .* at UTF-16 index ${at}`));
      return true;
    });
  }
  assert.throws(() => ip.checkMany("alibaba", "name", ["fine", "bad\uDC00"]), /values\[1\] holds a lone surrogate \(U\+DC00\) at UTF-16 index 3/);
  assert.throws(() => ip.share("tencent", { owner: "100000000001", add: ["2\uD800"] }), /add\[0\] holds a lone surrogate/);
  // Paired surrogates are one character, and fine.
  assert.equal(ip.check("tencent", { name: "😀" }).valid, true);
});

test("unknown names throw an Error listing the known ones; non-strings a TypeError", () => {
  // The known clouds are the library's own tables, in their order.
  const known = Object.keys(ip.rules()).map((k) => `"${k}"`).join(", ");
  assert.ok(known.startsWith('"tencent", "alibaba", "volcengine"'));
  assert.throws(() => ip.check("azure", { name: "x" }), { name: "Error", message: `image-preflight: unknown provider "azure"; known: ${known}` });
  assert.throws(() => ip.check("alibaba", { nmae: "x" }), (e) => e.constructor === Error && /unknown field "nmae"; known: "name", "description", "family"/.test(e.message));
  assert.throws(() => ip.check("alibaba", { name: "x" }, { operation: "delete" }), /unknown operation "delete"; known: "modify", "create", "copy", "import"/);
  assert.throws(() => ip.check("alibaba", { name: "x" }, { lang: "fr" }), /unknown lang "fr"; known: "en", "zh"/);
  assert.throws(() => ip.check("alibaba", { name: "x" }, { langue: "en" }), /unknown option "langue"; known: "operation", "profile", "lang", "image"/);
  assert.throws(() => ip.checkMany("alibaba", "title", []), /unknown field "title"/);
  assert.throws(() => ip.share("tencent", { owner: "1", imageState: "GONE", add: ["2"] }), /image-preflight: unknown image state "GONE" for tencent; known states: .*NORMAL/);
  assert.throws(() => ip.check("alibaba", { name: 42 }), { name: "TypeError", message: "image-preflight: name must be a string, not a number" });
  assert.throws(() => ip.check(1, { name: "x" }), TypeError);
  assert.throws(() => ip.check("alibaba", "name"), TypeError);
  assert.throws(() => ip.check("alibaba", { deprecated: "yes" }), TypeError);
  assert.throws(() => ip.checkMany("alibaba", "name", "abc"), TypeError);
  assert.throws(() => ip.checkMany("alibaba", "name", ["a", 1]), /values\[1\] must be a string/);
  assert.throws(() => ip.share("tencent", { owner: "1", add: "2" }), TypeError);
  assert.throws(() => ip.share("tencent", { owner: "1", add: [2] }), TypeError);
  assert.throws(() => ip.planShare("tencent", { owner: "1" }), /needs desired/);
  assert.throws(() => ip.check("alibaba", { name: "x" }, { operation: "create", image: { owner: "1" } }), /operation "modify" only/);
  // After every refusal the module still answers.
  assert.equal(ip.check("alibaba", { name: "fine" }).valid, true);
});

/** The core's one size limit (MAX_TEXT_BYTES, IPF_MAX_TEXT_BYTES in C). */
const MAX = 4 * 1024 * 1024;

test("huge values are checked, not cut, up to the size limit", () => {
  const big = "a".repeat(MAX);
  const r = ip.check("alibaba", { description: big });
  assert.equal(r.violations[0].code, "TOO_LONG");
  assert.equal(r.violations[0].actual, MAX);
  // At the limit in UTF-8 with fewer UTF-16 units: 3 bytes a char.
  assert.equal(ip.check("alibaba", { description: "中".repeat(MAX / 4) + "a".repeat(MAX / 4) }).violations[0].code, "TOO_LONG");
  assert.equal(ip.check("alibaba", { name: "web" }).valid, true);
});

test("a text over the size limit is refused unread, as C, Python and Go refuse it", () => {
  const tooLarge = (e) => e.name === "TextError" && e.code === "TOO_LARGE" && e.limit === MAX && e.bytes > MAX;
  // Over it in units, and over it only in UTF-8 bytes (3 a char).
  for (const big of ["a".repeat(MAX + 1), "中".repeat(MAX / 3 + 1)]) {
    assert.throws(() => ip.check("alibaba", { description: big }), tooLarge);
    assert.throws(() => ip.check("alibaba", { name: "web", description: big }), tooLarge);
    assert.throws(() => ip.checkMany("alibaba", "description", ["ok", big]), tooLarge);
    assert.throws(() => ip.share("alibaba", { owner: big, add: ["1"] }), tooLarge);
    assert.throws(() => ip.planShare("alibaba", { owner: "1", desired: [big] }), tooLarge);
  }
  // The module still answers.
  assert.equal(ip.check("alibaba", { name: "web" }).valid, true);
});

test("checkMany takes batches past the size limit in parts, each answer in its place", () => {
  // 2,000 values of 3,000 bytes: 6 MB of text, over the limit as one batch.
  const values = Array.from({ length: 2_000 }, (_, i) => (i % 7 === 0 ? "1bad" : "a") + "b".repeat(2_996) + (i % 10));
  const many = ip.checkMany("alibaba", "description", values);
  assert.equal(many.length, values.length);
  for (const i of [0, 1, 699, 700, 1_398, 1_399, 1_999]) {
    assert.equal(JSON.stringify(many[i]), JSON.stringify(ip.check("alibaba", { description: values[i] })), `value ${i}`);
  }
  // And far more values than one call takes (BATCH_VALUES is 65,536), of many lengths (the
  // shared counts start again past their bound, with the same answers).
  const names = Array.from({ length: 150_000 }, (_, i) => "n".repeat(1 + (i % 1_000)) + (i % 3 === 0 ? "-" : ""));
  const answers = ip.checkMany("alibaba", "description", names);
  for (const i of [0, 65_535, 65_536, 131_072, 149_999]) {
    assert.deepEqual(answers[i], ip.check("alibaba", { description: names[i] }), `value ${i}`);
  }
});

test("share and planShare: the provider's own request shapes", () => {
  const s = ip.share("tencent", { owner: "100000000001", sharedWith: ["200000000002"], add: ["200000000001"] });
  assert.deepEqual({ ...s }, {
    valid: true, violations: [], counts: {}, kind: "share", provider: "tencent", profile: "latest",
    sharedWith: ["200000000001", "200000000002"], request: { Permission: "SHARE", AccountIds: ["200000000001"] },
  });
  const refused = ip.share("alibaba", { owner: "1234567890123456", add: ["1234567890123456"] }, { lang: "zh" });
  assert.equal(refused.valid, false);
  assert.equal(refused.violations[0].code, "SHARE_WITH_SELF");
  assert.equal(refused.violations[0].index, 0);
  assert.deepEqual(refused.sharedWith, []);
  const p = ip.planShare("alibaba", { owner: "1234567890123456", sharedWith: ["1"], desired: ["2"] });
  assert.deepEqual({ ...p }, {
    valid: true, violations: [], counts: {}, kind: "plan", provider: "alibaba", profile: "latest",
    sharedWith: ["1"], requests: [{ AddAccount: ["2"], RemoveAccount: ["1"] }],
  });
});

test("rules() is the command line's `rules --format json`", (t) => {
  const dir = process.env.IPF_RULES_DIR;
  assert.ok(dir, "set IPF_RULES_DIR (scripts/test-js.sh writes the command line's rule export there)");
  for (const profile of ["latest", "strict"]) {
    const cli = JSON.parse(readFileSync(join(dir, `rules-${profile}.json`), "utf8"));
    assert.deepEqual(ip.rules(undefined, { profile }), cli, profile);
    assert.deepEqual(ip.rules("volcengine", { profile }), { volcengine: cli.volcengine }, profile);
  }
  assert.deepEqual(ip.rules(), ip.rules(null, { profile: "latest" }));
});

/** A stand-in for an <input>: an EventTarget with a value and the validity API. */
class FakeInput extends EventTarget {
  value = "";
  validationMessage = "";
  setCustomValidity(message) {
    this.validationMessage = message;
  }
  type(value) {
    this.value = value;
    this.dispatchEvent(new Event("input"));
  }
}

test("bindInput: custom validity, an event and a callback on each keystroke; unbind stops it", () => {
  const input = new FakeInput();
  input.value = "ok-name";
  const seen = [];
  const events = [];
  input.addEventListener("preflight", (e) => events.push(e.detail));
  const unbind = ip.bindInput(input, { provider: "alibaba", field: "name", lang: "zh", onResult: (r) => seen.push(r) });
  assert.equal(seen.length, 1, "checked once on binding");
  assert.equal(input.validationMessage, "");
  input.type("ok😀x\u202Ealiyun");
  const last = seen.at(-1);
  assert.equal(last.valid, false);
  assert.equal(input.validationMessage, last.violations[0].message);
  assert.match(input.validationMessage, /镜像名称/);
  const bidi = last.violations.find((v) => v.found === "\u202E");
  assert.equal(input.value.slice(bidi.span.utf16Start, bidi.span.utf16End), "\u202E");
  assert.deepEqual(events.at(-1), last);
  input.type("a\uD800");
  assert.equal(seen.at(-1).error.code, "LONE_SURROGATE");
  assert.match(input.validationMessage, /lone surrogate/);
  unbind();
  assert.equal(input.validationMessage, "");
  input.type("1bad");
  assert.equal(seen.length, 3, "no check after unbinding");
  assert.throws(() => ip.bindInput(input, { provider: "alibaba", field: "nick" }), /unknown field "nick"/);
  assert.throws(() => ip.bindInput({}, { provider: "alibaba", field: "name" }), TypeError);
});

test("list fields: a value outside the list names the allowed ones", () => {
  const r = ip.check("alibaba", { bootMode: "uefi" }, { lang: "en" });
  assert.equal(r.valid, false);
  const [v] = r.violations;
  assert.equal(v.code, "NOT_ONE_OF");
  assert.equal(v.field, "bootMode");
  assert.equal(v.found, "uefi");
  assert.deepEqual(v.allowed, ["BIOS", "UEFI", "UEFI-Preferred"]);
  assert.deepEqual(ip.check("alibaba", { boot_mode: "UEFI" }), ip.check("alibaba", { bootMode: "UEFI" }));
  assert.equal(ip.check("tencent", { licenseType: "BYOL" }, { operation: "import" }).valid, true);
  assert.equal(ip.checkMany("alibaba", "status", ["Available", "Gone"])[1].violations[0].code, "NOT_ONE_OF");
});

test("share and planShare take the image's state and kind as check's image does", () => {
  const a = ip.share("alibaba", { owner: "1234567890123456", add: ["2"], state: "Creating" });
  const b = ip.share("alibaba", { owner: "1234567890123456", add: ["2"], imageState: "Creating" });
  assert.deepEqual(a, b);
  assert.equal(a.violations[0].code, "IMAGE_STATE");
  assert.throws(() => ip.share("alibaba", { owner: "1", add: ["2"], state: "Available", imageState: "Available" }), /once/);
  const p = ip.planShare("tencent", { owner: "100000000001", desired: ["2"], kind: "shared-in" });
  assert.equal(p.violations[0].code, "IMAGE_NOT_OWNED");
  assert.equal(ip.checkDelete("volcengine", { owner: "1", sharedWith: ["2"] }).kind, "delete");
});

test("one-field answers say what was asked, as a request of more fields does (docs/faces.md)", () => {
  const asked = { kind: "request", provider: "volcengine", operation: "create", profile: "strict" };
  const options = { operation: "create", profile: "strict" };
  const pick = (r) => ({ kind: r.kind, provider: r.provider, operation: r.operation, profile: r.profile });
  // Valid and invalid, through check's hot path and checkMany's (valid and invalid values).
  for (const name of ["web-base", "1bad"]) {
    assert.deepEqual(pick(ip.check("volcengine", { name }, options)), asked, name);
    assert.deepEqual(pick(ip.checkMany("volcengine", "name", [name], options)[0]), asked, name);
  }
  // The same keys, in the same order, as the core's answer to a request of two fields.
  const two = ip.check("volcengine", { name: "web-base", description: "x" }, options);
  assert.deepEqual(Object.keys(ip.check("volcengine", { name: "web-base" }, options)), Object.keys(two));
  assert.deepEqual(Object.keys(ip.checkMany("volcengine", "name", ["1bad"], options)[0]), Object.keys(two));
  assert.deepEqual(pick(two), asked);
});

test("customerKey: Alibaba shares an image encrypted with a customer key, not its service key", () => {
  const change = { owner: "1234567890123456", add: ["200000000001"], encrypted: true };
  const refused = ip.share("alibaba", change);
  assert.equal(refused.violations[0].code, "IMAGE_ENCRYPTED");
  assert.equal(refused.violations[0].httpStatus, 403);
  assert.equal(ip.share("alibaba", { ...change, customerKey: true }).valid, true);
  assert.equal(ip.planShare("alibaba", { owner: change.owner, desired: change.add, encrypted: true, customerKey: true }).valid, true);
  assert.throws(() => ip.share("alibaba", { ...change, customerKey: "yes" }), /customerKey must be a boolean/);
});

test("rules() carries the rules between two fields", () => {
  const [arm] = ip.rules("alibaba").alibaba.cross;
  assert.deepEqual([arm.operations, arm.when, arm.is, arm.then, arm.must_be], [["import"], "architecture", ["arm64"], "boot_mode", ["UEFI"]]);
});
