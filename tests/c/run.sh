#!/usr/bin/env bash
# The C tests: installs the library into a temporary prefix (scripts/install.sh), builds every
# test through pkg-config with -std=c99 -Wall -Wextra -Wpedantic -Werror (and a C++ file with
# the same flags), then runs each plainly, under valgrind memcheck (zero errors, zero leaks),
# and built with -fsanitize=address,undefined against the static library. Last, every exported
# ipf_ symbol must be declared in the header and the other way round.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

PREFIX="$prefix" bash scripts/install.sh >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
python3 tests/c/gen_vectors.py tests/vectors > "$work/vectors.h"

CFLAGS=(-std=c99 -Wall -Wextra -Wpedantic -Werror -g -I"$work" -Itests/c)
CXXFLAGS=(-std=c++11 -Wall -Wextra -Wpedantic -Werror -g)
read -r -a pc_cflags <<<"$(pkg-config --cflags image_preflight)"
read -r -a pc_libs <<<"$(pkg-config --libs image_preflight)"
rpath=(-Wl,-rpath,"$prefix/lib")
static_lib=("$prefix/lib/libimage_preflight.a" -lpthread -ldl -lm)

tests=(test_api test_vectors test_threads)
for t in "${tests[@]}"; do
  cc "${CFLAGS[@]}" "${pc_cflags[@]}" "tests/c/$t.c" "${pc_libs[@]}" "${rpath[@]}" -pthread -o "$work/$t"
  cc "${CFLAGS[@]}" "${pc_cflags[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
    "tests/c/$t.c" "${static_lib[@]}" -pthread -o "$work/$t.asan"
done
c++ "${CXXFLAGS[@]}" "${pc_cflags[@]}" tests/c/test_header.cpp "${pc_libs[@]}" "${rpath[@]}" -o "$work/test_header"

echo "== C tests"
for t in "${tests[@]}"; do "$work/$t"; done
"$work/test_header"

# Every answer's ipf_report_to_json fits the published JSON Schemas (docs/schema/).
IPF_SCHEMA_OUT="$work/answers.jsonl" "$work/test_vectors" >/dev/null
python3 tests/schema/validate.py <"$work/answers.jsonl"

# The README's example builds as documented and answers as it says.
cc -std=c99 -Wall -Wextra -Wpedantic -Werror examples/c/check_name.c "${pc_cflags[@]}" "${pc_libs[@]}" "${rpath[@]}" -o "$work/check_name"
"$work/check_name" alibaba web-base.v1 >/dev/null
if "$work/check_name" alibaba '1st image' >"$work/example.out"; then
  echo "examples/c/check_name accepted an invalid name" >&2
  exit 1
fi
grep -q 'InvalidImageName.Malformed' "$work/example.out"
echo "example: 1 passed, 0 failed"

echo "== C tests with AddressSanitizer and UndefinedBehaviorSanitizer"
for t in "${tests[@]}"; do ASAN_OPTIONS=detect_leaks=1 "$work/$t.asan"; done

echo "== C tests under valgrind memcheck"
if ! command -v valgrind >/dev/null; then
  echo "valgrind is not installed: apt-get install valgrind" >&2
  exit 1
fi
vg=(valgrind --quiet --error-exitcode=1 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all)
"${vg[@]}" "$work/test_api"
"${vg[@]}" "$work/test_vectors"
"${vg[@]}" "$work/test_threads" 300

echo "== exported symbols match the header"
exported=$(nm -D --defined-only "$prefix/lib/libimage_preflight.so" | awk '$2 == "T" {print $3}' | sort)
declared=$(grep -oE '^(ipf_status|void) ipf_[a-z0-9_]+\(' "$prefix/include/image_preflight.h" | sed -E 's/^(ipf_status|void) //; s/\($//' | sort)
if [ "$exported" != "$declared" ]; then
  echo "exported and declared functions differ:" >&2
  diff <(echo "$exported") <(echo "$declared") >&2 || true
  exit 1
fi
if echo "$exported" | grep -qv '^ipf_'; then
  echo "a symbol without the ipf_ prefix is exported" >&2
  exit 1
fi
echo "symbols: $(echo "$exported" | wc -l) passed, 0 failed"
