#!/usr/bin/python3
"""Measures the reference counts of data/networks/*.json with torchvision (the oracle).

params = sum of p.numel() over model.parameters(); MACs = for every Conv2d and Linear, the
output elements times the multiply-accumulates per output (in/groups * kh * kw, or in_features),
bias excluded, measured with forward hooks on a 1x3x224x224 input (torchvision's convention).
Usage: /usr/bin/python3 data/networks/measure_torchvision.py > data/networks/torchvision_counts.json
"""
import json

import torch
import torchvision

NETWORKS = ["resnet18", "resnet50", "vgg16", "googlenet", "mobilenet_v2", "densenet121"]


def conv_linear_macs(model, example):
    """The MACs of every Conv2d and Linear call in model(example), bias excluded, and the output."""
    macs = [0]

    def hook(module, inputs, output):
        if isinstance(module, torch.nn.Conv2d):
            per_output = module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
        else:
            per_output = module.in_features
        macs[0] += output.numel() * per_output

    for m in model.modules():
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            m.register_forward_hook(hook)
    with torch.no_grad():
        out = model.eval()(example)
    return macs[0], out


def count(name):
    kwargs = {"aux_logits": False, "init_weights": False} if name == "googlenet" else {}
    model = getattr(torchvision.models, name)(weights=None, **kwargs).eval()
    macs, out = conv_linear_macs(model, torch.zeros(1, 3, 224, 224))
    return {"params": sum(p.numel() for p in model.parameters()), "macs": macs,
            "output_shape": list(out.shape[1:])}


if __name__ == "__main__":
    print(json.dumps({"torch": torch.__version__, "torchvision": torchvision.__version__,
                      "input": [3, 224, 224],
                      "networks": {n: count(n) for n in NETWORKS}}, indent=1))
