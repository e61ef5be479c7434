// The web-form demo in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven
// by playwright-core. Type a bad name, see the library's message inline, fix it, submit, see
// the server's confirmation, and save screenshots (target/web-form-invalid.png, target/web-form.png).
//
// Needs IPF_PYTHON: a Python with the image_preflight binding installed (the test command
// passes the one it built). Run: node --test tests/browser/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const python = process.env.IPF_PYTHON;
let server, browser, base;

before(async () => {
  assert.ok(python, "set IPF_PYTHON to a Python with the image_preflight binding");
  assert.ok(existsSync(executablePath), `no browser at ${executablePath}: apt-get install chromium`);
  // Port 0: the server picks a free port and prints its address.
  server = spawn(python, [join(root, "examples", "web-form", "server.py"), "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the demo server did not start")), 20000);
    server.stdout.on("data", (chunk) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(String(chunk));
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on("exit", (code) => reject(new Error(`the demo server exited with ${code}`)));
  });
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test("a bad name is flagged as typed, fixed, and confirmed by the server", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(base);
  await page.waitForFunction(() => document.body.dataset.ready === "true" || false, null, { timeout: 15000 }).catch(() => {
    throw new Error(`the form did not start: ${errors.join("; ") || "no error reported"}`);
  });
  await page.waitForSelector("body[data-ready=true]");
  await page.selectOption("#provider", "alibaba");

  await page.fill("#name", "1abc");
  const hint = page.locator("#name-hint");
  await assert.doesNotReject(hint.getByText("2 to 128 characters").waitFor());
  assert.match(await hint.textContent(), /starting with letters or Chinese characters/);
  assert.equal(await page.locator("#name").evaluate((el) => el.validity.patternMismatch), true,
    "the browser's own pattern check (v flag) agrees");

  await page.selectOption("#lang", "zh");
  assert.match(await hint.textContent(), /以英文字母或中文开头/);
  mkdirSync(join(root, "target"), { recursive: true });
  await page.screenshot({ path: join(root, "target", "web-form-invalid.png"), fullPage: true });
  await page.selectOption("#lang", "en");

  // Submitting the bad name: the server refuses it with the library's message.
  await page.click("#submit");
  await page.locator("#result.refused").waitFor();
  assert.match(await page.locator("#result").textContent(), /may not start with "1".*InvalidImageName\.Malformed/);

  // Fixed, with an emoji-free Chinese name of 128 code points in the description's place.
  await page.fill("#name", "web-base.v1");
  assert.equal(await hint.textContent(), "");
  assert.equal(await page.locator("#name").evaluate((el) => el.validity.valid), true);
  await page.fill("#description", "Nightly build 中文描述");
  await page.click("#submit");
  await page.locator("#result.ok").waitFor();
  assert.match(await page.locator("#result").textContent(), /Confirmed by the server/);
  await page.screenshot({ path: join(root, "target", "web-form.png"), fullPage: true });

  // An emoji counts as one character, never cut in half.
  await page.selectOption("#provider", "tencent");
  await page.fill("#name", "😀".repeat(60));
  assert.equal(await page.locator("#name").inputValue(), "😀".repeat(60));
  assert.equal(await page.locator("#name-count").textContent(), "60 / 60");
  assert.equal(await hint.textContent(), "");

  // Volcengine has no image family: the field says so.
  await page.selectOption("#provider", "volcengine");
  assert.equal(await page.locator("#family").isDisabled(), true);
  assert.match(await page.locator("#family-hint").textContent(), /no image family/);

  assert.deepEqual(errors, [], "the page logged errors");
  await page.close();
});
