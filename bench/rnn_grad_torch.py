#!/usr/bin/python3
"""What a student would otherwise run for `hw4 rnn-grad flow`: PyTorch float64, one LSTM layer
unrolled step by step with retain_grad() on every h_t and c_t, L = sum(h_T), backward, and the
same norms (||dL/dx_t||, ||dL/dh_t||, ||dL/dc_t||, ||dL/dtheta||). Reads an hw4 input with
explicit weights and inputs; prints the norms as JSON. Run by bench/rnn_grad_vs_torch.py."""
import json
import sys

import torch

torch.set_default_dtype(torch.float64)
spec = json.load(open(sys.argv[1]))
I, H = spec["input_size"], spec["hidden"]
cell = torch.nn.LSTMCell(I, H)
with torch.no_grad():
    for name, value in spec["weights"].items():
        getattr(cell, name).copy_(torch.tensor(value))
x = torch.tensor(spec["inputs"]).requires_grad_(True)
h = torch.zeros(1, H)
c = torch.zeros(1, H)
hs, cs = [], []
for t in range(x.shape[0]):
    h, c = cell(x[t].unsqueeze(0), (h, c))
    h.retain_grad()
    c.retain_grad()
    hs.append(h)
    cs.append(c)
h.sum().backward()
out = {"grad_x_norms": torch.linalg.vector_norm(x.grad, dim=1).tolist(),
       "grad_h_norms": [torch.linalg.vector_norm(v.grad).item() for v in hs],
       "grad_c_norms": [torch.linalg.vector_norm(v.grad).item() for v in cs],
       "grad_params_norm": torch.sqrt(sum((p.grad ** 2).sum() for p in cell.parameters())).item()}
json.dump(out, sys.stdout)
