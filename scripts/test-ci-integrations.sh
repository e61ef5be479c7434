#!/usr/bin/env bash
# The pieces CI tools run, tried as they run them (scripts/test.sh runs this):
#   1. `--format sarif` output of each reader validated against the official SARIF 2.1.0 JSON
#      schema (sarif-2.1.0-rtm.5.json, as shipped in the npm package @microsoft/jest-sarif),
#      with Python's jsonschema;
#   2. each reader's --format json output validated against docs/schema/pipeline.schema.json,
#      every finding carrying file, line and column;
#   3. the pre-commit hooks of .pre-commit-hooks.yaml, run by `pre-commit try-repo` in a
#      scratch repository: a refused name fails the commit with file:line:column, a fixed one
#      passes.
# It uses the debug binary cargo has built (built here when missing), so the hooks do not
# rebuild the command line; pre-commit and jsonschema go into a venv under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
cargo build -q -p image-preflight-cli
bin="$root/target/debug/image-preflight"
work="$root/target/ci-integrations"
mkdir -p "$work"

venv="$work/venv"
if [ ! -x "$venv/bin/pre-commit" ] || ! "$venv/bin/python" -c 'import jsonschema' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q 'jsonschema>=4' 'pre-commit>=3'
fi

schema="$work/sarif-2.1.0-rtm.5.json"
if [ ! -s "$schema" ]; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null && tar xzf ./*.tgz)
  cp "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$schema"
  rm -rf "$tmp"
fi

echo "== SARIF 2.1.0: every reader's log validates against the schema"
fx="$root/cli/tests/fixtures"
logs=()
run_sarif() {
  local out="$work/$1.sarif"
  shift
  # Exit 1 (findings) is expected; 2 is not.
  set +e
  "$bin" "$@" --format sarif >"$out"
  local code=$?
  set -e
  if [ "$code" -gt 1 ]; then
    echo "image-preflight $* exited $code" >&2
    exit 1
  fi
  logs+=("$out")
}
run_sarif packer packer "$fx/packer/web.pkr.hcl"
run_sarif packer-vars packer "$fx/packer/vars"
run_sarif legacy packer "$fx/packer/legacy.json"
run_sarif plan terraform "$fx/terraform/mixed.json"
run_sarif plan-new-resources terraform "$fx/terraform/new_resources.json"
run_sarif config terraform "$fx/terraform/config"
run_sarif request request --provider alibaba --action ModifyImageSharePermission "$fx/request/share_wire.json"
"$venv/bin/python" - "$schema" "${logs[@]}" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft4Validator(schema)
for path in sys.argv[2:]:
    log = json.load(open(path))
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    for e in errors[:5]:
        print(f"{path}: {list(e.path)}: {e.message}", file=sys.stderr)
    if errors:
        sys.exit(1)
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert run["results"], f"{path}: no results"
    for r in run["results"]:
        assert ids[r["ruleIndex"]] == r["ruleId"], (path, r)
        if r["level"] == "error":
            region = r["locations"][0]["physicalLocation"]["region"]
            assert region["startLine"] >= 1 and region["startColumn"] >= 1, (path, r)
    print(f"ok: {path.rsplit('/', 1)[-1]}: {len(run['results'])} result(s), {len(ids)} rule(s)")
PY

echo "== the readers' JSON fits docs/schema/pipeline.schema.json (places, not_read, ...)"
jsons=()
run_json() {
  local out="$work/$1.json"
  shift
  set +e
  "$bin" "$@" --format json >"$out"
  local code=$?
  set -e
  if [ "$code" -gt 1 ]; then
    echo "image-preflight $* exited $code" >&2
    exit 1
  fi
  jsons+=("$out")
}
run_json packer packer "$fx/packer/web.pkr.hcl"
run_json packer-vars packer "$fx/packer/vars"
run_json legacy packer "$fx/packer/legacy.json"
run_json plan terraform "$fx/terraform/mixed.json"
run_json plan-new-resources terraform "$fx/terraform/new_resources.json"
run_json config terraform "$fx/terraform/config"
run_json sensitive terraform "$fx/terraform/sensitive"
run_json request request --provider alibaba --action ModifyImageSharePermission "$fx/request/share_wire.json"
"$venv/bin/python" - "$root/docs/schema/pipeline.schema.json" "${jsons[@]}" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft202012Validator(schema)
placed = 0
for path in sys.argv[2:]:
    doc = json.load(open(path))
    errors = list(validator.iter_errors(doc))
    for e in errors[:5]:
        print(f"{path}: {list(e.path)}: {e.message}", file=sys.stderr)
    if errors:
        sys.exit(1)
    for f in doc["findings"]:
        assert {"file", "line", "column"} <= f.keys(), (path, f)
        placed += 1
print(f"ok: {len(sys.argv) - 2} outputs fit the pipeline schema; {placed} findings, each with file, line and column")
PY

echo "== pre-commit try-repo in a scratch repository"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
git -C "$scratch" init -q
git -C "$scratch" config user.email ci@example.invalid
git -C "$scratch" config user.name ci
mkdir -p "$scratch/images"
cat >"$scratch/images/main.tf" <<'TF'
variable "env" {
  default = "prod env"
}

resource "alicloud_image" "web" {
  image_name = "web-${var.env}"
}
TF
cat >"$scratch/images/web.pkr.hcl" <<'HCL'
source "alicloud-ecs" "web" {
  image_name = "1web"
}
HCL
git -C "$scratch" add -A
export PATH="$root/target/debug:$PATH"
export PRE_COMMIT_HOME="$work/pre-commit-home"
try() {
  (cd "$scratch" && "$venv/bin/pre-commit" try-repo "$root" "$1" --all-files) >"$work/try.log" 2>&1
}
# Each hook fails the commit, and says where.
expect_refusal() {
  if try "$1"; then
    cat "$work/try.log" >&2
    echo "$1 passed a refused value" >&2
    exit 1
  fi
  grep -qF "$2" "$work/try.log" || {
    cat "$work/try.log" >&2
    echo "$1 did not report: $2" >&2
    exit 1
  }
}
expect_refusal image-preflight-terraform \
  'images/main.tf:6:16: alicloud_image.web: image_name (create): BAD_CHAR'
expect_refusal image-preflight-packer \
  'images/web.pkr.hcl:2:16: source.alicloud-ecs.web: image_name (create): BAD_START'
sed -i 's/prod env/prod/' "$scratch/images/main.tf"
sed -i 's/"1web"/"web"/' "$scratch/images/web.pkr.hcl"
git -C "$scratch" add -A
for hook in image-preflight-terraform image-preflight-packer; do
  try "$hook" || {
    cat "$work/try.log" >&2
    echo "$hook failed a clean repository" >&2
    exit 1
  }
done
echo "ok: pre-commit hooks refuse a bad name and pass a good one"
