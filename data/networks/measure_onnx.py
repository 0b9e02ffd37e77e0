#!/usr/bin/python3
"""The done-when check of cnn-params' ONNX import: exports torchvision's networks (and a
bidirectional LSTM and a transformer encoder layer) to a temporary folder, counts each with hw4,
and compares with PyTorch:

- a training=PRESERVE export counts torchvision's parameters exactly;
- an eval export counts the documented per-use figure: torchvision's parameters − Σ C over
  the batch norms that follow a convolution (each is folded: γ and β are gone, the bias-free
  convolution gains a C-element bias; onnx_export.eval_export_reduction);
- MACs equal torchvision's convention, measured with forward hooks on Conv2d and Linear
  (measure_torchvision.py); for ViT and the sequence models hooks miss the attention products
  and the recurrent weights, so SPEC's formulas are computed here instead.

    /usr/bin/python3 data/networks/measure_onnx.py build/release/hw4
Prints one line per export and exits 1 if any differs.
"""
import json
import os
import subprocess
import sys
import tempfile

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure_torchvision  # noqa: E402
import onnx_export  # noqa: E402

CNNS = ["resnet18", "resnet50", "mobilenet_v2", "densenet121", "efficientnet_b0", "convnext_tiny"]


def hw4_count(hw4, path, shapes=()):
    args = [hw4, "cnn-params", "count", path, "--format", "json"]
    for s in shapes:
        args += ["--input-shape", s]
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{path}: exit {out.returncode}: {out.stderr.strip()}")
    model = next(iter(json.loads(out.stdout)["result"]["models"].values()))
    return model["params"]["value"], (model["macs"] or {}).get("value"), model["onnx"]


def vit_macs(model):
    """ViT-B/16 at 224: the patch conv and the MLP linears (hooks), plus per encoder layer SPEC's
    attention row 4·T·E² + 2·T²·E (its input and output projections are weights passed to
    F.multi_head_attention_forward, not module calls, so no hook sees them). torchvision
    publishes 17.56 GFLOPS (MACs) for it."""
    hooked = measure_torchvision.conv_linear_macs(model, torch.zeros(1, 3, 224, 224))[0]
    t = (224 // 16) ** 2 + 1
    e = model.hidden_dim
    layers = len(model.encoder.layers)
    return hooked + layers * (4 * t * e * e + 2 * t * t * e)


class BiLstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(32, 64, num_layers=2, bidirectional=True, batch_first=True)

    def forward(self, x):
        return self.lstm(x)[0]


def main():
    hw4 = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/release/hw4")
    failures = 0

    def check(label, got, want):
        nonlocal failures
        ok = got == want
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {label}: hw4 {got:,} expected {want:,}" if got is not None
              else f"FAIL {label}: hw4 null expected {want:,}")

    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as tmp:
        example = torch.randn(1, 3, 224, 224)
        for name in CNNS + ["vit_b_16"]:
            model = getattr(torchvision.models, name)(weights=None).eval()
            params = onnx_export.parameters(model)
            macs = (vit_macs(model) if name == "vit_b_16"
                    else measure_torchvision.conv_linear_macs(model, torch.zeros(1, 3, 224, 224))[0])
            for kind, preserve in (("preserve", True), ("eval", False)):
                path = os.path.join(tmp, f"{name}_{kind}.onnx")
                onnx_export.export(model, example, path, preserve)
                got_params, got_macs, info = hw4_count(hw4, path)
                want = params if preserve else params - onnx_export.eval_export_reduction(model, example)
                check(f"{name} {kind} params", got_params, want)
                check(f"{name} {kind} MACs", got_macs, macs)
                os.remove(path)

        t, i, h, d = 10, 32, 64, 2
        lstm = BiLstm().eval()
        path = os.path.join(tmp, "bilstm.onnx")
        onnx_export.export(lstm, torch.randn(1, t, i), path, False)  # folds the gate reordering
        got_params, got_macs, _ = hw4_count(hw4, path)
        check("2-layer bidirectional LSTM params", got_params, onnx_export.parameters(lstm))
        # SPEC: T·D·Σ_l G·H·(I_l + H), I_0 = 32, I_1 = D·H.
        check("2-layer bidirectional LSTM MACs", got_macs, t * d * (4 * h * (i + h) + 4 * h * (d * h + h)))

        e, heads, f = 64, 4, 128
        layer = torch.nn.TransformerEncoderLayer(e, heads, f, batch_first=True).eval()
        path = os.path.join(tmp, "encoder.onnx")
        onnx_export.export(layer, torch.randn(1, t, e), path, False)
        got_params, got_macs, _ = hw4_count(hw4, path)
        check("transformer encoder layer params", got_params, onnx_export.parameters(layer))
        # SPEC: attention 4·T·E² + 2·T²·E, feed-forward 2·T·E·F.
        check("transformer encoder layer MACs", got_macs, 4 * t * e * e + 2 * t * t * e + 2 * t * e * f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
