// `skipgram grad`: the skip-gram loss and its gradients for one centre word, derived step by step.
#pragma once

#include <string>
#include <vector>

#include "hw4/core/skipgram_grad.h"
#include "hw4/report/report.h"

namespace hw4::derive {

// Solves the problem (core::solve_skipgram_grad) and writes the SPEC result (h, scores,
// probabilities, loss, grad_scores, grad_W_out, grad_h, grad_W, gradient_check) with the
// derivation: one-hot input, h = Wᵀx, scores, softmax (or σ), why softmax with cross-entropy
// gives ŷ − y, and the outer products for W_out and the single nonzero row of W.
// `vocabulary` names the V words in W's row order. A failed gradient check makes it negative.
report::Answer skipgram_grad(const core::SkipgramGradProblem& problem,
                             const std::vector<std::string>& vocabulary);

}  // namespace hw4::derive
