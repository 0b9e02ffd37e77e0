#!/usr/bin/python3
"""hw4 rnn-grad flow against PyTorch float64 autograd, side by side, whole processes.

  /usr/bin/python3 bench/rnn_grad_vs_torch.py BUILD/hw4 [REPEATS]

The case of issue 15: an LSTM with input 64, hidden 256, T = 1000, L = sum(h_T), weights drawn
as PyTorch's default init (seed 0) and standard normal inputs, written once as an hw4 input with
explicit weights. Each repeat runs `hw4 rnn-grad flow case.json --json` (parse, BPTT, figures,
derivation, the 4-direction gradient check) and `/usr/bin/python3 bench/rnn_grad_torch.py
case.json` (import torch, parse, stepwise forward with retain_grad on h_t and c_t, backward,
the same norms), alternating; prints the medians, their ratio, and the largest relative
difference between the two programs' norms.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import torch

hw4 = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)
I, H, T = 64, 256, 1000
cell = torch.nn.LSTMCell(I, H).double()
case = {"cell": "lstm", "input_size": I, "hidden": H, "steps": T,
        "weights": {n: p.detach().tolist() for n, p in cell.named_parameters()},
        "inputs": torch.randn(T, I, dtype=torch.float64).tolist()}
tmp = tempfile.mkdtemp()
path = os.path.join(tmp, "case.json")
with open(path, "w") as f:
    json.dump(case, f)


def timed(cmd):
    """Wall time and CPU time (user + system) of one whole process."""
    before = os.times()
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, out


hw4_times, torch_times, hw4_cpu, torch_cpu = [], [], [], []
for _ in range(repeats):
    t, cpu, hw4_out = timed([hw4, "rnn-grad", "flow", path, "--json"])
    hw4_times.append(t)
    hw4_cpu.append(cpu)
    t, cpu, torch_out = timed(["/usr/bin/python3", os.path.join(here, "rnn_grad_torch.py"), path])
    torch_times.append(t)
    torch_cpu.append(cpu)
run = json.loads(hw4_out.stdout)["result"]["runs"][0]
ref = json.loads(torch_out.stdout)
# Below about 1e-154 torch's vector_norm squares entries into the subnormal range (losing digits)
# and then to 0; hw4's norms do not (SPEC), so steps under 1e-140 are counted apart.
worst, underflowed = 0.0, 0
for key in ("grad_x_norms", "grad_h_norms", "grad_c_norms"):
    for a, b in zip(run[key], ref[key]):
        if a < 1e-140:
            underflowed += 1
            continue
        worst = max(worst, abs(a - b) / max(abs(b), 1e-300))
worst = max(worst, abs(run["grad_params_norm"] - ref["grad_params_norm"]) / ref["grad_params_norm"])
a, b = statistics.median(hw4_times), statistics.median(torch_times)
ac, bc = statistics.median(hw4_cpu), statistics.median(torch_cpu)
print(f"LSTM I={I} H={H} T={T}, whole process, median of {repeats} (wall / CPU)")
print(f"  hw4 rnn-grad flow   {a:.3f} s / {ac:.3f} s  (gradient check passed: "
      f"{run['gradient_check']['passed']})")
print(f"  PyTorch float64     {b:.3f} s / {bc:.3f} s")
print(f"  ratio               {b / a:.2f}x wall, {bc / ac:.2f}x CPU")
print(f"  largest relative difference of the norms: {worst:.2e} "
      f"({underflowed} norms below 1e-140, where torch's vector_norm underflows)")
print(f"  load: {open('/proc/loadavg').read().split()[:3]}")
