#!/usr/bin/env bash
# gan-grad against PyTorch autograd (what a student would otherwise run), side by side:
#  1. the seed-sized case (a 2-3-1 discriminator, 3 + 3 samples): one hw4 process (parse, solve,
#     derivation, gradient check) vs one `python3 -c` with torch (import + autograd, no check);
#  2. a larger discriminator (32-64-64-1, 2,000 + 2,000 samples): the same two processes, and
#     torch's in-process autograd time alone (its best case, import excluded).
# The values are compared too (max |hw4 − torch| over grad_params and grad_fake_inputs).
# Usage: bench/gan_grad.sh [BUILD_DIR]   (default build/rel)
set -euo pipefail
cd "$(dirname "$0")/.."
hw4=${1:-build/rel}/hw4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$tmp" <<'PY'
import json, sys
import numpy as np
rs = np.random.RandomState(3)
def layer(out, inp, act):
    return {"weight": (rs.normal(0, 1 / np.sqrt(inp), (out, inp))).round(4).tolist(),
            "bias": rs.normal(0, 0.1, out).round(4).tolist(), "activation": act}
big = {"loss": "non_saturating", "reduction": "mean",
       "discriminator": {"layers": [layer(64, 32, "leaky_relu"), layer(64, 64, "tanh"),
                                    layer(1, 64, "linear")]},
       "real": rs.normal(0, 1, (2000, 32)).round(3).tolist(),
       "fake": rs.normal(0.3, 1, (2000, 32)).round(3).tolist()}
json.dump(big, open(sys.argv[1] + "/big.json", "w"))
PY
cp data/examples/gan-grad/grad/network.json "$tmp/small.json"
cat > "$tmp/torch_gan.py" <<'PY'
import json, sys, time
import torch
torch.set_default_dtype(torch.float64)
inp = json.load(open(sys.argv[1]))
t0 = time.perf_counter()
acts = {"relu": torch.relu, "tanh": torch.tanh, "linear": lambda x: x, "sigmoid": torch.sigmoid,
        "leaky_relu": lambda x: torch.nn.functional.leaky_relu(x, 0.01)}
params = [(torch.tensor(l["weight"], requires_grad=True), torch.tensor(l["bias"], requires_grad=True),
           acts[l.get("activation", "linear")]) for l in inp["discriminator"]["layers"]]
def f(x):
    for W, b, a in params: x = a(x @ W.T + b)
    return x.squeeze(-1)
red = torch.mean if inp.get("reduction", "sum") == "mean" else torch.sum
sp = lambda x: torch.logaddexp(torch.zeros_like(x), x)
xr = torch.tensor(inp["real"]); xf = torch.tensor(inp["fake"], requires_grad=True)
L = red(-sp(-f(xr))) + red(-sp(f(xf)))
grads = torch.autograd.grad(L, [p for W, b, _ in params for p in (W, b)])
xf2 = torch.tensor(inp["fake"], requires_grad=True)
G = red(-sp(-f(xf2))) if inp.get("loss") == "non_saturating" else red(-sp(f(xf2)))
(gx,) = torch.autograd.grad(G, [xf2])
elapsed = time.perf_counter() - t0
json.dump({"grads": [g.tolist() for g in grads], "gx": gx.tolist(), "seconds": elapsed},
          open(sys.argv[2], "w"))
PY
best() {  # best wall time of 5 runs of "$@", in seconds
  local b=999
  for _ in 1 2 3 4 5; do
    local s e
    s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N)
    b=$(python3 -c "print(min($b, $e - $s))")
  done
  echo "$b"
}
for case in small big; do
  hw4_s=$(best "$hw4" gan-grad "$tmp/$case.json" --json -o "$tmp/$case.hw4.json")
  torch_s=$(best /usr/bin/python3 "$tmp/torch_gan.py" "$tmp/$case.json" "$tmp/$case.torch.json")
  /usr/bin/python3 - "$tmp/$case.hw4.json" "$tmp/$case.torch.json" "$case" "$hw4_s" "$torch_s" <<'PY'
import json, sys
import numpy as np
h = json.load(open(sys.argv[1]))["result"]; t = json.load(open(sys.argv[2]))
ours = [np.array(x) for l in h["grad_params"] for x in (l["weight"], l["bias"])] + [np.array(h["grad_fake_inputs"])]
theirs = [np.array(x) for x in t["grads"]] + [np.array(t["gx"])]
diff = max(float(np.abs(a - b).max()) for a, b in zip(ours, theirs))
hs, ts = float(sys.argv[4]), float(sys.argv[5])
print(f"{sys.argv[3]:5}  hw4 process {hs*1000:8.1f} ms (with check: {h['gradient_check']['checked']} coords)"
      f"   torch process {ts*1000:8.1f} ms   ratio torch/hw4 {ts/hs:6.1f}x"
      f"   torch autograd alone {t['seconds']*1000:7.1f} ms   max |diff| {diff:.1e}")
PY
done
