// Skip-gram loss and gradients for one centre word (softmax or negative sampling).
#include "hw4/core/skipgram_grad.h"

#include <cassert>

#include "hw4/core/stable.h"
#include "hw4/error.h"

namespace hw4::core {
namespace {

// Per-context-word terms: softmax −log softmax(u)_c = logΣe^u − u_c; negative sampling
// −log σ(u_c) − Σ_n log σ(−u_n) = softplus(−u_c) + Σ_n softplus(u_n).
Eigen::VectorXd context_losses_of(const SkipgramGradProblem& p, const Eigen::VectorXd& u) {
  const auto m = static_cast<Eigen::Index>(p.context.size());
  Eigen::VectorXd terms(m);
  if (p.loss == SkipgramLoss::kSoftmax) {
    const double lse = log_sum_exp(u);
    for (Eigen::Index c = 0; c < m; ++c) terms[c] = lse - u[p.context[static_cast<size_t>(c)]];
  } else {
    double negative_part = 0.0;
    for (const Eigen::Index n : p.negatives) negative_part += softplus(u[n]);
    for (Eigen::Index c = 0; c < m; ++c) {
      terms[c] = softplus(-u[p.context[static_cast<size_t>(c)]]) + negative_part;
    }
  }
  return terms;
}

}  // namespace

const char* skipgram_loss_name(SkipgramLoss loss) {
  return loss == SkipgramLoss::kSoftmax ? "softmax" : "negative_sampling";
}

double skipgram_loss(const SkipgramGradProblem& problem, const Eigen::MatrixXd& W_out,
                     const Eigen::VectorXd& h) {
  const Eigen::VectorXd u = W_out.transpose() * h;
  return reduction_scale(problem.reduction, static_cast<long>(problem.context.size())) *
         context_losses_of(problem, u).sum();
}

SkipgramGradResult solve_skipgram_grad(const SkipgramGradProblem& problem,
                                       const GradientCheckOptions& options) {
  const Eigen::Index vocab = problem.W.rows();
  const Eigen::Index dim = problem.W.cols();
  assert(problem.W_out.rows() == dim && problem.W_out.cols() == vocab && !problem.context.empty());
  SkipgramGradResult r;
  const auto m = static_cast<long>(problem.context.size());
  r.scale = reduction_scale(problem.reduction, m);
  r.h = problem.W.row(problem.center).transpose();
  r.scores = problem.W_out.transpose() * r.h;
  r.context_losses = context_losses_of(problem, r.scores);
  r.loss = r.scale * r.context_losses.sum();
  r.grad_scores = Eigen::VectorXd::Zero(vocab);
  if (problem.loss == SkipgramLoss::kSoftmax) {
    // Softmax with cross-entropy: ∂/∂u (logΣe^u − u_c) = p − e_c, once per context word.
    r.probabilities = softmax(r.scores);
    if (problem.score_gradient == ScoreGradient::kSoftmaxJacobian) {
      const Eigen::VectorXd& p = r.probabilities;
      if ((p.array() <= 0).any() || (p.array() >= 1).any()) {
        throw Error(ErrorKind::kMath, "the softmax Jacobian form divides by a probability of 0 or 1");
      }
      const Eigen::MatrixXd jacobian = Eigen::MatrixXd(p.asDiagonal()) - p * p.transpose();
      for (const Eigen::Index c : problem.context) {
        Eigen::VectorXd s = (1.0 - p.array()).inverse().matrix();
        s[c] = -1.0 / p[c];
        r.grad_scores += jacobian * s;
      }
    } else {
      r.grad_scores = static_cast<double>(m) * r.probabilities;
      for (const Eigen::Index c : problem.context) r.grad_scores[c] -= 1.0;
    }
  } else {
    // d/du softplus(−u) = −σ(−u) = σ(u) − 1; d/du softplus(u) = σ(u); negatives once per context.
    r.probabilities = r.scores.unaryExpr([](double v) { return sigmoid(v); });
    for (const Eigen::Index c : problem.context) r.grad_scores[c] -= sigmoid(-r.scores[c]);
    for (const Eigen::Index n : problem.negatives) {
      r.grad_scores[n] += static_cast<double>(m) * r.probabilities[n];
    }
  }
  r.grad_scores *= r.scale;
  r.grad_W_out = r.h * r.grad_scores.transpose();
  r.grad_h = problem.W_out * r.grad_scores;

  // The check perturbs W_out (column by column) and the centre row of W: every parameter
  // whose gradient can be nonzero.
  Eigen::VectorXd theta(problem.W_out.size() + dim);
  theta << Eigen::Map<const Eigen::VectorXd>(problem.W_out.data(), problem.W_out.size()), r.h;
  Eigen::VectorXd analytic(theta.size());
  analytic << Eigen::Map<const Eigen::VectorXd>(r.grad_W_out.data(), r.grad_W_out.size()), r.grad_h;
  r.gradient_check = check_gradient(
      [&](const Eigen::VectorXd& v) {
        const Eigen::MatrixXd w_out = Eigen::Map<const Eigen::MatrixXd>(v.data(), dim, vocab);
        return skipgram_loss(problem, w_out, v.tail(dim));
      },
      theta, analytic,
      within_budget(options, static_cast<double>(vocab) * static_cast<double>(dim + 1)));
  return r;
}

}  // namespace hw4::core
