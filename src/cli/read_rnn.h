// Reading rnn-equal inputs (weights, activation, bit strings, solve bounds) into core structs;
// every error names its JSON pointer.
#pragma once

#include <vector>

#include "hw4/core/rnn.h"
#include "hw4/input/json_reader.h"

namespace hw4::cli {

// `activation` ("step" default, "step_ge", "sigmoid") of the input object.
core::RnnActivation read_rnn_activation(const input::JsonReader& in);

// `weights {W, b, v, c0, r, c, y0 = 1}`: W is H×2 with 1 <= H <= kRnnMaxHidden, b and v have
// H entries, every value finite with |value| <= 1e9.
core::RnnWeights read_rnn_weights(const input::JsonReader& weights);

// A list of 0/1 of at most kRnnMaxRunLength entries.
std::vector<int> read_rnn_bits(const input::JsonReader& bits);

// `a` and `b`, required, of equal lengths (the error is at /b).
void read_rnn_strings(const input::JsonReader& in, std::vector<int>* a, std::vector<int>* b);

// `max_length` in 1..kRnnMaxExhaustiveLength, default kRnnDefaultMaxLength.
int read_rnn_max_length(const input::JsonReader& in);

// `bounds`: one number for every group, or {W, b, v, c0, r, c} (missing groups take the
// default); each in (0, 1e6]. The default is 1 under step and step_ge, 10 under sigmoid.
core::RnnBounds read_rnn_bounds(const input::JsonReader& in, core::RnnActivation g);

}  // namespace hw4::cli
