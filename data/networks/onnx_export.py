"""Exports PyTorch models to ONNX for hw4 cnn-params, and strips the weights to shapes.

Used by export_resnet18_onnx.py (the committed ResNet-18 test models), measure_onnx.py (the
done-when check over torchvision's networks), bench/cnn_params_onnx.sh and
tests/onnx/make_models.py. Run with /usr/bin/python3 (Debian's torch 1.13, torchvision 0.14,
onnx 1.12).
"""
import onnx
import torch

OPSET = 17  # the newest opset Debian's ONNX 1.12 knows (onnx.defs.onnx_opset_version())


def export(model, example, path, preserve, input_names=("input",), dynamic_batch=True):
    """Writes `model` to `path`: with preserve, training=PRESERVE (batch norms kept as nodes),
    else an eval export (PyTorch folds each batch norm into the convolution before it)."""
    model.eval()
    axes = {name: {0: "batch"} for name in input_names} if dynamic_batch else None
    torch.onnx.export(
        model, example, path, input_names=list(input_names), dynamic_axes=axes,
        opset_version=OPSET,
        training=torch.onnx.TrainingMode.PRESERVE if preserve else torch.onnx.TrainingMode.EVAL,
        do_constant_folding=not preserve)


def strip(path, out_path=None, keep_elements=64):
    """Rewrites the model with the data of every floating-point initializer larger than
    `keep_elements` removed (dims and type kept), so the file is kilobytes; integer tensors,
    which shape arithmetic reads, are kept whole."""
    model = onnx.load(path)
    floats = {onnx.TensorProto.FLOAT, onnx.TensorProto.DOUBLE, onnx.TensorProto.FLOAT16,
              onnx.TensorProto.BFLOAT16}
    for t in model.graph.initializer:
        elements = 1
        for d in t.dims:
            elements *= d
        if t.data_type in floats and elements > keep_elements:
            for field in ("raw_data", "float_data", "double_data", "int32_data"):
                t.ClearField(field)
    onnx.save(model, out_path or path)


def parameters(model):
    return sum(p.numel() for p in model.parameters())


def eval_export_reduction(model, example):
    """How many fewer parameters per use an eval export has than the model: PyTorch folds each
    batch norm that directly follows a convolution into it, so the batch norm's 2·C are gone and
    the convolution gains a C-element bias when it had none (Σ C for torchvision's bias-free
    convolutions). A batch norm after anything else (DenseNet's pre-activation ones) stays a
    BatchNormalization node and keeps its parameters."""
    graph = torch.jit.trace(model.eval(), example, check_trace=False).inlined_graph
    total = 0
    for node in graph.nodes():
        if node.kind() == "aten::batch_norm" and next(node.inputs()).node().kind() == "aten::_convolution":
            conv = next(node.inputs()).node()
            had_bias = list(conv.inputs())[2].type().kind() != "NoneType"
            channels = node.output().type().sizes()[1]
            total += 2 * channels if had_bias else channels
    return total
