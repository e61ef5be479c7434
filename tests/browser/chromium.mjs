// How the browser tests start Chromium: Debian's /usr/bin/chromium (or $CHROMIUM), headless,
// with nothing that reaches the network. `chromium` is playwright-core's, from whichever
// project installed it.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";

export const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

export function launch(chromium) {
  assert.ok(existsSync(executablePath), `no browser at ${executablePath}: apt-get install chromium`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}
