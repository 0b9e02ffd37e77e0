#!/usr/bin/env bash
# Builds hw4's libFuzzer harnesses with clang in build/fuzz and runs each for SECONDS, one after
# the other, seeded with every JSON under data/ and tests/ (copied into a scratch corpus, never
# into the repository). Prints executions and findings per harness.
#
#   fuzz/run.sh SECONDS [HARNESS...]     e.g. fuzz/run.sh 60 fuzz_beam_search
#
# Environment: HW4_FUZZ_DIR  scratch folder to keep corpora, crashes and logs across runs
#                            (default: a new mktemp folder);
#              HW4_FUZZ_JOBS build parallelism (default 2);
#              HW4_FUZZ_NICE nice level for the fuzzers (default 10).
set -euo pipefail

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh SECONDS [HARNESS...]" >&2
  exit 2
fi
seconds=$1
shift

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build/fuzz
scratch=${HW4_FUZZ_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/hw4-fuzz.XXXXXX")}
mkdir -p "$scratch"

# clang with its libFuzzer and sanitizer runtimes, and what hw4 builds with.
"$root/scripts/install-packages.sh" clang libclang-rt-14-dev cmake make pkg-config libcli11-dev \
  libfmt-dev nlohmann-json3-dev libeigen3-dev libglpk-dev libonnx-dev libprotobuf-dev
CC=clang CXX=clang++ cmake -S "$root/fuzz" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"${HW4_FUZZ_JOBS:-2}" >/dev/null

if [[ $# -gt 0 ]]; then
  harnesses=("$@")
else
  mapfile -t harnesses < <(cd "$build" && ls fuzz_* 2>/dev/null | grep -v '\.' | sort)
fi

# Seeds: every JSON document of the repository up to 64 KiB (bigger ones slow every mutation);
# fuzz_onnx's are the ONNX models (tests/onnx, data/networks).
mapfile -t json_seeds < <(cd "$root" && find data tests -name '*.json' -size -64k 2>/dev/null | sort)
mapfile -t onnx_seeds < <(cd "$root" && find data tests -name '*.onnx' -size -64k 2>/dev/null | sort)

summary=()
for name in "${harnesses[@]}"; do
  bin=$build/$name
  [[ -x $bin ]] || { echo "no harness $name in $build" >&2; exit 2; }
  corpus=$scratch/corpus/$name
  artifacts=$scratch/artifacts/$name/
  work=$scratch/work/$name  # the harness's working directory: any file an input names lands here
  mkdir -p "$corpus" "$artifacts" "$work"
  modes=$(HW4_FUZZ_PRINT_MODES=1 "$bin" 2>/dev/null | tail -n 1)
  if [[ $name == fuzz_onnx ]]; then seeds=("${onnx_seeds[@]}"); else seeds=("${json_seeds[@]}"); fi
  if [[ -z $(ls -A "$corpus") ]]; then
    for seed in "${seeds[@]}"; do
      flat=${seed//\//_}
      if [[ $modes -gt 1 ]]; then
        # A multi-mode harness takes its mode from the first byte: one copy per mode.
        for ((m = 0; m < modes; m++)); do
          { printf "\\x$(printf %02x "$m")"; cat "$root/$seed"; } > "$corpus/$m-$flat"
        done
      else
        cp "$root/$seed" "$corpus/$flat"
      fi
    done
  fi
  log=$scratch/logs/$name.log
  mkdir -p "$(dirname "$log")"
  echo "== $name: ${seconds}s, $modes mode(s), corpus $corpus" >&2
  (cd "$work" && nice -n "${HW4_FUZZ_NICE:-10}" "$bin" -max_total_time="$seconds" -timeout=60 \
     -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts" \
     -dict="$root/fuzz/json.dict" "$corpus" >"$log" 2>&1) || true
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)
  # Crashes, sanitizer reports, leaks, timeouts and out-of-memory inputs are findings; a
  # slow-unit-* file only reports an input that took over 10 s (not a failure).
  found=$(ls -A "$artifacts" | grep -vc '^slow-unit-' || true)
  slow=$(ls -A "$artifacts" | grep -c '^slow-unit-' || true)
  summary+=("$name: ${execs:-?} executions in ${seconds}s, $found finding(s), $slow slow input(s) in $artifacts")
done

echo "scratch: $scratch"
printf '%s\n' "${summary[@]}"
