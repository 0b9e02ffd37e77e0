// Reading a `cnn-params` input document into core::NetworkSpec (SPEC section cnn-params).
#pragma once

#include "cli/command.h"
#include "hw4/core/cnn.h"
#include "hw4/input/json_reader.h"

namespace hw4::cli {

// Reads and checks the whole document: symbols, input shape, blocks, models (or a single
// `layers` list, named "model"), compare and conventions. Every error is an InputError at the
// offending value's pointer; unknown fields are rejected except the count-neutral ones SPEC
// lists (`eps`, `momentum`, `p`, `inplace`, `count_include_pad`). A model may be an exported
// ONNX file, `{"onnx": "path", "input_shapes": {...}}` (a path relative to `context.base_dir`);
// with `context.model_path` the whole input is one such model and the document holds only
// `input_shape` (the --input-shape flags).
core::NetworkSpec read_cnn_spec(const input::JsonReader& in, const Context& context = {});

}  // namespace hw4::cli
