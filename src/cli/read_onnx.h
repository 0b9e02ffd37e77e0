// Reading an exported ONNX model into core::GraphModel, each node counted by core's layer
// kinds (count_leaf) (SPEC: cnn-params, "Exported models"). It lives in cli because it reads
// files; core stays free of I/O and of the ONNX library.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "cli/onnx_graph.h"
#include "hw4/core/cnn.h"

namespace hw4::cli {

// True when a document whose first byte is `first_byte` is a serialized ONNX model rather than
// JSON text: a protobuf ModelProto opens with a field tag (ir_version's is 0x08), which is a
// control byte no JSON text begins with.
bool looks_like_onnx(int first_byte);

// Reads the model from `in` (a file, or standard input) and counts it: parameters per use (following Identity), batch-norm
// statistics as buffers, shapes from ONNX's shape inference (with data propagation, then hw4's
// own evaluation of integer shape arithmetic), MACs per sample. The first dimension of every
// graph input is the batch, read as 1 when symbolic; `shapes` give the other symbolic ones.
// Only shapes are kept: the bytes of large floating-point initializers are skipped (sought
// past in a file) before protobuf parses the rest, and weights that are external or stripped
// still count. Throws InputError at the
// pointer "" with a one-line message for anything that is not a usable model (not ONNX,
// truncated, empty, a node reading an undefined tensor, an opset the library does not know,
// a symbolic dimension without a shape).
core::GraphModel read_onnx(std::istream& in, const InputShapes& shapes);

// Parses "NAME=1x3x224x224" (the --input-shape flag). Throws InputError at `pointer`.
std::pair<std::string, std::vector<std::int64_t>> parse_input_shape(const std::string& text,
                                                                    const std::string& pointer);

}  // namespace hw4::cli
