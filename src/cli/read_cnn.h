// Reading a `cnn-params` input document into core::NetworkSpec (SPEC section cnn-params).
#pragma once

#include "hw4/core/cnn.h"
#include "hw4/input/json_reader.h"

namespace hw4::cli {

// Reads and checks the whole document: symbols, input shape, blocks, models (or a single
// `layers` list, named "model"), compare and conventions. Every error is an InputError at the
// offending value's pointer; unknown fields are rejected except the count-neutral ones SPEC
// lists (`eps`, `momentum`, `p`, `inplace`, `count_include_pad`).
core::NetworkSpec read_cnn_spec(const input::JsonReader& in);

}  // namespace hw4::cli
