// The loaded WebAssembly module and what the API reads from it: the core's names, and views
// of the linear-memory buffers the hot path shares with it. Internal to the package.
import * as glue from "./wasm/image_preflight_wasm.js";

export { glue };

/** The module's raw exports (memory included), once loaded. */
let raw = null;
/** The core's names, once loaded. */
export let N = null;

const encoder = new TextEncoder();
let buffer = null; // the memory's ArrayBuffer the views below were made on
let textPtr = 0;
let textCap = 0;
let textView = null;
let outView = null;

/** Takes the instance's exports; reads the core's names. Called once by the entry module. */
export function attach(exports) {
  if (raw) return;
  raw = exports;
  const names = JSON.parse(glue.names());
  const table = (what, entries, alias) => {
    const byName = new Map();
    const list = [];
    for (const [key, n] of Object.entries(entries)) {
      const js = alias(key);
      list[n] = js;
      byName.set(js, n);
      byName.set(key, n);
    }
    return { what, byName, list };
  };
  const same = (k) => k;
  N = {
    provider: table("provider", names.providers, same),
    operation: table("operation", names.operations, same),
    // JavaScript spells fields in camelCase (bootMode); the core's spelling (boot_mode) is
    // accepted too.
    field: table("field", names.fields, camelCase),
    profile: table("profile", names.profiles, same),
    lang: table("lang", names.langs, same),
    imageKind: table("image kind", names.imageKinds, same),
  };
}

export function loaded() {
  return raw !== null;
}

/** Throws unless the module is loaded. */
export function need() {
  if (!raw) {
    throw new Error("image-preflight: the WebAssembly module is not loaded yet: `await init()` first");
  }
}

export function camelCase(key) {
  return key.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
}

function views() {
  if (buffer !== raw.memory.buffer) {
    // The memory grew (or this is the first call): every view on the old buffer is detached.
    buffer = raw.memory.buffer;
    textView = textCap > 0 ? new Uint8Array(buffer, textPtr, textCap) : null;
    outView = null;
  }
}

/** Makes the text buffer hold at least `bytes` bytes. */
function reserve(bytes) {
  if (bytes > textCap || textCap === 0) {
    textCap = Math.max(bytes, 4096);
    textPtr = glue.text_buffer(textCap);
    buffer = null; // new address, and the memory may have grown
  }
  views();
}

/** Encodes a well-formed string into the text buffer; returns its length in bytes. */
export function writeText(value) {
  // At most 3 bytes of UTF-8 per UTF-16 unit.
  reserve(value.length * 3);
  return encoder.encodeInto(value, textView).written;
}

/** The numbers the last check_text wrote: `[_, present, bytes, chars, utf16, graphemes]`. */
export function out() {
  views();
  if (outView === null) outView = new Uint32Array(buffer, glue.out_buffer(), 6);
  return outView;
}

/** How many values writeBatch joins into one string for one encodeInto call. */
const CHUNK = 256;

/** Encodes values one after another into the text buffer for check_batch, with each one's
 * end in the end list, in UTF-16 units (the values' lengths, known without encoding each one);
 * returns `[bytes written, whether the ends must be turned into bytes]`. The values are joined a
 * chunk at a time and each chunk is encoded with one encodeInto: a call costs about as much as
 * encoding 64 ASCII characters, so one per value was half the encoding time (measured; joining
 * the whole batch into one string first was slower still). A batch that encodes to as many
 * bytes as it has UTF-16 units is ASCII (every other character takes more bytes than units), so
 * its ends are byte offsets already; otherwise check_batch converts them in one pass. The values
 * hold no lone surrogate (checked before), so joining them cannot pair two halves into a
 * character that neither value holds. */
export function writeBatch(values) {
  let need = 0;
  for (let i = 0; i < values.length; i++) need += values[i].length;
  reserve(need * 3);
  const endsPtr = glue.ends_buffer(values.length); // may grow the memory: views are made after
  views();
  const ends = new Uint32Array(buffer, endsPtr, values.length);
  const text = textView;
  let at = 0;
  let units = 0;
  for (let first = 0; first < values.length; first += CHUNK) {
    const last = Math.min(values.length, first + CHUNK);
    let joined = "";
    for (let i = first; i < last; i++) {
      joined += values[i];
      units += values[i].length;
      ends[i] = units;
    }
    at += encoder.encodeInto(joined, text.subarray(at)).written;
  }
  return [at, at !== units];
}

/** The answer of check_batch, whose address it returned. */
export function batchOut(ptr, count) {
  outView = null; // the batch may have moved the out buffer
  return new Uint32Array(raw.memory.buffer, ptr, count * 6);
}
