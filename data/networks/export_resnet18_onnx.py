"""Writes data/networks/resnet18_preserve.onnx and resnet18_eval.onnx: torchvision's ResNet-18
exported to ONNX (training=PRESERVE, and eval), weights stripped to shapes so each file is a
few kilobytes. tests/cli/cnn_onnx_test.cc counts them: the PRESERVE export to torchvision's
11,689,512 parameters, the eval export to 11,689,512 − Σ batch-norm channels (4,800).

    /usr/bin/python3 data/networks/export_resnet18_onnx.py
"""
import os
import sys
import tempfile

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx_export  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)
model = torchvision.models.resnet18()
example = torch.randn(1, 3, 224, 224)
with tempfile.TemporaryDirectory() as tmp:
    for kind, preserve in (("preserve", True), ("eval", False)):
        full = os.path.join(tmp, f"resnet18_{kind}.onnx")
        onnx_export.export(model, example, full, preserve)
        onnx_export.strip(full, os.path.join(here, f"resnet18_{kind}.onnx"))
print("params", onnx_export.parameters(model), "fewer in the eval export", onnx_export.eval_export_reduction(model, example))
