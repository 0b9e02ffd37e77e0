// The skip-gram model's loss and gradients for one centre word and its context words: full
// softmax or negative sampling, summed or averaged over the context, checked against central
// finite differences.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "hw4/core/gradient_check.h"
#include "hw4/core/reduction.h"

namespace hw4::core {

enum class SkipgramLoss { kSoftmax, kNegativeSampling };

// How the softmax loss's ∂L/∂u is formed: ŷ − y per context word (right), or the seed answer
// sheet's S′(y)·S(y), the softmax Jacobian diag(ŷ) − ŷŷᵀ times a binary cross-entropy's
// derivative (1 − y)/(1 − ŷ) − y/ŷ: a mistake `grade` re-solves to diagnose it.
enum class ScoreGradient { kPredictionMinusTarget, kSoftmaxJacobian };

// "softmax", "negative_sampling".
const char* skipgram_loss_name(SkipgramLoss loss);

// W is V × N (row k is word k's input vector), W_out is N × V (column j is word j's output
// vector u_j). Words are vocabulary indices in [0, V); context has M ≥ 1 entries (a repeated
// word counts each time); negatives are used for every context word (negative sampling only).
struct SkipgramGradProblem {
  Eigen::MatrixXd W;
  Eigen::MatrixXd W_out;
  Eigen::Index center = 0;
  std::vector<Eigen::Index> context;
  std::vector<Eigen::Index> negatives;
  SkipgramLoss loss = SkipgramLoss::kSoftmax;
  Reduction reduction = Reduction::kSum;
  ScoreGradient score_gradient = ScoreGradient::kPredictionMinusTarget;  // softmax only
};

struct SkipgramGradResult {
  Eigen::VectorXd h;               // N: W[center], i.e. Wᵀx for the one-hot x of the centre
  Eigen::VectorXd scores;          // V: u = W_outᵀ h
  Eigen::VectorXd probabilities;   // V: softmax(u), or σ(u) element-wise for negative sampling
  Eigen::VectorXd context_losses;  // M: each context word's term (before the reduction's 1/M)
  double scale = 1.0;              // 1 (sum) or 1/M (mean)
  double loss = 0.0;               // scale · Σ context_losses
  Eigen::VectorXd grad_scores;     // V: ∂L/∂u
  Eigen::MatrixXd grad_W_out;      // N × V: h ⊗ ∂L/∂u
  Eigen::VectorXd grad_h;          // N: W_out ∂L/∂u, which is also row `center` of ∂L/∂W
  // Central differences of L over every entry of W_out and of row `center` of W.
  GradientCheck gradient_check;
};

// The loss alone, for finite differences: L(W_out, h).
double skipgram_loss(const SkipgramGradProblem& problem, const Eigen::MatrixXd& W_out,
                     const Eigen::VectorXd& h);

// Loss, gradients and their check. Indices must be in range and shapes agree (the reader
// checks them).
SkipgramGradResult solve_skipgram_grad(const SkipgramGradProblem& problem,
                                       const GradientCheckOptions& options = {});

}  // namespace hw4::core
