#!/usr/bin/env bash
# cnn-params against the PyTorch one-liner a user would otherwise run, side by side: counting
# ResNet-50's parameters as whole processes (hw4 with JSON output, which also gives MACs, the
# output shape and the derivation, vs python3 importing torch + torchvision, building the model
# and summing p.numel()), medians of N runs each, and the ratio (target >= 200x); then a 12-layer
# transformer encoder symbolic in T (target < 10 ms whole process).
# The same for ResNet-50 exported to ONNX, against python3 -c "import onnx; onnx.load(...)"
# (target >= 10x).
# Then the in-process rate: bench/cnn_bench (Google Benchmark) when built with
# -DHW4_BUILD_BENCHMARKS=ON (target >= 2,000 ResNet-50 counts/s on one core).
# Usage: bench/cnn_params.sh [BUILD_DIR] [N]   (default build/rel, 7)
# Needs python3-torch, python3-torchvision and python3-onnx (Debian) for the comparisons.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/rel}
runs=${2:-7}
hw4=$build/hw4
net=data/networks/resnet50.json
py=/usr/bin/python3

# Medians of $runs runs of "$@": "WALL CPU" in seconds (CPU = user + system time of the child,
# from getrusage, which a loaded machine does not inflate the way it inflates wall time).
medians() {
  $py - "$runs" "$@" <<'PY'
import resource, statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
walls, cpus = [], []
for _ in range(runs):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    walls.append(time.perf_counter() - t0)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
print(statistics.median(walls), statistics.median(cpus))
PY
}

# Prints two medians side by side with their ratio:
#   side_by_side HW4_LABEL OTHER_LABEL RATIO_LABEL HW4_WALL HW4_CPU OTHER_WALL OTHER_CPU
side_by_side() {
  $py - "$@" "$runs" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import sys
a, b, r = sys.argv[1:4]
wh, ch, wo, co = (float(x) for x in sys.argv[4:8])
n, load = sys.argv[8], sys.argv[9]
print(f"median of {n} runs, whole process (load average {load}):")
print(f"  {'':52s} {'wall':>10s} {'CPU':>10s}")
print(f"  {a:52s} {wh * 1e3:8.1f}ms {ch * 1e3:8.1f}ms")
print(f"  {b:52s} {wo * 1e3:8.0f}ms {co * 1e3:8.0f}ms")
print(f"  {r:52s} {wo / wh:9.0f}x {co / ch:9.0f}x")
PY
}

hw4_params=$("$hw4" cnn-params count "$net" --format json | $py -c 'import json,sys; print(json.load(sys.stdin)["result"]["models"]["model"]["params"]["value"])')
torch_params=$($py -c "import torch, torchvision; m=torchvision.models.resnet50(); print(sum(p.numel() for p in m.parameters()))")
echo "ResNet-50 parameters: hw4 $hw4_params, torchvision $torch_params"
[ "$hw4_params" = "$torch_params" ] || { echo "MISMATCH"; exit 1; }

read -r w_hw4 c_hw4 < <(medians "$hw4" cnn-params count "$net" --format json)
read -r w_torch c_torch < <(medians $py -c "import torch, torchvision; m=torchvision.models.resnet50(); print(sum(p.numel() for p in m.parameters()))")
side_by_side "hw4 cnn-params count resnet50.json --format json" \
  "python3 -c torchvision.models.resnet50() ..." "ratio (torch / hw4), target >= 200x" \
  "$w_hw4" "$c_hw4" "$w_torch" "$c_torch"

# A 12-layer transformer encoder (BERT-base sizes) symbolic in the sequence length T, as a whole
# process with JSON output; target < 10 ms.
read -r w_tf c_tf < <(medians "$hw4" cnn-params count bench/transformer_encoder_12.json --format json)
tf_macs=$("$hw4" cnn-params count bench/transformer_encoder_12.json --format json | $py -c 'import json,sys; print(json.load(sys.stdin)["result"]["models"]["model"]["macs"]["text"])')
$py - "$w_tf" "$c_tf" "$tf_macs" <<'PY'
import sys
w, c, macs = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
print(f"12-layer transformer encoder symbolic in T (MACs {macs}), whole process:")
print(f"  {'hw4 cnn-params count transformer_encoder_12.json':52s} {w * 1e3:8.1f}ms {c * 1e3:8.1f}ms   target < 10 ms: {'ok' if w < 0.010 else 'MISSED'}")
PY

# ResNet-50 exported to ONNX (into a temporary folder, never committed): hw4 counting it as a
# whole process against python3 loading it with onnx and summing the initializers' elements
# (target >= 10x). hw4 counts per use (the PRESERVE export keeps every batch norm), so its
# count is torchvision's; the initializer sum is each tensor once.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
onnx=$tmp/resnet50.onnx
$py - "$onnx" <<'PY' 2>/dev/null
import sys
sys.path.insert(0, "data/networks")
import torch, torchvision, onnx_export
onnx_export.export(torchvision.models.resnet50(), torch.randn(1, 3, 224, 224), sys.argv[1], True)
PY
onnx_sum="import onnx, numpy; m = onnx.load('$onnx'); print(sum(int(numpy.prod(t.dims)) for t in m.graph.initializer))"
hw4_onnx_params=$("$hw4" cnn-params count "$onnx" --format json | $py -c 'import json,sys; print(json.load(sys.stdin)["result"]["models"]["resnet50"]["params"]["value"])')
echo "ResNet-50 ONNX export ($(du -m "$onnx" | cut -f1) MB): hw4 $hw4_onnx_params parameters," \
  "torchvision $torch_params, initializer elements $($py -c "$onnx_sum")"
[ "$hw4_onnx_params" = "$torch_params" ] || { echo "MISMATCH"; exit 1; }
read -r w_hw4 c_hw4 < <(medians "$hw4" cnn-params count "$onnx" --format json)
read -r w_onnx c_onnx < <(medians $py -c "$onnx_sum")
side_by_side "hw4 cnn-params count resnet50.onnx --format json" \
  "python3 -c onnx.load(...); sum initializer elements" "ratio (onnx / hw4), target >= 10x" \
  "$w_hw4" "$c_hw4" "$w_onnx" "$c_onnx"

if [ -x "$build/bench/cnn_bench" ]; then
  "$build/bench/cnn_bench" --benchmark_min_time=1
else
  echo "(build with -DHW4_BUILD_BENCHMARKS=ON for the in-process counts/s: $build/bench/cnn_bench)"
fi
