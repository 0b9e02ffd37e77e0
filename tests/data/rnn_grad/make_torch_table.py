#!/usr/bin/python3
"""PyTorch float64 autograd oracle for `hw4 rnn-grad flow` (tests/core/rnn_grad_test.cc).

Run with Debian's python3-torch:  /usr/bin/python3 tests/data/rnn_grad/make_torch_table.py
It writes torch_table.json beside itself: for every cell (rnn tanh, rnn relu, lstm, gru), loss
(sum_last, dot_last, sum_all), direction (forward, bidirectional) and clip (none, 0.5), one case
with explicit weights and inputs (hw4's input, PyTorch's layout) and what PyTorch computes: the
loss, ||dL/dx_t||, ||dL/dh_t|| and ||dL/dc_t|| (retain_grad on every h_t and c_t of the layer
unrolled step by step with torch.nn.RNNCell/LSTMCell/GRUCell), ||dL/dtheta|| and the norm after
torch.nn.utils.clip_grad_norm_, and (forward and bidirectional sum_last cases) the dependency map
||dy_t/dx_s||_F from torch.autograd.functional.jacobian. Every unrolled output is checked
against the fused torch.nn.RNN/LSTM/GRU to 1e-12 before it is written.
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)

CELLS = [("rnn", "tanh"), ("rnn", "relu"), ("lstm", None), ("gru", None)]
LOSSES = ["sum_last", "dot_last", "sum_all"]
GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def make_cell(cell, nonlinearity, I, H, bias):
    if cell == "rnn":
        return torch.nn.RNNCell(I, H, bias=bias, nonlinearity=nonlinearity)
    if cell == "lstm":
        return torch.nn.LSTMCell(I, H, bias=bias)
    return torch.nn.GRUCell(I, H, bias=bias)


def fused(cell, nonlinearity, I, H, bias, bidirectional):
    kw = dict(bias=bias, bidirectional=bidirectional)
    if cell == "rnn":
        return torch.nn.RNN(I, H, nonlinearity=nonlinearity, **kw)
    return {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](I, H, **kw)


def unroll(cells, cell, x, h0, c0, track):
    """Outputs y_t (T x D*H); when track, the forward direction's h_t, c_t with retain_grad."""
    T = x.shape[0]
    halves, hs, cs = [], [], []
    for d, c in enumerate(cells):
        h = h0[d].unsqueeze(0)
        cc = c0[d].unsqueeze(0) if cell == "lstm" else None
        order = range(T) if d == 0 else range(T - 1, -1, -1)
        outs = [None] * T
        for t in order:
            if cell == "lstm":
                h, cc = c(x[t].unsqueeze(0), (h, cc))
            else:
                h = c(x[t].unsqueeze(0), h)
            if track and d == 0:
                h.retain_grad()
                hs.append(h)
                if cell == "lstm":
                    cc.retain_grad()
                    cs.append(cc)
            outs[t] = h[0]
        halves.append(torch.stack(outs))
    return torch.cat(halves, dim=1), hs, cs


def loss_of(y, loss, u):
    if loss == "sum_last":
        return y[-1].sum()
    if loss == "dot_last":
        return (u * y[-1]).sum()
    return y.sum()


def case(gen, cell, nonlinearity, loss, bidirectional, clip, bias=True, I=3, H=4, T=7):
    D = 2 if bidirectional else 1
    G = GATES[cell]
    cells = [make_cell(cell, nonlinearity, I, H, bias) for _ in range(D)]
    weights = {}
    for d, c in enumerate(cells):
        suffix = "" if d == 0 else "_reverse"
        with torch.no_grad():
            for name in ["weight_ih", "weight_hh"] + (["bias_ih", "bias_hh"] if bias else []):
                p = getattr(c, name)
                p.copy_(torch.round((torch.rand(p.shape, generator=gen) * 1.6 - 0.8) * 1000) / 1000)
                weights[name + suffix] = p.tolist()
    x = torch.round(torch.randn(T, I, generator=gen) * 1000) / 1000
    h0 = torch.round(torch.randn(D, H, generator=gen) * 500) / 1000
    c0 = torch.round(torch.randn(D, H, generator=gen) * 500) / 1000
    u = torch.round(torch.randn(D * H, generator=gen) * 1000) / 1000

    # The unrolled cells against the fused layer.
    layer = fused(cell, nonlinearity, I, H, bias, bidirectional)
    with torch.no_grad():
        for d, c in enumerate(cells):
            suffix = "_l0" + ("" if d == 0 else "_reverse")
            for name in ["weight_ih", "weight_hh"] + (["bias_ih", "bias_hh"] if bias else []):
                getattr(layer, name + suffix).copy_(getattr(c, name))
        state = (h0, c0) if cell == "lstm" else h0
        y_fused, _ = layer(x, state)
        y_unrolled, _, _ = unroll(cells, cell, x, h0, c0, False)
        assert torch.allclose(y_fused, y_unrolled, rtol=0, atol=1e-12), (cell, bidirectional)

    xs = x.clone().requires_grad_(True)
    y, hs, cs = unroll(cells, cell, xs, h0, c0, True)
    L = loss_of(y, loss, u)
    L.backward()
    params = [p for c in cells for p in c.parameters()]
    total = torch.nn.utils.clip_grad_norm_(params, clip if clip else float("inf"))
    after = torch.sqrt(sum((p.grad ** 2).sum() for p in params))

    inp = {"cell": cell, "input_size": I, "hidden": H, "steps": T,
           "bidirectional": bidirectional, "bias": bias, "weights": weights,
           "inputs": x.tolist(), "h0": h0.tolist() if bidirectional else h0[0].tolist(),
           "loss": {"type": loss}}
    if nonlinearity:
        inp["nonlinearity"] = nonlinearity
    if cell == "lstm":
        inp["c0"] = c0.tolist() if bidirectional else c0[0].tolist()
    if loss == "dot_last":
        inp["loss"]["u"] = u.tolist()
    if clip:
        inp["clip"] = clip
    out = {"loss": L.item(),
           "grad_x_norms": [torch.linalg.vector_norm(g).item() for g in xs.grad],
           "grad_h_norms": [torch.linalg.vector_norm(h.grad).item() for h in hs],
           "grad_params_norm": total.item()}
    if cell == "lstm":
        out["grad_c_norms"] = [torch.linalg.vector_norm(c.grad).item() for c in cs]
    if clip:
        out["clipped_norm"] = after.item()
    if loss == "sum_last":
        inp["dependency"] = True
        f = lambda xx: unroll(cells, cell, xx, h0, c0, False)[0]
        J = torch.autograd.functional.jacobian(f, x)  # T x DH x T x I
        out["dependency"] = torch.sqrt((J ** 2).sum(dim=(1, 3))).tolist()
    return {"name": f"{cell}{'_' + nonlinearity if nonlinearity else ''}_{loss}"
                    f"{'_bi' if bidirectional else ''}{'_clip' if clip else ''}{'' if bias else '_nobias'}",
            "input": inp, "expected": out}


def main():
    gen = torch.Generator().manual_seed(20261204)
    cases = []
    for cell, nonlinearity in CELLS:
        for loss in LOSSES:
            for bidirectional in (False, True):
                for clip in (None, 0.5):
                    cases.append(case(gen, cell, nonlinearity, loss, bidirectional, clip))
        cases.append(case(gen, cell, nonlinearity, "sum_last", True, None, bias=False))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_table.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"{len(cases)} cases -> {path}")


if __name__ == "__main__":
    main()
