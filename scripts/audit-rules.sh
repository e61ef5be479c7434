#!/usr/bin/env bash
# Reads each provider's official SDK request models into rules-audit/<provider>.json, the
# extract that cli/tests/audit.rs holds the rule tables to (offline; CI does not run this script).
#
#   bash scripts/audit-rules.sh            the SDK versions pinned in scripts/audit/pins.txt
#   bash scripts/audit-rules.sh --refresh  the newest SDKs; rewrites the pins and the extract
#
# The SDKs go into a throwaway virtual environment, never into the caller's Python. Needs the
# package registry. Volcengine's ECS models are in volcenginesdk-ecs, the part of
# volcengine-python-sdk that holds ECS (the older `volcengine` package has no ECS models).
# AWS's models are the data files botocore ships (EC2 and Organizations); Compute Engine's is
# the discovery document google-api-python-client ships (compute.v1.json).
set -euo pipefail
cd "$(dirname "$0")/.."
refresh=0
case "${1:-}" in
  --refresh) refresh=1 ;;
  "") ;;
  *) echo "usage: $0 [--refresh]" >&2; exit 2 ;;
esac
python=${PYTHON:-python3}
venv=$(mktemp -d "${TMPDIR:-/tmp}/ipf-audit.XXXXXX")
trap 'rm -rf "$venv"' EXIT
"$python" -m venv "$venv"
pip=("$venv/bin/pip" install --quiet --disable-pip-version-check)
if [ "$refresh" = 1 ]; then
  "${pip[@]}" --upgrade $(sed 's/==.*//' scripts/audit/pins.txt)
  while read -r line; do
    name=${line%%==*}
    echo "$name==$("$venv/bin/python" -c 'import importlib.metadata,sys; print(importlib.metadata.version(sys.argv[1]))' "$name")"
  done < scripts/audit/pins.txt > scripts/audit/pins.txt.new
  mv scripts/audit/pins.txt.new scripts/audit/pins.txt
else
  "${pip[@]}" -r scripts/audit/pins.txt
fi
"$venv/bin/python" scripts/audit/extract.py rules-audit
echo "rules-audit/ rewritten; run: cargo test -p image-preflight-cli --test audit"
