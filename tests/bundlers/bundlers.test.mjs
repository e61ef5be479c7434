// The npm package through bundlers, as a web app's developer meets it: a scratch project with the
// packed tarball, webpack 5 and esbuild installed (pinned in tests/bundlers/package.json) bundles
// a small browser entry; each bundle is served over HTTP and run in headless Chromium, which
// must load the .wasm and give the exact answers the package's Node entry gives.
//
// - webpack 5 turns `new URL("./wasm/….wasm", import.meta.url)` in the package into an emitted
//   asset: `init()` with no argument works, nothing to configure.
// - esbuild leaves that expression alone: the .wasm must be copied beside the bundle (as
//   wasm/image_preflight_wasm_bg.wasm, ESM output) or imported with the `file` loader and its URL
//   passed to `init(url)`. Both are tested, and so is the failure without either.
//
// Needs IPF_BUNDLER_PROJECT: a folder with tests/bundlers/package.json's packages and the
// image-preflight tarball installed (scripts/test-js.sh makes one). Run: node --test tests/bundlers/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "../browser/chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const project = process.env.IPF_BUNDLER_PROJECT;
let need, webpack, esbuild, browser, server, base, packageWasm, packageScalarWasm, expected;

before(async () => {
  assert.ok(project, "set IPF_BUNDLER_PROJECT to a project with the bundlers and the image-preflight tarball installed");
  need = createRequire(join(project, "package.json"));
  webpack = need("webpack");
  esbuild = need("esbuild");
  // The web app's own sources, beside its node_modules, so the bundlers resolve the package as
  // they would in any app.
  mkdirSync(join(project, "src"), { recursive: true });
  for (const file of ["cases.js", "entry-default.js", "entry-url.js"]) copyFileSync(join(here, file), join(project, "src", file));
  packageWasm = readFileSync(need.resolve("image-preflight/image_preflight.wasm"));
  packageScalarWasm = readFileSync(need.resolve("image-preflight/image_preflight_scalar.wasm"));

  // What the package answers in Node (its `node` entry), for the same calls.
  const { run } = await import(pathToFileURL(join(here, "cases.js")));
  const node = await import(pathToFileURL(need.resolve("image-preflight")));
  expected = await run(node, () => node.init());

  server = createServer(serve);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch(need("playwright-core").chromium);
});

after(async () => {
  await browser?.close();
  server?.close();
});

const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

/** Serves the project's dist-* folders, with the MIME type streaming compilation needs. */
function serve(req, res) {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^\/+/, "");
  if (!path.startsWith("dist-")) return res.writeHead(404).end();
  try {
    const body = readFileSync(join(project, path));
    res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
  } catch {
    res.writeHead(404).end();
  }
}

/** A fresh output folder in the project. */
function outDir(name) {
  const dir = join(project, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  return dir;
}

/**
 * Opens `dir`'s bundle in Chromium; returns what `window.preflight` resolves to (or the error it
 * rejects with), the .wasm files the page fetched, and the page's errors.
 */
async function runInBrowser(dir, script, { module }) {
  writeFileSync(join(project, dir, "index.html"),
    `<!doctype html><meta charset="utf-8"><title>bundle</title><link rel="icon" href="data:,"><script ${module ? 'type="module" ' : ""}src="${script}"></script>\n`);
  const page = await browser.newPage();
  const errors = [];
  const wasm = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && errors.push(m.text()));
  page.on("response", (r) => r.url().endsWith(".wasm") && wasm.push([new URL(r.url()).pathname, r.status()]));
  try {
    await page.goto(`${base}${dir}/index.html`);
    await page.waitForFunction(() => window.preflight !== undefined, null, { timeout: 10000 });
    const answer = await page.evaluate(() => window.preflight.then((value) => ({ value }), (e) => ({ error: String(e) })));
    return { ...answer, wasm, errors };
  } finally {
    await page.close();
  }
}

/** The exact answers for a few values, then everything equal to the Node entry's answers. */
function assertAnswers({ value, error, errors }) {
  assert.equal(error, undefined, `the bundle failed in the browser: ${error}; ${errors.join("; ")}`);
  assert.deepEqual(errors, []);
  const [ascii, chinese, badStart, prefix] = value.checks;
  assert.deepEqual([ascii.valid, ascii.violations], [true, []]);
  assert.deepEqual(ascii.counts.name, { bytes: 12, chars: 12, utf16: 12, graphemes: 12 });
  assert.deepEqual([chinese.valid, chinese.violations], [true, []]);
  assert.deepEqual(chinese.counts.name, { bytes: 15, chars: 7, utf16: 7, graphemes: 7 });
  assert.equal(badStart.valid, false);
  assert.equal(badStart.violations.length, 1);
  const v = badStart.violations[0];
  assert.deepEqual([v.field, v.code, v.providerCode, v.httpStatus, v.found], ["name", "BAD_START", "InvalidImageName.Malformed", 400, "1"]);
  assert.equal(v.message, 'The image name may not start with "1".');
  assert.deepEqual(v.span, { byteStart: 0, byteEnd: 1, charStart: 0, charEnd: 1, utf16Start: 0, utf16End: 1, graphemeStart: 0, graphemeEnd: 1 });
  assert.deepEqual(prefix.violations.map((x) => [x.code, x.message, x.span.utf16Start, x.span.utf16End]),
    [["FORBIDDEN_PREFIX", 'The image name may not start with "aliyun".', 0, 6]]);
  assert.equal(value.chinese.violations[0].message, "镜像名称不能以“1”开头。");
  assert.deepEqual(value.many.map((r) => r.valid), [true, true, false, false]);
  assert.deepEqual(value.many, value.checks);
  assert.equal(value.rules.alibaba.modify.name.parameter, "ImageName");
  // Every provider, as the Node entry lists them (below): no list of them is kept here.
  assert.ok(value.allRules.includes("alibaba") && value.allRules.length === expected.allRules.length);
  assert.deepEqual(value, expected);
}

const wasmFiles = (dir) => readdirSync(join(project, dir)).filter((f) => f.endsWith(".wasm"));

test("webpack 5: new URL(…, import.meta.url) becomes an emitted asset; init() needs nothing", async () => {
  const dir = "dist-webpack";
  const stats = await new Promise((resolve, reject) => {
    webpack({
      mode: "production",
      context: project,
      entry: "./src/entry-default.js",
      output: { path: outDir(dir), filename: "main.js" },
      devtool: false,
    }, (err, s) => (err ? reject(err) : resolve(s)));
  });
  const info = stats.toJson({ all: false, errors: true, warnings: true, assets: true });
  assert.deepEqual([info.errors, info.warnings], [[], []]);
  // Two .wasm assets, the SIMD build and the scalar one (the package's glue names the first,
  // which webpack emits once), the very bytes the package ships, and the bundle refers to each
  // by its emitted name; the page fetches only the SIMD one, which Chromium runs.
  const emitted = wasmFiles(dir);
  assert.equal(emitted.length, 2, `webpack emitted ${JSON.stringify(emitted)}`);
  const bytesOf = (f) => readFileSync(join(project, dir, f));
  const simdAsset = emitted.find((f) => bytesOf(f).equals(packageWasm));
  assert.ok(simdAsset, "no emitted .wasm is the package's SIMD build");
  assert.ok(emitted.some((f) => bytesOf(f).equals(packageScalarWasm)), "no emitted .wasm is the package's scalar build");
  const bundle = readFileSync(join(project, dir, "main.js"), "utf8");
  for (const f of emitted) assert.ok(bundle.includes(f), `main.js does not name the emitted ${f}`);
  assert.ok(!bundle.includes("image_preflight_wasm_bg.wasm"), "main.js still names the package's .wasm path");

  const answer = await runInBrowser(dir, "main.js", { module: false });
  assertAnswers(answer);
  assert.deepEqual(answer.wasm, [[`/${dir}/${simdAsset}`, 200]]);
});

test("esbuild: the URL is left as it is; init() works once the .wasm is copied beside the bundle", async () => {
  const dir = "dist-esbuild";
  const out = outDir(dir);
  const result = await esbuild.build({
    absWorkingDir: project,
    entryPoints: ["src/entry-default.js"],
    entryNames: "main",
    bundle: true,
    format: "esm",
    minify: true,
    outdir: out,
    logLevel: "silent",
  });
  assert.deepEqual([result.errors, result.warnings], [[], []]);
  assert.deepEqual(wasmFiles(dir), []);
  const bundle = readFileSync(join(out, "main.js"), "utf8");
  assert.match(bundle, /new URL\("\.\/wasm\/image_preflight_wasm_bg\.wasm",import\.meta\.url\)/);

  // Without the copy, init() rejects: the .wasm is not there.
  const missing = await runInBrowser(dir, "main.js", { module: true });
  assert.equal(missing.value, undefined);
  assert.ok(missing.error, "init() did not reject without the .wasm");
  assert.deepEqual(missing.wasm, [[`/${dir}/wasm/image_preflight_wasm_bg.wasm`, 404]]);

  mkdirSync(join(out, "wasm"));
  copyFileSync(need.resolve("image-preflight/image_preflight.wasm"), join(out, "wasm", "image_preflight_wasm_bg.wasm"));
  const answer = await runInBrowser(dir, "main.js", { module: true });
  assertAnswers(answer);
  assert.deepEqual(answer.wasm, [[`/${dir}/wasm/image_preflight_wasm_bg.wasm`, 200]]);
});

test("esbuild: the exported .wasm through the file loader, its URL passed to init(url)", async () => {
  const dir = "dist-esbuild-file";
  const out = outDir(dir);
  const result = await esbuild.build({
    absWorkingDir: project,
    entryPoints: ["src/entry-url.js"],
    entryNames: "main",
    bundle: true,
    format: "esm",
    minify: true,
    outdir: out,
    loader: { ".wasm": "file" },
    logLevel: "silent",
  });
  assert.deepEqual([result.errors, result.warnings], [[], []]);
  const emitted = wasmFiles(dir);
  assert.equal(emitted.length, 1, `esbuild emitted ${JSON.stringify(emitted)}`);
  assert.ok(readFileSync(join(out, emitted[0])).equals(packageWasm), "the copied .wasm differs from the package's");
  assert.ok(readFileSync(join(out, "main.js"), "utf8").includes(emitted[0]), "main.js does not name the copied .wasm");

  const answer = await runInBrowser(dir, "main.js", { module: true });
  assertAnswers(answer);
  assert.deepEqual(answer.wasm, [[`/${dir}/${emitted[0]}`, 200]]);
});
