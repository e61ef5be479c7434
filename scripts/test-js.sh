#!/usr/bin/env bash
# The JavaScript (WebAssembly) package and the web-form demo, tested as a user meets them:
#   1. build the package in place (bash bindings/js/build.sh) and hold the .wasm to its size limits;
#   2. `npm pack` it, install the tarball into an empty scratch project, import it there by name
#      and run a check; `tsc --noEmit` a typed example against the installed declarations;
#   3. node --test tests/js/ through the installed package: every shared vector, the API, bad
#      input, the rule export against the command line's, the patterns under `u` and `v`, and
#      every answer's JSON.stringify against docs/schema (ajv, tests/js/package.json);
#   4. the web-form demo in headless Chromium (tests/browser/), loading the installed package.
#   5. through bundlers (tests/bundlers/): webpack 5 and esbuild, installed with the tarball into
#      a scratch project, bundle a small web app; each bundle runs in the same headless Chromium.
# Installs what it needs (Rust target, wasm-bindgen-cli, npm packages, Debian's chromium and a
# CJK font, a virtual environment with the Python binding unless IPF_PYTHON names one) and fails
# loudly when anything is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

step() { printf '\n--> %s\n' "$*"; }

if ! command -v node >/dev/null; then
  echo "installing Node.js from Debian's packages"
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "!!! Node.js $(node --version) is too old: the package needs Node 20 or later !!!" >&2
  exit 1
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# Both builds: SIMD (what engines load) and scalar (the fallback); a page fetches one.
files="wasm/image_preflight_wasm_bg.wasm wasm/image_preflight_wasm_scalar_bg.wasm"
# IPF_NPM_TARBALL: test the tarball scripts/release.sh made (dist/npm/) instead of building.
if [ -n "${IPF_NPM_TARBALL:-}" ]; then
  step "the release's npm package: $IPF_NPM_TARBALL"
  cp "$IPF_NPM_TARBALL" "$scratch/"
  tarball="$(basename "$IPF_NPM_TARBALL")"
  # shellcheck disable=SC2086
  tar -xzf "$scratch/$tarball" -C "$scratch" $(printf 'package/%s ' $files)
  dir="$scratch/package"
else
  step "build the package (bindings/js/build.sh)"
  bash bindings/js/build.sh
  dir=bindings/js
fi
for file in $files; do
  wasm="$dir/$file"
  bytes=$(wc -c < "$wasm")
  gzipped=$(gzip -9c "$wasm" | wc -c)
  # The goal: 200,000 bytes and 80,000 gzipped (docs/javascript.md, Size, says what it holds).
  echo "the shipped $(basename "$wasm"): $bytes bytes, $gzipped gzipped (limit: 200,000 and 80,000 gzipped)"
  if [ "$bytes" -gt 200000 ] || [ "$gzipped" -gt 80000 ]; then
    echo "!!! $wasm is ABOVE its size limit of 200,000 bytes and 80,000 gzipped (docs/javascript.md, Size, says what it holds) !!!" >&2
    exit 1
  fi
done
# docs/javascript.md quotes the size of the SIMD build, the one engines load, as shipped: within
# 2% of the real one, or it is stale.
wasm="$dir/wasm/image_preflight_wasm_bg.wasm"
bytes=$(wc -c < "$wasm")
gzipped=$(gzip -9c "$wasm" | wc -c)
quoted="$(sed -n 's/^| `image_preflight_wasm_bg.wasm` as shipped now | \([0-9,]*\) | \([0-9,]*\) |$/\1 \2/p' docs/javascript.md | tr -d ,)"
read -r quoted_bytes quoted_gzipped <<<"$quoted"
[ -n "${quoted_gzipped:-}" ] || { echo "!!! docs/javascript.md has no '| \`image_preflight_wasm_bg.wasm\` as shipped now | B | G |' row !!!" >&2; exit 1; }
off() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d * 50 > b) }'; }
if off "$quoted_bytes" "$bytes" || off "$quoted_gzipped" "$gzipped"; then
  echo "!!! docs/javascript.md quotes $quoted_bytes / $quoted_gzipped bytes; the .wasm is $bytes / $gzipped: update its Size table !!!" >&2
  exit 1
fi

step "npm pack, install the tarball into an empty project, import it by name"
if [ -z "${IPF_NPM_TARBALL:-}" ]; then
  tarball="$(cd "$scratch" && npm pack --silent "$root/bindings/js" | tail -1)"
fi
echo "packed $tarball: $(tar tzf "$scratch/$tarball" | sed 's|^package/||' | tr '\n' ' ')"
app="$scratch/app"
mkdir -p "$app"
printf '{ "name": "scratch-app", "private": true, "type": "module" }\n' > "$app/package.json"
typescript="$(node -p 'require("./bindings/js/package.json").devDependencies.typescript')"
(cd "$app" && npm install --no-audit --no-fund --silent "$scratch/$tarball" "typescript@$typescript")
(cd "$app" && node --input-type=module -e '
  import { init, check } from "image-preflight";
  await init();
  const r = check("alibaba", { name: "aliyun-base" }, { lang: "zh" });
  if (r.valid || r.violations[0].providerCode !== "InvalidImageName.Malformed") throw new Error(JSON.stringify(r));
  console.log("imported from the installed tarball:", r.violations[0].message);
')
printf 'export * from "image-preflight";\n' > "$app/entry.mjs"

step "TypeScript: tsc --noEmit on a typed example against the installed declarations"
cp tests/js/typed/example.ts tests/js/typed/tsconfig.json "$app/"
(cd "$app" && npx --no-install tsc -p tsconfig.json)
echo "tsc: no errors"
# The README's JavaScript examples, each compiled as a module under tsc --strict.
python3 - "$app" <<'PY'
import pathlib, re, sys
app = pathlib.Path(sys.argv[1])
blocks = re.findall(r"```js\n(.*?)```", pathlib.Path("README.md").read_text(encoding="utf-8"), flags=re.S)
assert blocks, "no js block in README.md"
for n, code in enumerate(blocks):
    (app / ("readme_%d.ts" % n)).write_text(code + "\nexport {};\n", encoding="utf-8")
PY
(cd "$app" && npx --no-install tsc --strict --noEmit --target es2022 --module nodenext --moduleResolution nodenext \
  --lib es2022,dom readme_*.ts)
echo "tsc --strict: the README's JavaScript examples compile"

step "node --test tests/js/ (vectors, API, bad input, rule export, patterns under u and v, JSON against the schemas)"
# ajv, the JSON Schema validator tests/js/schema.test.mjs checks every answer's JSON with.
(cd tests/js && npm ci --no-audit --no-fund --silent)
data="$scratch/data"
mkdir -p "$data"
cargo run -q --release --example pattern_cases > "$data/pattern-cases.json"
for profile in latest strict; do
  cargo run -q -p image-preflight-cli -- rules --format json --profile "$profile" > "$data/rules-$profile.json"
done
IPF_JS_ENTRY="$app/entry.mjs" IPF_RULES_DIR="$data" IPF_PATTERN_CASES="$data/pattern-cases.json" node --test tests/js/
# The scalar build, which engines without SIMD load: every vector and the API again.
IPF_WASM=scalar IPF_JS_ENTRY="$app/entry.mjs" IPF_RULES_DIR="$data" node --test tests/js/vectors.test.mjs tests/js/api.test.mjs tests/js/schema.test.mjs

step "the web-form demo in headless Chromium (playwright-core)"
# grep without -q: under pipefail, -q's early exit would fail fc-list with SIGPIPE.
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -i 'wqy\|noto.*cjk' >/dev/null; then
  echo "installing Debian's chromium and a CJK font"
  if ! (apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null); then
    echo "!!! NO BROWSER: Debian's chromium could not be installed, so the web-form demo is NOT tested !!!" >&2
    exit 1
  fi
fi
if [ -z "${IPF_PYTHON:-}" ]; then
  python3 -m venv "$scratch/venv"
  "$scratch/venv/bin/pip" install -q ./bindings/python
  IPF_PYTHON="$scratch/venv/bin/python"
fi
(cd tests/browser && npm ci --no-audit --no-fund --silent)
IPF_PYTHON="$IPF_PYTHON" IPF_JS_PACKAGE="$app/node_modules/image-preflight" node --test tests/browser/

step "through bundlers: webpack 5 and esbuild bundle the installed tarball; each bundle in headless Chromium"
bundlers="$scratch/bundlers"
mkdir -p "$bundlers"
cp tests/bundlers/package.json tests/bundlers/package-lock.json "$bundlers/"
(cd "$bundlers" && npm ci --no-audit --no-fund --silent && npm install --no-save --no-audit --no-fund --silent "$scratch/$tarball")
IPF_BUNDLER_PROJECT="$bundlers" node --test tests/bundlers/
