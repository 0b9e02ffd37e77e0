#!/usr/bin/env bash
# cnn-params against the PyTorch one-liner a user would otherwise run, side by side: counting
# ResNet-50's parameters as whole processes (hw4 with JSON output, which also gives MACs, the
# output shape and the derivation, vs python3 importing torch + torchvision, building the model
# and summing p.numel()), medians of N runs each, and the ratio (target >= 200x).
# Then the in-process rate: bench/cnn_bench (Google Benchmark) when built with
# -DHW4_BUILD_BENCHMARKS=ON (target >= 2,000 ResNet-50 counts/s on one core).
# Usage: bench/cnn_params.sh [BUILD_DIR] [N]   (default build/rel, 7)
# Needs python3-torch and python3-torchvision (Debian) for the comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/rel}
runs=${2:-7}
hw4=$build/hw4
net=data/networks/resnet50.json
py=/usr/bin/python3

median_seconds() {  # median wall time of $runs runs of "$@"
  local times=()
  for ((i = 0; i < runs; ++i)); do
    local s e
    s=$(date +%s%N); "$@" > /dev/null; e=$(date +%s%N)
    times+=($((e - s)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" '{a[NR] = $1} END {printf "%.6f", a[int((n + 1) / 2)] / 1e9}'
}

hw4_params=$("$hw4" cnn-params count "$net" --format json | $py -c 'import json,sys; print(json.load(sys.stdin)["result"]["models"]["model"]["params"]["value"])')
torch_params=$($py -c "import torch, torchvision; m=torchvision.models.resnet50(); print(sum(p.numel() for p in m.parameters()))")
echo "ResNet-50 parameters: hw4 $hw4_params, torchvision $torch_params"
[ "$hw4_params" = "$torch_params" ] || { echo "MISMATCH"; exit 1; }

t_hw4=$(median_seconds "$hw4" cnn-params count "$net" --format json)
t_torch=$(median_seconds $py -c "import torch, torchvision; m=torchvision.models.resnet50(); print(sum(p.numel() for p in m.parameters()))")
$py - "$t_hw4" "$t_torch" "$runs" <<'PY'
import sys
h, t, n = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
print(f"median of {n} runs, whole process:")
print(f"  hw4 cnn-params count resnet50.json --format json   {h * 1e3:9.2f} ms")
print(f"  python3 -c 'torchvision.models.resnet50() ...'     {t * 1e3:9.2f} ms")
print(f"  ratio (torch / hw4)                                 {t / h:9.1f}x   (target >= 200x)")
PY

if [ -x "$build/bench/cnn_bench" ]; then
  "$build/bench/cnn_bench" --benchmark_min_time=1
else
  echo "(build with -DHW4_BUILD_BENCHMARKS=ON for the in-process counts/s: $build/bench/cnn_bench)"
fi
