#!/usr/bin/env bash
# Runs every benchmark of the project and prints each figure beside its target:
#   bash scripts/bench.sh            (about 10 minutes; see BENCHMARKS.md)
# Criterion (Rust and the C ABI; issue 17's classes beside the regex crate), callgrind
# instruction counts per class of text, the size
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

echo "== criterion (cargo bench --bench preflight, --bench peers)"
echo "load: $(uptime | sed 's/.*load average: //')"
cargo bench -q --bench preflight -- --warm-up-time 2 --measurement-time 5 >/dev/null
cargo bench -q --bench peers -- --warm-up-time 2 --measurement-time 5 >/dev/null
echo "load: $(uptime | sed 's/.*load average: //')"
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
def ok(met):
    return "ok" if met else "MISSED"
peer_groups = ("alibaba_name", "volcengine_name", "volcengine_description", "tencent_name")
found = []
for dirpath, dirnames, filenames in os.walk(base):
    if dirpath.endswith(os.sep + "new") and "estimates.json" in filenames:
        found.append(os.path.relpath(os.path.dirname(dirpath), base))
for path in sorted(found):
    if path.startswith(peer_groups):
        continue
    m = median(path)
    target = targets.get(path)
    verdict = "" if target is None else ("  target <= %s: %s" % (show(target), ok(m <= target)))
    print("%-48s median %10s%s" % (path, show(m), verdict))
ratio = median("abi/c_alibaba_name_ascii-64") / median("abi/rust_alibaba_name_ascii-64")
print("%-48s %10.2fx  target <= 1.30x: %s" % ("C ABI / direct Rust call (64-char name)", ratio, ok(ratio <= 1.3)))

# Issue 17: each class beside the regex crate (benches/peers.rs). (group, case, chars, valid)
print()
print("issue 17: library against a regex-crate validator of the same rule, same run (medians)")
cases = [
    ("alibaba_name", "ascii-64", 64, True), ("alibaba_name", "han-64", 64, True),
    ("alibaba_name", "han-128", 128, True), ("alibaba_name", "mixed-40", 40, True),
    ("alibaba_name", "bad-start", 4, False), ("alibaba_name", "emoji", 12, False),
    ("alibaba_name", "ascii-129", 129, False),
    ("volcengine_name", "han-64", 64, True), ("volcengine_name", "han-128", 128, True),
    ("volcengine_name", "emoji", 12, False),
    ("volcengine_description", "han-255", 255, True), ("volcengine_description", "mixed-120", 120, True),
    ("volcengine_description", "bad-char-64", 64, False),
    ("tencent_name", "han-60", 60, True), ("tencent_name", "mixed-40", 40, True),
    ("tencent_name", "han-61", 61, False),
]
def way(group, case, how):
    return median("%s/%s/%s" % (group, case, how))
print("%-36s %10s %10s %10s  %s" % ("case", "validate", "is_valid", "regex", "verdict"))
for group, case, chars, valid in cases:
    v, i, r = (way(group, case, h) for h in ("validate", "is_valid", "regex"))
    if valid:
        verdict = "validate < regex: %s; %.2f ns/char <= 3: %s" % (ok(v < r), v * 1e9 / chars, ok(v * 1e9 / chars <= 3))
    else:
        verdict = "is_valid < regex: %s (%.1fx faster)" % (ok(i < r), r / i)
    print("%-36s %10s %10s %10s  %s" % (group + "/" + case, show(v), show(i), show(r), verdict))
han = way("alibaba_name", "han-64", "validate")
print("64 Han characters, validate: %s  target <= 200 ns: %s" % (show(han), ok(han <= 200e-9)))
for bad, good in (("bad-start", "valid-4"), ("emoji", "valid-12"), ("ascii-129", "ascii-128")):
    b, g = way("alibaba_name", bad, "validate"), way("alibaba_name", good, "validate")
    print("full report of %-10s %9s against valid %-9s %9s: %.2fx  target <= 2x: %s"
          % (bad, show(b), good, show(g), b / g, ok(b <= 2 * g)))
PY

echo "== callgrind: instructions per check, by class (Alibaba ImageName; examples/one_check.rs)"
cargo build -q --release --example one_check
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$root/target/release/examples/one_check" "$@" 2>&1 | sed -n 's/.*Collected : //p'; }
printf '%-10s %9s %9s %9s\n' class validate is_valid c
for class in ascii-64 han-64 han-128 mixed-40 bad-start emoji ascii-129 valid-4 valid-12 ascii-128; do
    row=()
    for how in rust is_valid c; do
        one=$(count 1 "$how" "$class"); many=$(count 1001 "$how" "$class")
        row+=("$(( (many - one) / 1000 ))")
    done
    printf '%-10s %9s %9s %9s\n' "$class" "${row[@]}"
done
echo "(valgrind --tool=callgrind, 1001 checks minus 1; c = ipf_validate without details)"

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
# The module finds the C library through pkg-config, as on a user's machine: install this
# checkout's into a staging prefix first (the static archive, so cgo calls are measured as a
# program that ships without a .so makes them).
go_prefix="$root/target/bench-go-prefix"
rm -rf "$go_prefix"
PREFIX="$go_prefix" bash scripts/install.sh >/dev/null
(cd bindings/go && PKG_CONFIG_PATH="$go_prefix/lib/pkgconfig" \
    go test -tags image_preflight_static -run '^$' -bench . -benchtime 2s -count 3 . | grep -E '^Benchmark') | tee "$root/target/go-bench.txt"
# Issue 17: Validate of a Chinese name at least 3x faster than regexp with \p{Han} (medians).
awk '
    /^BenchmarkValidateChineseName/ { lib[++n] = $3 }
    /^BenchmarkRegexpChineseName/ { re[++m] = $3 }
    function median(a, k,   i, j, t) {
        for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return a[int((k + 1) / 2)]
    }
    END {
        l = median(lib, n); r = median(re, m)
        printf "Go, Chinese name: Validate %.1f ns/op, regexp %.1f ns/op: %.1fx faster  target >= 3x: %s\n", l, r, r / l, (r >= 3 * l ? "ok" : "MISSED")
    }' "$root/target/go-bench.txt"
echo "load: $(uptime | sed 's/.*load average: //')"
