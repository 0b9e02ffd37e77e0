// Reading `rnn-grad flow` input (SPEC section rnn-grad) into one core::RnnGradProblem per cell.
#pragma once

#include <vector>

#include "hw4/core/rnn_grad.h"
#include "hw4/input/json_reader.h"

namespace hw4::cli {

// Limits, checked before anything is allocated: SPEC's sizes, and hw4's own bounds on the
// values held at once (the trace, the adjoints and the check's directions) and on the
// multiply-adds of the dependency map (docs/rnn-grad.md).
inline constexpr std::int64_t kMaxRnnHidden = 4096;
inline constexpr std::int64_t kMaxRnnInput = 4096;
inline constexpr std::int64_t kMaxRnnSteps = 100'000;
inline constexpr double kMaxRnnParameterSteps = 1e10;
inline constexpr double kMaxRnnValues = 1.25e8;
inline constexpr std::int64_t kMaxDependencySteps = 256;
inline constexpr double kMaxDependencyWork = 1e10;

// The whole input; a list of cells gives one problem per cell (same sizes, inputs and init
// seed). Throws InputError naming the pointer of the first problem.
std::vector<core::RnnGradProblem> read_rnn_grad(const input::JsonReader& in);

}  // namespace hw4::cli
