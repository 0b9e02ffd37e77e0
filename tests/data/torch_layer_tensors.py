#!/usr/bin/python3
"""PyTorch's parameter tensors and output shapes for every layer kind of cnn-params' table.

For each case: the hw4 layer object, the input shape (no batch), and what torch reports for the
same module: its named_parameters() in order, each tensor's shape, and the output shape of one
forward pass on a batch of one (batch dropped). tests/core/layer_kinds_test.cc counts each layer
with hw4 and compares tensor by tensor.

Torch 1.13 (Debian's) lacks `bias=False` on LayerNorm and TransformerEncoderLayer (torch >= 2.1
adds it). For those cases the table is computed from the formula's definition: the module is built
with biases and the bias tensors it would not have are dropped (LayerNorm(bias=False) keeps its
weight only; TransformerEncoderLayer(bias=False) has no in_proj_bias, out_proj.bias, linear
biases or norm biases). Such cases carry "by_definition": true.

Run: /usr/bin/python3 tests/data/torch_layer_tensors.py > tests/data/torch_layer_tensors.json
"""
import json

import torch
from torch import nn

torch.manual_seed(0)


class LastStep(nn.Module):
    def forward(self, x):
        return x[:, -1]


class Transpose(nn.Module):
    def forward(self, x):
        return x.transpose(1, 2)


class Recurrent(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.cell = cell

    def forward(self, x):
        return self.cell(x)[0]


class SelfAttention(nn.Module):
    def __init__(self, mha):
        super().__init__()
        self.mha = mha

    def forward(self, x):
        return self.mha(x, x, x, need_weights=False)[0]


def rnn(kind, **kw):
    cls = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind]
    return Recurrent(cls(batch_first=True, **kw))


# (hw4 layer, input shape without batch, torch module, tensors to drop by definition)
CASES = [
    ({"type": "conv1d", "in": 4, "out": 8, "kernel": 3, "stride": 2, "padding": 1, "groups": 2},
     [4, 17], nn.Conv1d(4, 8, 3, stride=2, padding=1, groups=2), None),
    ({"type": "conv1d", "out": 6, "kernel": 5, "padding": "same", "dilation": 2, "bias": False},
     [3, 20], nn.Conv1d(3, 6, 5, padding="same", dilation=2, bias=False), None),
    ({"type": "conv3d", "out": 4, "kernel": [3, 1, 2], "stride": [1, 2, 2], "padding": [1, 0, 1]},
     [2, 5, 6, 7], nn.Conv3d(2, 4, (3, 1, 2), stride=(1, 2, 2), padding=(1, 0, 1)), None),
    ({"type": "conv_transpose2d", "in": 6, "out": 4, "kernel": [3, 2], "stride": 2, "padding": 1,
      "output_padding": 1, "groups": 2},
     [6, 5, 7], nn.ConvTranspose2d(6, 4, (3, 2), stride=2, padding=1, output_padding=1, groups=2), None),
    ({"type": "conv_transpose2d", "out": 512, "kernel": 4, "bias": False},
     [100, 1, 1], nn.ConvTranspose2d(100, 512, 4, bias=False), None),
    ({"type": "conv_transpose1d", "out": 5, "kernel": 4, "stride": 2, "padding": 1, "dilation": 2, "bias": False},
     [3, 9], nn.ConvTranspose1d(3, 5, 4, stride=2, padding=1, dilation=2, bias=False), None),
    ({"type": "conv_transpose3d", "out": 2, "kernel": 2, "stride": 2},
     [3, 2, 3, 4], nn.ConvTranspose3d(3, 2, 2, stride=2), None),
    ({"type": "maxpool1d", "kernel": 3, "stride": 2, "padding": 1, "ceil_mode": True},
     [4, 10], nn.MaxPool1d(3, stride=2, padding=1, ceil_mode=True), None),
    ({"type": "avgpool1d", "kernel": 4}, [4, 18], nn.AvgPool1d(4), None),
    ({"type": "adaptive_avgpool1d", "output": 3}, [5, 11], nn.AdaptiveAvgPool1d(3), None),
    ({"type": "upsample", "scale_factor": 2}, [3, 4, 5], nn.Upsample(scale_factor=2), None),
    ({"type": "upsample", "scale_factor": [2, 3], "mode": "bilinear"}, [3, 4, 5],
     nn.Upsample(scale_factor=(2, 3), mode="bilinear"), None),
    ({"type": "upsample", "size": [12], "mode": "linear"}, [2, 5], nn.Upsample(size=12, mode="linear"), None),
    ({"type": "batchnorm1d"}, [6, 9], nn.BatchNorm1d(6), None),
    ({"type": "batchnorm1d", "channels": 10}, [10], nn.BatchNorm1d(10), None),
    ({"type": "transpose"}, [7, 16], Transpose(), None),
    ({"type": "embedding", "num": 100, "dim": 16, "padding_idx": 0}, [7],
     nn.Embedding(100, 16, padding_idx=0), None),
    ({"type": "layernorm"}, [7, 16], nn.LayerNorm(16), None),
    ({"type": "layernorm", "normalized_shape": [5, 6]}, [4, 5, 6], nn.LayerNorm([5, 6]), None),
    ({"type": "layernorm", "elementwise_affine": False}, [7, 16], nn.LayerNorm(16, elementwise_affine=False), None),
    ({"type": "layernorm", "bias": False}, [7, 16], nn.LayerNorm(16), {"bias"}),
    ({"type": "groupnorm", "groups": 4}, [8, 5, 5], nn.GroupNorm(4, 8), None),
    ({"type": "groupnorm", "groups": 3, "affine": False}, [6, 10], nn.GroupNorm(3, 6, affine=False), None),
    ({"type": "rnn", "hidden": 12}, [9, 5], rnn("rnn", input_size=5, hidden_size=12), None),
    ({"type": "rnn", "hidden": 6, "layers": 2, "bidirectional": True, "nonlinearity": "relu"}, [4, 3],
     rnn("rnn", input_size=3, hidden_size=6, num_layers=2, bidirectional=True, nonlinearity="relu"), None),
    ({"type": "lstm", "hidden": 8}, [5, 4], rnn("lstm", input_size=4, hidden_size=8), None),
    ({"type": "lstm", "hidden": 7, "layers": 2, "bidirectional": True}, [6, 5],
     rnn("lstm", input_size=5, hidden_size=7, num_layers=2, bidirectional=True), None),
    ({"type": "lstm", "hidden": 10, "layers": 2, "proj_size": 3, "bidirectional": True}, [4, 6],
     rnn("lstm", input_size=6, hidden_size=10, num_layers=2, proj_size=3, bidirectional=True), None),
    ({"type": "lstm", "hidden": 5, "bias": False}, [3, 2], rnn("lstm", input_size=2, hidden_size=5, bias=False), None),
    ({"type": "gru", "hidden": 9, "layers": 3, "bidirectional": True}, [5, 4],
     rnn("gru", input_size=4, hidden_size=9, num_layers=3, bidirectional=True), None),
    ({"type": "last_step"}, [6, 11], LastStep(), None),
    ({"type": "multihead_attention", "embed": 16, "heads": 4}, [7, 16],
     SelfAttention(nn.MultiheadAttention(16, 4, batch_first=True)), None),
    ({"type": "multihead_attention", "embed": 12, "heads": 3, "bias": False}, [5, 12],
     SelfAttention(nn.MultiheadAttention(12, 3, bias=False, batch_first=True)), None),
    ({"type": "multihead_attention", "embed": 8, "heads": 2, "add_bias_kv": True}, [5, 8],
     SelfAttention(nn.MultiheadAttention(8, 2, add_bias_kv=True, batch_first=True)), None),
    ({"type": "transformer_encoder_layer", "d_model": 16, "nhead": 4, "dim_feedforward": 32}, [7, 16],
     nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, batch_first=True), None),
    ({"type": "transformer_encoder_layer", "d_model": 8, "nhead": 2, "dim_feedforward": 20, "bias": False},
     [5, 8], nn.TransformerEncoderLayer(8, 2, dim_feedforward=20, batch_first=True),
     {"self_attn.in_proj_bias", "self_attn.out_proj.bias", "linear1.bias", "linear2.bias",
      "norm1.bias", "norm2.bias"}),
    ({"type": "transformer_encoder_layer", "d_model": 12, "nhead": 3}, [4, 12],
     nn.TransformerEncoderLayer(12, 3, batch_first=True), None),
    ({"type": "leaky_relu"}, [3, 8], nn.LeakyReLU(), None),
    ({"type": "flatten"}, [3, 8], nn.Flatten(), None),
]


def main():
    rows = []
    for layer, shape, module, dropped in CASES:
        module.eval()
        if layer["type"] == "embedding":
            x = torch.randint(0, layer["num"], [1] + shape)
        else:
            x = torch.randn([1] + shape)
        with torch.no_grad():
            y = module(x)
        tensors = [[name.removeprefix("cell.").removeprefix("mha."), list(p.shape)]
                   for name, p in module.named_parameters()
                   if name.removeprefix("cell.").removeprefix("mha.") not in (dropped or set())]
        rows.append({"layer": layer, "input": shape, "tensors": tensors,
                     "params": sum(_numel(s) for _, s in tensors),
                     "output_shape": list(y.shape[1:]), "by_definition": dropped is not None})
    lines = ",\n  ".join(json.dumps(r) for r in rows)
    print('{"torch": "%s",\n "cases": [\n  %s\n ]}' % (torch.__version__, lines))


def _numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


if __name__ == "__main__":
    main()
