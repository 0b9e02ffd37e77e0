#!/usr/bin/python3
"""Writes the small ONNX models that tests/cli/cnn_onnx_test.cc counts (into this folder):
graphs built node by node with onnx.helper, where the expected counts are worked out by hand
in the test, and small PyTorch exports, whose expected counts are PyTorch's parameters and
SPEC's formulas. Also the bad files the reader must refuse with exit 2.

    /usr/bin/python3 tests/onnx/make_models.py
"""
import os
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "data", "networks"))
import onnx_export  # noqa: E402

OPSET = [helper.make_opsetid("", onnx_export.OPSET)]


def weight(name, *dims):
    return numpy_helper.from_array(np.zeros(dims, dtype=np.float32), name)


def ints(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def tensor(name, dims, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, dims)


def save(name, nodes, inputs, outputs, initializers, opset=OPSET, producer="hw4-tests"):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializers)
    model = helper.make_model(graph, opset_imports=opset, producer_name=producer, producer_version="1")
    onnx.save(model, os.path.join(here, name + ".onnx"))
    return model


# A weight read twice, once through an Identity (exporters alias equal weights that way): 128
# parameters per use, 64 initializer elements.
save("shared_identity",
     [helper.make_node("MatMul", ["x", "w"], ["h"], name="first"),
      helper.make_node("Identity", ["w"], ["w_again"], name="alias"),
      helper.make_node("MatMul", ["h", "w_again"], ["y"], name="second")],
     [tensor("x", ["batch", 8])], [tensor("y", None)], [weight("w", 8, 8)])

# Convolutions of each dimension: 1-D with bias, 3-D padded, 2-D transposed with bias.
save("conv_kinds",
     [helper.make_node("Conv", ["a", "w1", "b1"], ["ya"], name="conv1d"),
      helper.make_node("Conv", ["c", "w3"], ["yc"], name="conv3d", pads=[1] * 6),
      helper.make_node("ConvTranspose", ["t", "wt", "bt"], ["yt"], name="deconv", strides=[2, 2])],
     [tensor("a", [1, 4, 20]), tensor("c", [1, 2, 5, 6, 7]), tensor("t", [1, 4, 5, 5])],
     [tensor("ya", None), tensor("yc", None), tensor("yt", None)],
     [weight("w1", 6, 4, 3), weight("b1", 6), weight("w3", 4, 2, 3, 3, 3), weight("wt", 4, 3, 3, 3),
      weight("bt", 3)])

# An embedding (Gather on an initializer) over a sequence of symbolic length, then a MatMul.
save("embedding",
     [helper.make_node("Gather", ["table", "ids"], ["e"], name="embed"),
      helper.make_node("MatMul", ["e", "w"], ["y"], name="project")],
     [tensor("ids", ["batch", "seq"], TensorProto.INT64)], [tensor("y", None)],
     [weight("table", 100, 16), weight("w", 16, 4)])

# Reshape's target computed from Shape at run time: [batch, 6·4/2, 2], then a MatMul [2, 3].
save("shape_arithmetic",
     [helper.make_node("Shape", ["x"], ["s"]),
      helper.make_node("Gather", ["s", "i0"], ["d0"]),
      helper.make_node("Gather", ["s", "i1"], ["d1"]),
      helper.make_node("Gather", ["s", "i2"], ["d2"]),
      helper.make_node("Mul", ["d1", "d2"], ["d12"]),
      helper.make_node("Div", ["d12", "two"], ["half"]),
      helper.make_node("Unsqueeze", ["d0", "axes"], ["u0"]),
      helper.make_node("Unsqueeze", ["half", "axes"], ["u1"]),
      helper.make_node("Concat", ["u0", "u1", "last"], ["target"], axis=0),
      helper.make_node("Reshape", ["x", "target"], ["r"]),
      helper.make_node("MatMul", ["r", "w"], ["y"], name="project")],
     [tensor("x", ["batch", 6, 4])], [tensor("y", None)],
     [numpy_helper.from_array(np.array(0, dtype=np.int64), "i0"),
      numpy_helper.from_array(np.array(1, dtype=np.int64), "i1"),
      numpy_helper.from_array(np.array(2, dtype=np.int64), "i2"),
      numpy_helper.from_array(np.array(2, dtype=np.int64), "two"),
      ints("axes", [0]), ints("last", [2]), weight("w", 2, 3)])

# A batch fixed at 2 in the file: MACs are per sample.
save("batch_of_two",
     [helper.make_node("Gemm", ["x", "w", "b"], ["y"], name="fc", transB=1)],
     [tensor("x", [2, 8])], [tensor("y", None)], [weight("w", 4, 8), weight("b", 4)])

# Batch norm: scale and bias are parameters, the running statistics buffers.
save("batchnorm",
     [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
      helper.make_node("BatchNormalization", ["c", "g", "beta", "mean", "var"], ["y"], name="bn")],
     [tensor("x", ["batch", 3, 8, 8])], [tensor("y", None)],
     [weight("w", 5, 3, 1, 1), weight("g", 5), weight("beta", 5), weight("mean", 5), weight("var", 5)])

# Weights in an external file that is not there: only shapes are read, so it still counts.
external = onnx.TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[4, 8])
external.data_location = TensorProto.EXTERNAL
external.external_data.add(key="location", value="absent.bin")
save("external_data", [helper.make_node("MatMul", ["x", "w"], ["y"], name="fc")],
     [tensor("x", ["batch", 4])], [tensor("y", None)], [external])

# Small PyTorch exports: a CNN (described in JSON as tiny_cnn.json too), a bidirectional LSTM
# and a transformer encoder layer.
torch.manual_seed(0)
cnn = torch.nn.Sequential(
    torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
    torch.nn.MaxPool2d(2), torch.nn.Conv2d(8, 16, 3, stride=2, groups=2, bias=False),
    torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(16, 10))
onnx_export.export(cnn, torch.randn(1, 3, 32, 32), os.path.join(here, "tiny_cnn_preserve.onnx"), True)
onnx_export.export(cnn, torch.randn(1, 3, 32, 32), os.path.join(here, "tiny_cnn_eval.onnx"), False)


class BiLstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(6, 5, bidirectional=True, batch_first=True)

    def forward(self, x):
        return self.lstm(x)[0]


# Eval exports: constant folding applies PyTorch's gate reordering to the weights (a PRESERVE
# export slices them at run time, and each Slice is a use of the whole tensor).
lstm = BiLstm()
onnx_export.export(lstm, torch.randn(1, 7, 6), os.path.join(here, "bilstm.onnx"), False)
encoder = torch.nn.TransformerEncoderLayer(16, 2, 32, batch_first=True)
onnx_export.export(encoder, torch.randn(1, 5, 16), os.path.join(here, "encoder.onnx"), False)


class SelfAttention(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = torch.nn.MultiheadAttention(16, 2, batch_first=True)

    def forward(self, x):
        return self.attention(x, x, x, need_weights=False)[0]


attention = SelfAttention()
onnx_export.export(attention, torch.randn(1, 5, 16), os.path.join(here, "attention.onnx"), False)
# PRESERVE exports, where the per-use count differs from the module's parameters (the LSTM's
# gate reordering slices each weight three times at run time) or from the unique initializers
# (the encoder's equal fresh layer-norm tensors are merged); weights stripped to shapes.
for module, example, name in ((lstm, torch.randn(1, 7, 6), "bilstm_preserve"),
                              (encoder, torch.randn(1, 5, 16), "encoder_preserve")):
    path = os.path.join(here, name + ".onnx")
    onnx_export.export(module, example, path, True)
    onnx_export.strip(path)
print("params: tiny_cnn", onnx_export.parameters(cnn), "bilstm", onnx_export.parameters(lstm),
      "encoder", onnx_export.parameters(encoder), "attention", onnx_export.parameters(attention))

# Files the reader refuses.
with open(os.path.join(here, "tiny_cnn_preserve.onnx"), "rb") as f:
    whole = f.read()
with open(os.path.join(here, "bad_truncated.onnx"), "wb") as f:
    f.write(whole[: len(whole) * 2 // 3])
with open(os.path.join(here, "bad_empty.onnx"), "wb") as f:
    f.write(helper.make_model(helper.make_graph([], "empty", [], [])).SerializeToString()[:2])
with open(os.path.join(here, "bad_text.onnx"), "w") as f:
    f.write("this is not a model\n")
save("bad_missing_tensor", [helper.make_node("MatMul", ["x", "ghost"], ["y"], name="fc")],
     [tensor("x", [1, 4])], [tensor("y", None)], [])
# A Shape of a tensor ONNX's inference cannot type (the output of an op it does not know, or of a
# Transpose whose perm is out of range): ONNX 1.12's data propagation crashes on it (found by
# fuzz_onnx), so the reader refuses it. When the tensor is a graph output of a declared type, that
# type serves and the model counts.
save("bad_untyped_unknown_op",
     [helper.make_node("Plus", ["x", "x"], ["y"], name="plus"),
      helper.make_node("Shape", ["y"], ["s"], name="shape"), helper.make_node("Relu", ["x"], ["z"])],
     [tensor("x", [1, 4])], [tensor("z", None)], [])
save("bad_untyped_failed_inference",
     [helper.make_node("Transpose", ["x"], ["y"], name="turn", perm=[5, 7]),
      helper.make_node("Shape", ["y"], ["s"], name="shape"), helper.make_node("Relu", ["x"], ["z"])],
     [tensor("x", [1, 4])], [tensor("z", None)], [])
save("unknown_op_output",
     [helper.make_node("Plus", ["x", "x"], ["y"], name="plus"),
      helper.make_node("Shape", ["y"], ["s"], name="shape"),
      helper.make_node("MatMul", ["x", "w"], ["z"], name="fc")],
     [tensor("x", [1, 4])], [tensor("y", None), tensor("z", None)], [weight("w", 4, 3)])
save("bad_opset18", [helper.make_node("Relu", ["x"], ["y"])], [tensor("x", [1, 4])],
     [tensor("y", None)], [], opset=[helper.make_opsetid("", 18)])
