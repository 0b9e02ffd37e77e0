// rnn-equal answers: runs, verifications and syntheses of the equality-checking RNN turned into
// SPEC results and worked derivations (truth tables, traces, the proof in words, the repair).
#pragma once

#include <cstddef>

#include "hw4/core/rnn.h"
#include "hw4/report/report.h"

namespace hw4::derive {

// Trace rows beyond this many are left out of the derivation's tables (the result keeps all).
inline constexpr std::size_t kRnnMaxTraceRows = 200;

// "step", "step_ge" or "sigmoid".
const char* rnn_activation_name(core::RnnActivation g);

// `rnn-equal run`: the trace of h_t and y_t against the truth; negative when an output is wrong.
report::Answer rnn_equal_run(const core::RnnNetwork& net, const core::RnnRun& run);

// `rnn-equal verify`: the bit check's truth table, the proof or the exhaustive check with the
// interval argument, the shortest counterexample, and for a wrong binary network the repair.
// Negative when y is wrong anywhere checked or the bit check is wrong.
report::Answer rnn_equal_verify(const core::RnnNetwork& net, const core::RnnVerification& v);

// `rnn-equal solve`: the maximum-margin weights, the linear program that found them, and their
// verification.
report::Answer rnn_equal_solve(core::RnnActivation g, const core::RnnBounds& bounds,
                               const core::RnnSolution& solution);

}  // namespace hw4::derive
