// The count formulas of cnn-params' layers (SPEC's table), written once for both front ends:
// the JSON layers (core/cnn.cc) and the nodes of an exported ONNX graph (cli/read_onnx.cc).
#pragma once

#include <cstdint>

#include "hw4/core/polynomial.h"

namespace hw4::core {

// A convolution of any dimension (1-D, 2-D, 3-D): `kernel_volume` is the product of its kernel
// sizes. Parameters out·(in/g·k + b); MACs out·positions·(in/g)·k, bias excluded, where
// `positions` is the product of the output's spatial sizes.
Polynomial conv_params(const Polynomial& out, const Polynomial& in_per_group,
                       std::int64_t kernel_volume, bool bias);
Polynomial conv_macs(const Polynomial& out, const Polynomial& positions,
                     const Polynomial& in_per_group, std::int64_t kernel_volume);

// A transposed convolution multiplies every input element by every kernel tap:
// in·positions·(out/g)·k MACs, where `positions` counts the input's spatial sizes (taps that
// the padding crops included, as PyTorch computes them).
Polynomial conv_transpose_macs(const Polynomial& in, const Polynomial& positions,
                               const Polynomial& out_per_group, std::int64_t kernel_volume);

// A linear map on the last dimension: out·(in + b) parameters, positions·in·out MACs, where
// `positions` is the product of the other dimensions (1 for a flat vector).
Polynomial linear_params(const Polynomial& out, const Polynomial& in, bool bias);
Polynomial linear_macs(const Polynomial& positions, const Polynomial& in, const Polynomial& out);

// One layer of a recurrent network (rnn: gates 1, gru: 3, lstm: 4) over `steps` positions,
// `directions` 1 or 2, input size I, hidden size H: MACs steps·D·G·H·(I + H), the products of
// the input-to-hidden and hidden-to-hidden weights (bias excluded).
Polynomial recurrent_macs(const Polynomial& steps, std::int64_t directions, std::int64_t gates,
                          const Polynomial& hidden, const Polynomial& input);

}  // namespace hw4::core
