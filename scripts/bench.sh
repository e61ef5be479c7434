#!/usr/bin/env bash
# Runs every benchmark of the project and prints each figure beside its target:
#   bash scripts/bench.sh            (about 5 minutes; see BENCHMARKS.md)
# Criterion (Rust and the C ABI), a callgrind instruction count for one valid check, the size
# of the stripped shared library, the Python binding against `re`, the Go binding against
# `regexp`. Timings on a shared virtual machine vary by 20% or more between runs: compare
# medians of several runs, or the instruction count, which does not vary.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

echo "== machine"
echo "date: $(date -u +%Y-%m-%d)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
echo "rustc: $(rustc --version)"

echo "== criterion (cargo bench --bench preflight)"
cargo bench -q --bench preflight -- --warm-up-time 2 --measurement-time 5 >/dev/null
python3 - "$root/target/criterion" <<'PY'
import json, os, sys
base = sys.argv[1]
targets = {
    "field/alibaba_name_ascii-64": 60e-9,
    "request_alibaba_three-fields": 250e-9,
    "share/plan_tencent_500-to-500": 0.5e-3,
    "share/plan_tencent_10000-refused": 5e-3,
}
def median(bench):
    with open(os.path.join(base, bench, "new", "estimates.json")) as f:
        return json.load(f)["median"]["point_estimate"] * 1e-9
def show(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return "%.1f %s" % (seconds / scale, unit)
    return "%.1f ns" % (seconds * 1e9)
found = []
for dirpath, dirnames, filenames in os.walk(base):
    if dirpath.endswith(os.sep + "new") and "estimates.json" in filenames:
        found.append(os.path.relpath(os.path.dirname(dirpath), base))
for path in sorted(found):
    m = median(path)
    target = targets.get(path)
    verdict = "" if target is None else ("  target <= %s: %s" % (show(target), "ok" if m <= target else "MISSED"))
    print("%-48s median %10s%s" % (path, show(m), verdict))
ratio = median("abi/c_alibaba_name_ascii-64") / median("abi/rust_alibaba_name_ascii-64")
print("%-48s %10.2fx  target <= 1.30x: %s" % ("C ABI / direct Rust call (64-char name)", ratio, "ok" if ratio <= 1.3 else "MISSED"))
PY

echo "== callgrind: instructions for one valid check (64-char ASCII Alibaba name)"
cargo build -q --release --example one_check
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$root/target/release/examples/one_check" "$@" 2>&1 | sed -n 's/.*Collected : //p'; }
for how in rust c; do
    one=$(count 1 "$how"); many=$(count 1001 "$how")
    echo "$how: $(( (many - one) / 1000 )) instructions per check (valgrind --tool=callgrind, 1001 checks minus 1)"
done

echo "== stripped shared library"
cargo build -q --release -p image-preflight
strip -o "$root/target/release/libimage_preflight.stripped.so" "$root/target/release/libimage_preflight.so"
size=$(stat -c %s "$root/target/release/libimage_preflight.stripped.so")
echo "libimage_preflight.so stripped: $size bytes ($(( size / 1024 )) KiB)  target <= 2 MiB: $([ "$size" -le 2097152 ] && echo ok || echo MISSED)"

echo "== Python binding (bindings/python/bench.py)"
venv="$(mktemp -d)/venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q ./bindings/python
"$venv/bin/python" bindings/python/bench.py

echo "== Go binding (go test -bench)"
(cd bindings/go && go test -run '^$' -bench . -benchtime 2s -count 3 . | grep -E '^Benchmark')
