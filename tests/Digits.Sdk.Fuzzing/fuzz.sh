#!/usr/bin/env bash
# Fuzzes one parser of Digits.Sdk with afl++ for a given number of seconds (docs/articles/fuzzing.md).
#
#   tests/Digits.Sdk.Fuzzing/fuzz.sh <target> <seconds>
#
# Targets: idx, idx-gzip, checkpoint, picture, onnx-metadata. Builds the harness, copies its output to a scratch
# folder and instruments Digits.Sdk.dll and Digits.Sdk.Inference.dll there (never the build output itself), seeds afl
# with corpus/<target>/, runs afl-fuzz, prints executions, paths and crashes from fuzzer_stats, and exits 1 when afl
# kept a crash or a hang (they are copied to $DIGITS_FUZZ_OUT/<target>/findings/).
#
# Environment: DIGITS_FUZZ_OUT (default /tmp/digits-fuzz) holds the scratch folders and afl's output;
# DIGITS_FUZZ_NO_BUILD=1 skips the build (CI has just built the solution); DIGITS_FUZZ_TIMEOUT_MS (default 5000) is
# afl's per-input timeout, past which an input counts as a hang.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "Usage: $0 <idx|idx-gzip|checkpoint|picture|onnx-metadata> <seconds>" >&2
  exit 2
fi
target=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${DIGITS_FUZZ_OUT:-/tmp/digits-fuzz}/$target
timeout_ms=${DIGITS_FUZZ_TIMEOUT_MS:-5000}

case $target in
  idx|idx-gzip|checkpoint|picture|onnx-metadata) ;;
  *) echo "There is no fuzz target '$target'; the targets are idx, idx-gzip, checkpoint, picture, onnx-metadata." >&2; exit 2 ;;
esac
command -v afl-fuzz >/dev/null || { echo "afl-fuzz is not installed (Debian package afl++)." >&2; exit 2; }

cd "$repo"
if [ "${DIGITS_FUZZ_NO_BUILD:-0}" != 1 ]; then
  dotnet build tests/Digits.Sdk.Fuzzing/Digits.Sdk.Fuzzing.csproj -c Release -nologo -v quiet
fi
dotnet tool restore >/dev/null

# A scratch copy of the harness, instrumented there: the build output stays as the build made it.
rm -rf "$out"
mkdir -p "$out/app" "$out/in"
# The native libraries (libtorch alone is over a gigabyte) are hard-linked, not copied; the two assemblies afl
# instruments are real copies, so instrumenting them cannot reach the build output through a shared link.
build=tests/Digits.Sdk.Fuzzing/bin/Release/net10.0
cp -al "$build/." "$out/app/" 2>/dev/null || { rm -rf "$out/app"; mkdir -p "$out/app"; cp -r "$build/." "$out/app/"; }
for assembly in Digits.Sdk.dll Digits.Sdk.Inference.dll; do
  rm -f "$out/app/$assembly"
  cp "$build/$assembly" "$out/app/$assembly"
  dotnet sharpfuzz "$out/app/$assembly" >/dev/null
done

harness=(dotnet "$out/app/Digits.Sdk.Fuzzing.dll")
if [ -d "$here/corpus/$target" ]; then
  cp "$here/corpus/$target/"* "$out/in/"
fi
if [ "$target" = onnx-metadata ]; then
  # The repository keeps no .onnx file but the pretrained model, so the seed model is exported now, by the
  # uninstrumented build (instrumented code outside afl's loop has no coverage map to write to).
  dotnet tests/Digits.Sdk.Fuzzing/bin/Release/net10.0/Digits.Sdk.Fuzzing.dll seeds onnx-metadata "$out/in" >/dev/null
fi

dictionary=()
[ -f "$here/dictionaries/$target.dict" ] && dictionary=(-x "$here/dictionaries/$target.dict")

# In a container: no CPU governor to check, core dumps go nowhere afl can watch, cores are shared (no pinning), and
# the harness is a managed program rather than an instrumented binary. The .NET runtime and native libraries take a
# few seconds to start, more than afl's default fork-server wait.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_SKIP_BIN_CHECK=1 \
  AFL_NO_UI=1 AFL_FORKSRV_INIT_TMOUT=120000
set +e
afl-fuzz -i "$out/in" -o "$out/afl" -t "$timeout_ms" -m none -V "$seconds" "${dictionary[@]}" -- "${harness[@]}" fuzz "$target" \
  >"$out/afl.log" 2>&1
status=$?
set -e

stats=$out/afl/default/fuzzer_stats
if [ ! -f "$stats" ]; then
  echo "afl-fuzz did not start (exit $status); its log:" >&2
  tail -n 30 "$out/afl.log" >&2
  exit 2
fi
stat() { awk -F' *: *' -v key="$1" '$1 == key {print $2}' "$stats"; }
crashes=$(stat saved_crashes)
hangs=$(stat saved_hangs)
echo "$target: $(stat run_time) s, $(stat execs_done) executions ($(stat execs_per_sec)/s), $(stat corpus_count) paths, $crashes crashes, $hangs hangs"

if [ "$crashes" != 0 ] || [ "$hangs" != 0 ]; then
  mkdir -p "$out/findings"
  cp "$out/afl/default/crashes/"id* "$out/afl/default/hangs/"id* "$out/findings/" 2>/dev/null || true
  echo "Findings in $out/findings; reproduce one with: dotnet $out/app/Digits.Sdk.Fuzzing.dll replay $target <file>" >&2
  exit 1
fi
