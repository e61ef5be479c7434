// Every answer's JSON.stringify is the published shape: each shared vector's answer, in both
// languages, validated against docs/schema/*.schema.json by ajv (JSON Schema 2020-12), as the
// command line, C, Python and Go answers are in their tests. And the JSON loses nothing: read
// back into camelCase it is the answer's own properties.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { ip, root, cases, valueOf, accountsOf, camel } from "./load.mjs";

const dir = join(root, "docs", "schema");
const ajv = new Ajv2020({ allErrors: false, strict: false });
const schemas = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith(".schema.json"))
    .map((f) => [f.replace(".schema.json", ""), ajv.compile(JSON.parse(readFileSync(join(dir, f), "utf8")))]),
);

/** The answer as a program stores it: JSON.stringify, read back. */
function stored(answer) {
  return JSON.parse(JSON.stringify(answer));
}

function fits(name, answer, id) {
  const doc = stored(answer);
  const validate = schemas[name];
  assert.ok(validate, `no schema ${name}`);
  assert.ok(validate(doc), `${id}: ${ajv.errorsText(validate.errors)}: ${JSON.stringify(doc).slice(0, 400)}`);
  return doc;
}

/** The stored JSON read back in the package's spelling (keys, and `field` values, camelCase;
 * the provider's own names under request/requests as they are). */
function camelBack(value) {
  if (Array.isArray(value)) return value.map(camelBack);
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    out[camel(k)] = k === "request" || k === "requests" ? v : k === "field" ? camel(v) : camelBack(v);
  }
  return out;
}

/** Fits its schema, and the JSON holds every property of the answer, no more. */
function roundTrip(name, answer, id) {
  const doc = fits(name, answer, id);
  assert.deepEqual(camelBack(doc), structuredClone({ ...answer }), `${id}: the JSON is the answer`);
}

function imageOf(spec) {
  return {
    owner: spec.owner,
    state: spec.state,
    kind: spec.kind,
    encrypted: spec.encrypted,
    customerKey: spec.customer_key,
    byol: spec.byol,
    deprecated: spec.deprecated,
    sharedWith: accountsOf(spec.shared_with),
  };
}

const LANGS = ["en", "zh"];

test("field vectors: check and checkMany fit report.schema.json", () => {
  for (const c of cases("field")) {
    const value = valueOf(c);
    for (const lang of LANGS) {
      const options = { operation: c.operation, profile: c.profile, lang };
      const report = ip.check(c.provider, { [camel(c.field)]: value }, options);
      roundTrip("report", report, c.id);
      const [batched] = ip.checkMany(c.provider, camel(c.field), [value], options);
      roundTrip("report", batched, `${c.id} (checkMany)`);
      assert.equal(JSON.stringify(batched), JSON.stringify(report), `${c.id}: checkMany writes check's JSON`);
    }
  }
});

test("request vectors fit report.schema.json", () => {
  for (const c of cases("request")) {
    const fields = {};
    for (const [k, v] of Object.entries(c.request)) fields[camel(k)] = v;
    const options = { operation: c.operation, profile: c.profile };
    if (c.image) options.image = imageOf(c.image);
    for (const lang of LANGS) roundTrip("report", ip.check(c.provider, fields, { ...options, lang }), c.id);
  }
});

test("share vectors fit share.schema.json", () => {
  for (const c of cases("share")) {
    const change = { ...imageOf(c.image), add: accountsOf(c.change.add), remove: accountsOf(c.change.remove) };
    for (const lang of LANGS) {
      const doc = fits("share", ip.share(c.provider, change, { profile: c.profile, lang }), c.id);
      assert.equal(doc.provider, c.provider, c.id);
      assert.ok("shared_with" in doc && !("sharedWith" in doc), c.id);
    }
    roundTrip("share", ip.share(c.provider, change, { profile: c.profile }), c.id);
  }
});

test("plan vectors fit plan.schema.json", () => {
  for (const c of cases("plan")) {
    const plan = { ...imageOf(c.image), desired: accountsOf(c.desired) };
    for (const lang of LANGS) roundTrip("plan", ip.planShare(c.provider, plan, { profile: c.profile, lang }), c.id);
  }
});

test("delete vectors fit delete.schema.json", () => {
  for (const c of cases("delete")) {
    for (const lang of LANGS) roundTrip("delete", ip.checkDelete(c.provider, imageOf(c.image), { lang }), c.id);
  }
});

test("the check can fail: camelCase JSON, or an unknown provider, does not fit", () => {
  const report = ip.check("alibaba", { name: "aliyun-x" });
  // The answer's own properties, written as they are (what JSON.stringify gave before toJSON).
  assert.equal(schemas.report(structuredClone({ ...report })), false);
  assert.equal(schemas.report({ ...stored(report), provider: "azure" }), false);
  assert.ok(schemas.report(stored(report)));
});
