// The package's API over the WebAssembly core. No rule is written here: every verdict,
// message, code and span comes from the core; this file checks the arguments (names, types,
// text that is not well-formed UTF-16) and turns answers into objects whose JSON is the
// published shape (see Answer below).
import { N, glue, need, out, writeText, writeBatch, batchOut, batchEnd, overLimit } from "./engine.js";
import RULES from "./wasm/rules.js";

const VALID = 1;
const INVALID = 0;

// --- arguments --------------------------------------------------------------------------

function known(table, value) {
  const n = typeof value === "string" ? table.byName.get(value) : undefined;
  if (n !== undefined) return n;
  const list = table.list.map((k) => JSON.stringify(k)).join(", ");
  if (typeof value !== "string") {
    throw new TypeError(`image-preflight: ${table.what} must be a string, one of ${list}; got ${describe(value)}`);
  }
  throw new Error(`image-preflight: unknown ${table.what} ${quote(value)}; known: ${list}`);
}

function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? quote(value) : `a ${typeof value}`;
}

function quote(s) {
  return JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}…` : s);
}

/** The first lone surrogate of `s`, or -1: under the `u` flag a surrogate that is half of a
 * pair is part of one code point, so only a lone one matches. */
const LONE = /[\uD800-\uDFFF]/u;

function firstLone(s) {
  if (typeof s.isWellFormed === "function" ? s.isWellFormed() : !LONE.test(s)) return -1;
  return s.search(LONE);
}

/** `value` as text to check: a string with no lone surrogate. A lone surrogate would reach
 * the core as U+FFFD (every string conversion to UTF-8 replaces it), so another value would be
 * judged: it is refused with its position instead. */
function text(value, what) {
  if (typeof value !== "string") {
    throw new TypeError(`image-preflight: ${what} must be a string, not ${describe(value)}`);
  }
  const at = firstLone(value);
  if (at >= 0) {
    const unit = value.charCodeAt(at).toString(16).toUpperCase();
    const e = new Error(
      `image-preflight: ${what} holds a lone surrogate (U+${unit}) at UTF-16 index ${at}: half of a ` +
        "character, which is not text and cannot be checked",
    );
    e.name = "TextError";
    e.code = "LONE_SURROGATE";
    e.utf16Index = at;
    throw e;
  }
  tooLarge(value, what);
  return value;
}

/** Throws for a text over the core's one size limit (MAX_TEXT_BYTES, 4 MiB of UTF-8: what the
 * C ABI, Python and Go refuse too), before it is copied into the module's memory. */
function tooLarge(value, what) {
  const bytes = overLimit(value);
  if (bytes < 0) return;
  const e = new Error(
    `image-preflight: ${what} is ${bytes} bytes of UTF-8, over the limit of ${N.maxTextBytes} bytes: ` +
      "far past every provider's limit, so it is refused unread",
  );
  e.name = "TextError";
  e.code = "TOO_LARGE";
  e.bytes = bytes;
  e.limit = N.maxTextBytes;
  throw e;
}

function flag(value, what) {
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") throw new TypeError(`image-preflight: ${what} must be a boolean, not ${describe(value)}`);
  return value;
}

function accounts(list, what) {
  if (list === undefined || list === null) return [];
  if (typeof list === "string" || typeof list[Symbol.iterator] !== "function") {
    throw new TypeError(`image-preflight: ${what} must be an array of account ids, not ${describe(list)}`);
  }
  const ids = Array.from(list);
  for (let i = 0; i < ids.length; i++) text(ids[i], `${what}[${i}]`);
  return ids;
}

function object(value, what) {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`image-preflight: ${what} must be an object, not ${describe(value)}`);
  }
  return value;
}

/** Throws for a key of `obj` that is not in `allowed`: a misspelt option is never ignored. */
function only(obj, allowed, what) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new Error(
        `image-preflight: unknown ${what} ${quote(key)}; known: ${allowed.map((k) => JSON.stringify(k)).join(", ")}`,
      );
    }
  }
}

const CHECK_OPTIONS = ["operation", "profile", "lang", "image"];
const SHARE_OPTIONS = ["profile", "lang"];
const IMAGE_KEYS = ["owner", "sharedWith", "state", "kind", "encrypted", "customerKey", "byol", "deprecated"];

const NO_OPTIONS = Object.freeze({ operation: 0, profile: 0, lang: 0, image: null });

function checkOptions(options, allowed = CHECK_OPTIONS) {
  if (options === undefined) return NO_OPTIONS;
  const o = object(options, "options");
  only(o, allowed, "option");
  return {
    operation: o.operation === undefined ? 0 : known(N.operation, o.operation),
    profile: o.profile === undefined ? 0 : known(N.profile, o.profile),
    lang: o.lang === undefined ? 0 : known(N.lang, o.lang),
    image: o.image === undefined || o.image === null ? null : image(o.image, "options.image"),
  };
}

/** An image `{ owner, sharedWith, state, kind, encrypted, customerKey, byol, deprecated }` as
 * flat arguments. */
function image(spec, what) {
  const o = object(spec, what);
  only(o, IMAGE_KEYS, `key of ${what}`);
  return imageArgs(o, o.state, o.kind, what);
}

/** The image's flags as the module's bits (src/image.rs). */
function imageFlags(o, what) {
  return (flag(o.encrypted, `${what}.encrypted`) ? 1 : 0) | (flag(o.byol, `${what}.byol`) ? 2 : 0) |
    (flag(o.deprecated, `${what}.deprecated`) ? 4 : 0) | (flag(o.customerKey, `${what}.customerKey`) ? 8 : 0);
}

function imageArgs(o, state, kind, what) {
  const { owner, sharedWith } = o;
  if (owner === undefined) throw new TypeError(`image-preflight: ${what} needs owner, the account that owns the image`);
  return {
    owner: text(owner, `${what}.owner`),
    state: state === undefined || state === null ? undefined : text(state, `${what}.state`),
    kind: kind === undefined || kind === null ? 0 : known(N.imageKind, kind),
    flags: imageFlags(o, what),
    sharedWith: accounts(sharedWith, `${what}.sharedWith`),
  };
}

// --- answers ----------------------------------------------------------------------------

/** A key in the published JSON's spelling: `providerCode` is `provider_code`. The core's keys
 * are snake_case words of lower-case letters and digits, so this undoes the camelCase the
 * module wrote (bindings/js/src/camel.rs). */
function snakeCase(key) {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `value` in the published shape: every key in snake_case, and every `field` (a field's key:
 * `bootMode` is `boot_mode`), but for what is under `request` and `requests`, the provider's own
 * parameter names, which are never changed. */
function published(value) {
  if (Array.isArray(value)) return value.map(published);
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (key === "request" || key === "requests") out[key] = v;
    else if (key === "field" && typeof v === "string") out.field = snakeCase(v);
    else out[snakeCase(key)] = published(v);
  }
  return out;
}

/**
 * Every answer of `check`, `checkMany`, `checkDelete`, `share` and `planShare` (and bindInput's
 * results). Its own properties are camelCase, as JavaScript spells them (`providerCode`,
 * `sharedWith`); `JSON.stringify` writes the published shape (docs/schema/*.schema.json):
 * snake_case keys, as the command line, C, Python and Go write it (docs/javascript.md, JSON).
 */
class Answer {
  toJSON() {
    return published(this);
  }
}

/** A parsed answer of the module as an Answer, with `extra` (what was asked) after its keys. */
function answer(parsed, extra) {
  return Object.assign(new Answer(), parsed, extra);
}

/** What a one-field check asked (`kind`, `provider`, `operation`, `profile`), as the core's
 * answer to a request of that field says it: `check` is a request check in every face
 * (docs/faces.md), and `checkMany` gives `check`'s answer for each value. The module writes it;
 * it is read once per provider, operation, field and profile. */
const ASKED = new Map();
function asked(p, o, f) {
  const key = `${p}/${o.operation}/${f}/${o.profile}`;
  let a = ASKED.get(key);
  if (a === undefined) {
    const { valid, violations, counts, ...rest } = JSON.parse(glue.asked(p, o.operation, f, o.profile));
    a = Object.freeze(rest);
    ASKED.set(key, a);
  }
  return a;
}

/** A valid one-field answer, made here: the hot path's, built with no JSON (the same keys, in
 * the same order, as the core's answer for the same request). A constructor that sets every
 * property, so that V8 gives the 100,000 answers of a batch one compact shape; its prototype is
 * Answer's, so that these answers and the parsed ones are alike. */
function ValidAnswer(counts, a) {
  this.valid = true;
  this.violations = NO_VIOLATIONS;
  this.counts = counts;
  this.kind = a.kind;
  this.provider = a.provider;
  this.operation = a.operation;
  this.profile = a.profile;
}
ValidAnswer.prototype = Answer.prototype;

// --- checks -----------------------------------------------------------------------------

/** `{ [field]: counts }` from the numbers at `o[at..]` (`[present, bytes, chars, utf16,
 * graphemes]`). The text fields are spelt out: an object literal with a fixed key is built far
 * faster than one with a computed key, and checkMany builds one per value. */
function counts(field, o, at) {
  if (o[at] === 0) return {};
  const c = { bytes: o[at + 1], chars: o[at + 2], utf16: o[at + 3], graphemes: o[at + 4] };
  switch (N.field.list[field]) {
    case "name": return { name: c };
    case "description": return { description: c };
    case "family": return { family: c };
    default: return { [N.field.list[field]]: c };
  }
}

/**
 * Checks the fields of one request: `fields` is `{ name, description, family, ... }` (any subset;
 * `undefined` or `null` means not sent), `options` `{ operation, profile, lang, image }`.
 * Returns `{ valid, violations, counts }`.
 */
export function check(provider, fields, options) {
  need();
  const p = known(N.provider, provider);
  const o = checkOptions(options);
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    throw new TypeError(`image-preflight: fields must be an object such as { name: "..." }, not ${describe(fields)}`);
  }
  let single = -1;
  let singleValue = "";
  let sent = 0;
  let present = 0;
  let deprecated = -1;
  const values = [];
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (key === "deprecated") {
      if (value !== undefined && value !== null) deprecated = flag(value, "deprecated") ? 1 : 0;
      continue;
    }
    const f = N.field.byName.get(key);
    if (f === undefined) {
      const list = [...N.field.list, "deprecated"].map((k) => JSON.stringify(k)).join(", ");
      throw new Error(`image-preflight: unknown field ${quote(key)}; known: ${list}`);
    }
    if (value === undefined || value === null) continue;
    values[f] = text(value, key);
    present |= 1 << f;
    sent++;
    single = f;
    singleValue = value;
  }
  if (sent === 1 && deprecated < 0 && o.image === null) {
    return checkOne(p, o, single, singleValue);
  }
  for (let f = 0; f < N.field.list.length; f++) if (values[f] === undefined) values[f] = "";
  const img = o.image;
  return answer(JSON.parse(
    glue.check_request(p, o.operation, o.profile, o.lang, present, values, deprecated,
      img?.owner, img?.state, img?.kind ?? 0, img?.flags ?? 0, img?.sharedWith ?? []),
  ));
}

/** The hot path: one field, through the shared buffers; JSON only for an invalid value. */
function checkOne(p, o, field, value) {
  const len = writeText(value);
  const verdict = glue.check_text(p, o.operation, field, o.profile, len);
  if (verdict === VALID) {
    const r = new ValidAnswer(counts(field, out(), 1), asked(p, o, field));
    r.violations = [];
    return r;
  }
  if (verdict === INVALID) return answer(JSON.parse(glue.last_report(o.lang)));
  throw new Error("image-preflight: internal error: the WebAssembly module refused the call");
}

/** The `violations` of every valid answer of checkMany: frozen, so sharing it is safe. */
const NO_VIOLATIONS = Object.freeze([]);

/** The `counts` of a valid answer of checkMany for a field the core keeps no counts of. */
const NO_COUNTS = Object.freeze({});

/** The longest value (in characters) whose counts checkMany shares. */
const SHARED_COUNTS_MAX = 1023;

/** checkMany's frozen `counts` objects, by field, then by characters, then by the bytes past
 * one per character, for values with as many UTF-16 units and graphemes as characters (ASCII
 * text, or Chinese: the usual names). A batch builds one such object per distinct length, not
 * one per value. (A Map keyed by all four counts was measured slower: its keys are not small
 * integers.) */
const sharedCounts = [];

/** How many objects sharedCounts holds, and the most it may: past that it starts again, so a
 * page that checks values of many lengths keeps a bounded cache (it once reached a million). */
let sharedCountsSize = 0;
const SHARED_COUNTS_ENTRIES = 4096;

/** The frozen `counts` of a valid batch value, shared with every value counted alike. */
function frozenCounts(field, o, at) {
  if (o[at] === 0) return NO_COUNTS;
  const chars = o[at + 2];
  if (chars <= SHARED_COUNTS_MAX && chars === o[at + 3] && chars === o[at + 4]) {
    const byChars = (sharedCounts[field] ??= []);
    const byBytes = (byChars[chars] ??= []);
    const extra = o[at + 1] - chars;
    const known = byBytes[extra];
    if (known !== undefined) return known;
    if (sharedCountsSize >= SHARED_COUNTS_ENTRIES) {
      sharedCounts.length = 0;
      sharedCountsSize = 0;
      return frozenCounts(field, o, at);
    }
    sharedCountsSize++;
    return (byBytes[extra] = deepFreeze(counts(field, o, at)));
  }
  return deepFreeze(counts(field, o, at));
}

function deepFreeze(c) {
  for (const key in c) Object.freeze(c[key]);
  return Object.freeze(c);
}

/**
 * Checks many values of one field: the same answer as `check(provider, { [field]: value }, options)`
 * for each, in order (`JSON.stringify` writes each alike). A valid value's answer is its own
 * object, but its empty `violations` and its `counts` are frozen and may be shared with other
 * answers: a batch of 100,000 names then builds 100,000 objects, not 400,000.
 */
export function checkMany(provider, field, values, options) {
  need();
  const p = known(N.provider, provider);
  const f = known(N.field, field);
  const o = checkOptions(options, ["operation", "profile", "lang"]);
  if (typeof values === "string" || values === null || typeof values?.[Symbol.iterator] !== "function") {
    throw new TypeError(`image-preflight: values must be an array of strings, not ${describe(values)}`);
  }
  const list = Array.isArray(values) ? values : Array.from(values);
  const max = N.maxTextBytes;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== "string" || (typeof v.isWellFormed === "function" ? !v.isWellFormed() : LONE.test(v))) {
      text(v, `values[${i}]`);
    }
    if (v.length * 3 > max) tooLarge(v, `values[${i}]`);
  }
  const results = new Array(list.length);
  const a = asked(p, o, f);
  // In calls of at most the size limit and BATCH_VALUES values, so that the module's buffers
  // stay bounded whatever the batch.
  for (let from = 0; from < list.length; ) {
    const end = batchEnd(list, from);
    const part = from === 0 && end === list.length ? list : list.slice(from, end);
    checkPart(p, f, o, a, part, results, from);
    from = end;
  }
  return results;
}

/** checkMany's answers for `part`, one call of the module, into `results` from `offset`. */
function checkPart(p, f, o, a, part, results, offset) {
  const [bytes, utf16Ends] = writeBatch(part);
  const verdicts = batchOut(glue.check_batch(p, o.operation, f, o.profile, bytes, part.length, utf16Ends), part.length);
  if (verdicts[0] === 2) throw new Error("image-preflight: internal error: the WebAssembly module refused the batch");
  let invalid = 0;
  for (let i = 0, at = 0; i < part.length; i++, at += 6) {
    // An invalid value's report is read below: reading one may move the answer's memory.
    if (verdicts[at] === VALID) {
      results[offset + i] = new ValidAnswer(frozenCounts(f, verdicts, at + 1), a);
    } else {
      results[offset + i] = null;
      invalid++;
    }
  }
  for (let i = 0; invalid > 0 && i < part.length; i++) {
    if (results[offset + i] === null) {
      results[offset + i] = answer(JSON.parse(glue.batch_report(p, o.operation, f, o.profile, o.lang, i)));
      invalid--;
    }
  }
}

/**
 * Judges deleting an image `{ owner, sharedWith, state, kind, ... }`: Volcengine refuses while
 * it is shared. Returns `{ valid, violations, counts }`.
 */
export function checkDelete(provider, imageSpec, options) {
  need();
  const p = known(N.provider, provider);
  const o = checkOptions(options, ["lang"]);
  const img = image(imageSpec, "image");
  return answer(JSON.parse(glue.check_delete(p, o.lang, img.owner, img.state, img.kind, img.flags, img.sharedWith)));
}

// `state` and `kind`, as an image spells them everywhere; `imageState` and `imageKind` are the
// older spelling, still read.
const SHARE_KEYS = ["owner", "sharedWith", "add", "remove", "state", "kind", "imageState", "imageKind", "encrypted", "customerKey", "byol", "deprecated"];
const PLAN_KEYS = ["owner", "sharedWith", "desired", "state", "kind", "imageState", "imageKind", "encrypted", "customerKey", "byol", "deprecated"];

function shareImage(spec, keys, what) {
  const o = object(spec, what);
  only(o, keys, `key of ${what}`);
  for (const [now, old] of [["state", "imageState"], ["kind", "imageKind"]]) {
    if (o[now] !== undefined && o[old] !== undefined) {
      throw new TypeError(`image-preflight: give ${what}.${now} once (${old} is its older spelling)`);
    }
  }
  return { o, img: imageArgs(o, o.state ?? o.imageState, o.kind ?? o.imageKind, what) };
}

/**
 * One share request (Alibaba/Volcengine add and remove lists; Tencent `add` = SHARE,
 * `remove` = CANCEL) judged against the image. Returns `{ valid, violations, sharedWith,
 * request }`: the share set after the request (as it was when refused) and the request in the
 * provider's own parameter names.
 */
export function share(provider, change, options) {
  need();
  const p = known(N.provider, provider);
  const o = checkOptions(options, SHARE_OPTIONS);
  const { o: c, img } = shareImage(change, SHARE_KEYS, "change");
  const add = accounts(c.add, "add");
  const remove = accounts(c.remove, "remove");
  return answer(JSON.parse(glue.share(p, o.profile, o.lang, img.owner, img.state, img.kind, img.flags, img.sharedWith, add, remove)));
}

/**
 * The shortest list of requests that turns `sharedWith` into `desired`, each within the
 * provider's limits. Returns `{ valid, violations, requests }`.
 */
export function planShare(provider, spec, options) {
  need();
  const p = known(N.provider, provider);
  const o = checkOptions(options, SHARE_OPTIONS);
  const { o: s, img } = shareImage(spec, PLAN_KEYS, "plan");
  if (s.desired === undefined) throw new TypeError("image-preflight: planShare needs desired, the accounts to end up shared with");
  const desired = accounts(s.desired, "desired");
  return answer(JSON.parse(glue.plan_share(p, o.profile, o.lang, img.owner, img.state, img.kind, img.flags, img.sharedWith, desired)));
}

/**
 * The rule export: the same object as `image-preflight rules --format json`, for every provider
 * or only `provider`. `options`: `{ profile }`.
 */
export function rules(provider, options) {
  need();
  const p = provider === undefined || provider === null ? -1 : known(N.provider, provider);
  const o = checkOptions(options, ["profile"]);
  // The export is not in the .wasm (its citations would be a tenth of it): wasm/rules.js holds
  // it, generated from the core's tables by build.sh. Each call builds a new object.
  const root = RULES.roots[o.profile];
  if (p < 0) return node(root);
  const key = N.provider.list[p];
  return { [key]: node(RULES.nodes[root][key]) };
}

/** Node `i` of wasm/rules.js as the object it stands for: its members are node numbers. */
function node(i) {
  const n = RULES.nodes[i];
  if (Array.isArray(n)) return n.map(node);
  if (n === null || typeof n !== "object") return n;
  return Object.fromEntries(Object.entries(n).map(([k, j]) => [k, node(j)]));
}

// --- forms ------------------------------------------------------------------------------

const BIND_OPTIONS = ["provider", "field", "operation", "profile", "lang", "onResult", "eventName"];

/**
 * Makes a form field check itself as the user types. On every `input` event (and once now) the
 * value is checked; `setCustomValidity` gets the message of the first violation ("" when valid),
 * so the browser's validity UI and `:invalid` follow the library; a `preflight` event (or
 * `eventName`) is dispatched on the input with the result as `detail`, and `onResult(result,
 * input)` is called. Spans are in UTF-16 units, ready for `input.setSelectionRange`. Returns a
 * function that unbinds it and clears the custom validity.
 */
export function bindInput(input, options) {
  need();
  if (!input || typeof input.addEventListener !== "function" || typeof input.setCustomValidity !== "function") {
    throw new TypeError("image-preflight: bindInput needs an <input> or <textarea> element");
  }
  const o = object(options, "options");
  only(o, BIND_OPTIONS, "option");
  known(N.provider, o.provider);
  const f = known(N.field, o.field);
  const field = N.field.list[f];
  const checkOptionsObject = {};
  for (const key of ["operation", "profile", "lang"]) if (o[key] !== undefined) checkOptionsObject[key] = o[key];
  checkOptions(checkOptionsObject); // names are checked now, not on the first keystroke
  if (o.onResult !== undefined && typeof o.onResult !== "function") {
    throw new TypeError("image-preflight: onResult must be a function");
  }
  const eventName = o.eventName ?? "preflight";
  const run = () => {
    let result;
    try {
      result = check(o.provider, { [field]: input.value }, checkOptionsObject);
    } catch (e) {
      if (e?.name !== "TextError") throw e; // a lone surrogate, or a text over the size limit
      result = answer({ valid: false, violations: [], counts: {} }, { error: { code: e.code, message: e.message, utf16Index: e.utf16Index } });
    }
    input.setCustomValidity(result.valid ? "" : (result.violations[0]?.message ?? result.error.message));
    input.dispatchEvent(new CustomEvent(eventName, { detail: result }));
    o.onResult?.(result, input);
    return result;
  };
  input.addEventListener("input", run);
  run();
  return function unbind() {
    input.removeEventListener("input", run);
    input.setCustomValidity("");
  };
}
