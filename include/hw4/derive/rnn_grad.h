// `rnn-grad flow`: gradients through time in one recurrent layer, derived step by step.
#pragma once

#include <vector>

#include "hw4/core/rnn_grad.h"
#include "hw4/report/report.h"

namespace hw4::derive {

// Solves every problem (one per cell, core::solve_rnn_grad) and writes SPEC's result
// (`runs`, one per cell in order) with the derivation: the cell's equations, the chain rule
// through time with the per-step Jacobian and this run's numbers (the tanh rnn's bound
// (γ·σ_max)^(T−t), the lstm's cell path with the measured forget gates, the gru's update gate),
// the norms step by step, decay, horizon and verdict in words, the dependency map, clipping and
// the gradient check; and the plot (log-norm lines, the dependency heat maps). A failed check
// makes the answer negative.
report::Answer rnn_grad(const std::vector<core::RnnGradProblem>& problems);

}  // namespace hw4::derive
