// The loaded WebAssembly module and what the API reads from it: the core's names, and views
// of the linear-memory buffers the hot path shares with it. Internal to the package.
import * as glue from "./wasm/image_preflight_wasm.js";

export { glue };

/** A WebAssembly module of one function that makes a SIMD vector (`i32.const 0`,
 * `i8x16.splat`): an engine validates it exactly when it has the `simd128` instructions.
 * Sections: type `() -> v128`, one function of that type, its body. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // types: one, () -> v128
  0x03, 0x02, 0x01, 0x00, // functions: one, of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // code: no locals, i32.const 0, i8x16.splat, end
]);

/** Whether the engine runs the SIMD build (wasm/image_preflight_wasm_bg.wasm); otherwise the
 * loaders take the scalar build (wasm/image_preflight_wasm_scalar_bg.wasm). WebAssembly has no
 * run-time CPU test: this asks the engine once. */
export function simd() {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

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
    // The core's one size limit (MAX_TEXT_BYTES), in UTF-8 bytes.
    maxTextBytes: names.maxTextBytes,
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

/** Makes the text buffer hold at least `bytes` bytes (at most the size limit: every text and
 * every batch chunk is within it, so the memory a page keeps after a huge check is bounded). */
function reserve(bytes) {
  if (bytes > textCap || textCap === 0) {
    textCap = Math.min(Math.max(bytes, 4096), N.maxTextBytes);
    textPtr = glue.text_buffer(textCap);
    buffer = null; // new address, and the memory may have grown
  }
  views();
}

/** The UTF-8 length of a well-formed string, without encoding it. */
export function utf8Length(value) {
  let bytes = value.length; // one byte per unit, then what each unit adds
  for (let i = 0; i < value.length; i++) {
    const u = value.charCodeAt(i);
    // A surrogate pair is 4 bytes for 2 units: each half adds one.
    if (u >= 0x80) bytes += u < 0x800 || (u >= 0xd800 && u <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}

/** The UTF-8 length of a well-formed string when it is over the size limit, else -1: told
 * from its length alone when it can be (UTF-8 takes 1 to 3 bytes per UTF-16 unit). */
export function overLimit(value) {
  const max = N.maxTextBytes;
  if (value.length * 3 <= max) return -1;
  if (value.length > max) return value.length;
  const bytes = utf8Length(value);
  return bytes > max ? bytes : -1;
}

/** Encodes a well-formed string within the size limit into the text buffer; returns its
 * length in bytes. */
export function writeText(value) {
  // At most 3 bytes of UTF-8 per UTF-16 unit; a longer value's exact length.
  reserve(value.length * 3 <= N.maxTextBytes ? value.length * 3 : utf8Length(value));
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

/** The most values one check_batch call takes: with the size limit on the text, this bounds
 * the end list and the answer (6 numbers a value) that the module keeps. */
export const BATCH_VALUES = 65536;

/** Where the next batch call should end: values `[from, end)` hold at most BATCH_VALUES values
 * and encode to at most the size limit (3 bytes a unit counted; a value over that alone takes
 * a call, with its exact length, and each value is within the limit already). */
export function batchEnd(values, from) {
  const max = N.maxTextBytes;
  let units = 0;
  let end = from;
  while (end < values.length && end - from < BATCH_VALUES) {
    const n = values[end].length * 3;
    if (units + n > max && end > from) break;
    units += n;
    end++;
  }
  return end;
}

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
  // One value may be alone over 3 bytes a unit (see batchEnd): then its exact length.
  reserve(need * 3 <= N.maxTextBytes ? need * 3 : utf8Length(values[0]));
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
