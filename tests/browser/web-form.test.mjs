// The web-form demo in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core. The form checks itself with the npm package (the core as WebAssembly): type
// Chinese, an emoji, a bidi override and the forbidden prefixes, see the library's message for
// the specific fault and the offending text highlighted; switch the language; submit; and hold
// the in-browser verdict to the server's (Python binding) on generated values.
//
// Needs IPF_PYTHON: a Python with the image_preflight binding; IPF_JS_PACKAGE (optional): the
// installed npm package the page loads (default: the build in bindings/js). Screenshots go to
// target/web-form-*.png. Run: node --test tests/browser/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { launch } from "./chromium.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const python = process.env.IPF_PYTHON;
const pkg = process.env.IPF_JS_PACKAGE ?? join(root, "bindings", "js");
let server, browser, base, page;
const errors = [];

before(async () => {
  assert.ok(python, "set IPF_PYTHON to a Python with the image_preflight binding");
  // Port 0: the server picks a free port and prints its address.
  server = spawn(python, [join(root, "examples", "web-form", "server.py"), "--port", "0", "--package", pkg], { stdio: ["ignore", "pipe", "inherit"] });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the demo server did not start")), 20000);
    server.stdout.on("data", (chunk) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(String(chunk));
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on("exit", (code) => reject(new Error(`the demo server exited with ${code}`)));
  });
  browser = await launch(chromium);
  page = await browser.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && errors.push(m.text()));
  await page.goto(base);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 }).catch(() => {
    throw new Error(`the form did not start: ${errors.join("; ") || "no error reported"}`);
  });
  mkdirSync(join(root, "target"), { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

const hint = (field) => page.locator(`#${field}-hint`).textContent();
const marks = (field) => page.locator(`#${field}-mirror mark`).evaluateAll((ms) => ms.map((m) => [m.textContent, m.dataset.utf16]));
const validity = (field) => page.locator(`#${field}`).evaluate((el) => [el.validity.customError, el.validationMessage, el.matches(":invalid")]);

test("a forbidden prefix: the specific message, the prefix highlighted, the browser's validity", async () => {
  await page.selectOption("#provider", "alibaba");
  await page.fill("#name", "aliyun-镜像");
  assert.equal(await hint("name"), 'The image name may not start with "aliyun". (InvalidImageName.Malformed)');
  assert.deepEqual(await marks("name"), [["aliyun", "0-6"]]);
  const [custom, message, invalid] = await validity("name");
  assert.deepEqual([custom, invalid], [true, true]);
  assert.equal(message, 'The image name may not start with "aliyun".');
  await page.fill("#name", "acs:web");
  assert.match(await hint("name"), /may not start with "acs:"/);
  assert.deepEqual(await marks("name"), [["acs:", "0-4"]]);
});

test("Chinese passes; an emoji and a bidi override are named and highlighted at their UTF-16 offsets", async () => {
  await page.fill("#name", "中文镜像-v1");
  assert.equal(await hint("name"), "");
  assert.deepEqual(await marks("name"), []);
  assert.deepEqual((await validity("name"))[2], false);
  await page.fill("#name", "ab😀cd");
  assert.match(await hint("name"), /may not contain "😀"/);
  assert.deepEqual(await marks("name"), [["😀", "2-4"]]);
  await page.fill("#name", "web\u202Egpj.exe");
  assert.match(await hint("name"), /may not contain right-to-left override \(U\+202E\)/);
  assert.deepEqual(await marks("name"), [["U+202E", "3-4"]]);
  await page.screenshot({ path: join(root, "target", "web-form-invalid.png"), fullPage: true });
});

test("typing key by key checks every keystroke", async () => {
  await page.fill("#name", "");
  await page.locator("#name").pressSequentially("1ab");
  assert.match(await hint("name"), /may not start with "1"/);
  assert.deepEqual(await marks("name"), [["1", "0-1"]]);
  assert.equal(await page.locator("#name-count").textContent(), "3 / 128");
});

test("labels and messages follow the chosen language", async () => {
  await page.fill("#name", "aliyun-x");
  await page.selectOption("#lang", "zh");
  assert.equal(await page.locator("label[for=name] [data-text]").textContent(), "名称");
  assert.equal(await page.locator("#submit").textContent(), "提交服务器确认");
  assert.match(await hint("name"), /镜像名称不能以“aliyun”开头/);
  await page.selectOption("#lang", "en");
  assert.equal(await page.locator("label[for=name] [data-text]").textContent(), "Name");
});

test("submit: the server confirms with the same verdict", async () => {
  await page.selectOption("#provider", "alibaba");
  await page.fill("#name", "1abc");
  await page.fill("#description", "");
  await page.click("#submit");
  await page.locator("#result.refused").waitFor();
  assert.match(await page.locator("#result").textContent(), /may not start with "1".*InvalidImageName\.Malformed.*The form said the same/);
  await page.fill("#name", "web-base.v1");
  await page.fill("#description", "Nightly build 中文描述");
  await page.click("#submit");
  await page.locator("#result.ok").waitFor();
  assert.match(await page.locator("#result").textContent(), /Confirmed by the server.*The form said the same/);
  await page.screenshot({ path: join(root, "target", "web-form.png"), fullPage: true });
});

test("a field the cloud does not have is disabled and says so", async () => {
  await page.selectOption("#provider", "volcengine");
  assert.equal(await page.locator("#family").isDisabled(), true);
  assert.match(await hint("family"), /Not a field of this operation/);
  await page.selectOption("#provider", "tencent");
  await page.fill("#name", "😀".repeat(60));
  assert.equal(await page.locator("#name-count").textContent(), "60 / 60");
  assert.equal(await hint("name"), "");
});

/** Deterministic values from pieces that exercise every rule. */
function generated(count) {
  const pieces = ["a", "Z", "0", "9", ".", ":", "_", "-", ",", " ", "\t", "中", "文", "〇", "😀", "e\u0301", "\u202E", "\u200B",
    "!", "/", "@", "，", "aliyun", "ALIYUN", "acs:", "http://", "HTTPS://", "ecs", "tencent", "x".repeat(60), "中".repeat(40)];
  let seed = 0x2545f491;
  const next = (n) => {
    seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const out = [];
  while (out.length < count) {
    let v = "";
    const parts = 1 + next(6);
    for (let i = 0; i < parts; i++) v += pieces[next(pieces.length)];
    out.push(v);
  }
  return out;
}

test("the in-browser verdict equals the server's for 240 generated values", async () => {
  const values = generated(80);
  const combos = [];
  // Every cloud the form offers, which is every cloud the library knows.
  const providers = await page.$$eval("#provider option", (options) => options.map((o) => o.value));
  for (const [i, value] of values.entries()) {
    for (const provider of providers) {
      combos.push({ provider, field: ["name", "description", "family"][i % 3], value, lang: i % 2 ? "zh" : "en" });
    }
  }
  assert.ok(combos.length >= 200);
  // Each value goes through the form itself: typed into its field (set and an input event, as a
  // paste does), the verdict and messages read back from what the page shows, then POSTed.
  const mismatches = await page.evaluate(async (combos) => {
    const out = [];
    for (const c of combos) {
      for (const [id, value] of [["provider", c.provider], ["operation", "modify"], ["lang", c.lang]]) {
        const select = document.getElementById(id);
        if (select.value !== value) {
          select.value = value;
          select.dispatchEvent(new Event("change"));
        }
      }
      const input = document.getElementById(c.field);
      input.value = c.value;
      input.dispatchEvent(new Event("input"));
      const browser = input.disabled
        ? { disabled: true }
        : { valid: input.dataset.valid === "true", codes: input.dataset.codes, messages: [...document.querySelectorAll(`#${c.field}-hint li`)].map((li) => li.textContent) };
      const answer = await fetch("/preflight", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ provider: c.provider, operation: "modify", lang: c.lang, [c.field]: c.value }),
      });
      const report = await answer.json();
      const server = {
        valid: report.valid,
        codes: (report.violations ?? []).map((v) => v.code).join(" "),
        messages: (report.violations ?? []).map((v) => (v.provider_code ? `${v.message} (${v.provider_code})` : v.message)),
      };
      if (browser.disabled) {
        // The page disables a field the cloud lacks; the server reports it unsupported.
        if (server.valid !== false || server.codes !== "NOT_SUPPORTED") out.push({ c, browser, server });
      } else if (JSON.stringify(browser) !== JSON.stringify(server)) {
        out.push({ c, browser, server });
      }
    }
    return out;
  }, combos);
  assert.deepEqual(mismatches.slice(0, 3), [], `${mismatches.length} of ${combos.length} disagree`);
});

test("the page logged no error", () => {
  assert.deepEqual(errors, []);
});
