// The package under test. IPF_JS_ENTRY names a module in a scratch project that installed the
// packed tarball and re-exports "image-preflight" (what scripts/test-js.sh does), so the tests
// go through the package's exports map as a user's import does; without it, the build in
// bindings/js is used.
import { pathToFileURL } from "node:url";
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const entry = process.env.IPF_JS_ENTRY;
export const ip = await import(entry ? pathToFileURL(entry).href : new URL("../../bindings/js/node.js", import.meta.url).href);

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Every case of one kind in tests/vectors. */
export function cases(kind) {
  const dir = join(root, "tests", "vectors");
  const out = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const doc = JSON.parse(readFileSync(join(dir, file), "utf8"));
    if (doc.kind === kind) out.push(...doc.cases);
  }
  if (out.length === 0) throw new Error(`no ${kind} vectors in ${dir}`);
  return out;
}

export function valueOf(c) {
  if ("value" in c) return c.value;
  return c.value_parts.map(([text, times]) => text.repeat(times)).join("");
}

export function accountsOf(value) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    const [start, count] = value.range;
    return Array.from({ length: count }, (_, i) => String(start + i));
  }
  return value;
}

export const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
