// Tests of the skip-gram gradients: the reference cases' numbers, the closed forms written
// naively, and random problems against central differences over W and W_out in full.
#include "hw4/core/skipgram_grad.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace hw4::core {
namespace {

constexpr double kTol = 1e-12;

SkipgramGradProblem k01() {
  SkipgramGradProblem p;
  p.W.resize(4, 2);
  p.W << 0.812, -0.306, -0.264, -0.536, 0.433, -1.151, 0.872, -0.381;
  p.W_out.resize(2, 4);
  p.W_out << 0.16, -0.125, 0.731, -1.03, -0.161, -0.192, 0.567, -0.55;
  p.center = 1;
  p.context = {2};
  return p;
}

TEST(SkipgramGrad, SoftmaxMatchesReferenceCaseK01) {
  const auto r = solve_skipgram_grad(k01());
  EXPECT_NEAR(r.h[0], -0.264, kTol);
  EXPECT_NEAR(r.scores[3], 0.56672, kTol);
  EXPECT_NEAR(r.probabilities[3], 0.3863796778796118, kTol);
  EXPECT_NEAR(r.loss, 2.0145507715061255, kTol);
  EXPECT_NEAR(r.grad_scores[2], -0.8666196918555845, kTol);
  EXPECT_NEAR(r.grad_W_out(1, 2), 0.46450815483459335, kTol);
  EXPECT_NEAR(r.grad_h[0], -1.0262067006492732, kTol);
  EXPECT_TRUE(r.gradient_check.passed);
}

TEST(SkipgramGrad, NegativeSamplingMatchesReferenceCaseK03) {
  SkipgramGradProblem p;
  p.W.resize(5, 2);
  p.W << 0.894, 0.218, 0.048, -0.932, -0.139, -0.177, -0.041, -0.314, -0.022, -0.239;
  p.W_out.resize(2, 5);
  p.W_out << -0.657, 0.442, 0.441, 0.855, 0.025, -0.202, -0.273, -0.773, 0.491, -0.551;
  p.center = 0;
  p.context = {4};
  p.negatives = {2, 3};
  p.loss = SkipgramLoss::kNegativeSampling;
  const auto r = solve_skipgram_grad(p);
  EXPECT_NEAR(r.loss, 2.776509789101075, kTol);
  EXPECT_NEAR(r.probabilities[0], 0.3471945197667785, kTol);
  EXPECT_EQ(r.grad_scores[0], 0.0);
  EXPECT_NEAR(r.grad_scores[4], -0.5244225493537693, kTol);
  EXPECT_NEAR(r.grad_h[1], 0.2051908301193011, kTol);
  EXPECT_TRUE(r.gradient_check.passed);
}

// L over the full W (not only its centre row) and W_out, written with exp and log directly.
double naive_loss(const SkipgramGradProblem& p, const Eigen::MatrixXd& W,
                  const Eigen::MatrixXd& W_out) {
  const Eigen::VectorXd u = W_out.transpose() * W.row(p.center).transpose();
  double loss = 0;
  for (const Eigen::Index c : p.context) {
    if (p.loss == SkipgramLoss::kSoftmax) {
      loss -= std::log(std::exp(u[c]) / u.array().exp().sum());
    } else {
      loss -= std::log(1 / (1 + std::exp(-u[c])));
      for (const Eigen::Index n : p.negatives) loss -= std::log(1 / (1 + std::exp(u[n])));
    }
  }
  return p.reduction == Reduction::kMean ? loss / static_cast<double>(p.context.size()) : loss;
}

TEST(SkipgramGrad, RandomProblemsAgreeWithFiniteDifferencesOverAllOfW) {
  std::mt19937 rng(99);
  std::normal_distribution<double> normal(0.0, 0.8);
  std::uniform_int_distribution<int> size(2, 7);
  for (int trial = 0; trial < 40; ++trial) {
    SkipgramGradProblem p;
    const int vocab = size(rng);
    const int dim = size(rng);
    p.W = Eigen::MatrixXd::NullaryExpr(vocab, dim, [&] { return normal(rng); });
    p.W_out = Eigen::MatrixXd::NullaryExpr(dim, vocab, [&] { return normal(rng); });
    std::uniform_int_distribution<Eigen::Index> word(0, vocab - 1);
    p.center = word(rng);
    const int m = size(rng) - 1;
    for (int c = 0; c < m; ++c) p.context.push_back(word(rng));
    p.loss = trial % 2 == 0 ? SkipgramLoss::kSoftmax : SkipgramLoss::kNegativeSampling;
    if (p.loss == SkipgramLoss::kNegativeSampling) {
      for (int n = 0; n < trial % 4; ++n) p.negatives.push_back(word(rng));
    }
    p.reduction = trial % 3 == 0 ? Reduction::kMean : Reduction::kSum;
    const auto r = solve_skipgram_grad(p);
    EXPECT_TRUE(r.gradient_check.passed) << trial;
    EXPECT_NEAR(r.loss, naive_loss(p, p.W, p.W_out), 1e-10) << trial;

    // The full ∂L/∂W is zero outside the centre row, which holds grad_h.
    Eigen::MatrixXd grad_W = Eigen::MatrixXd::Zero(vocab, dim);
    grad_W.row(p.center) = r.grad_h.transpose();
    Eigen::VectorXd theta(p.W.size() + p.W_out.size());
    theta << Eigen::Map<const Eigen::VectorXd>(p.W.data(), p.W.size()),
        Eigen::Map<const Eigen::VectorXd>(p.W_out.data(), p.W_out.size());
    Eigen::VectorXd analytic(theta.size());
    analytic << Eigen::Map<const Eigen::VectorXd>(grad_W.data(), grad_W.size()),
        Eigen::Map<const Eigen::VectorXd>(r.grad_W_out.data(), r.grad_W_out.size());
    const auto check = check_gradient(
        [&](const Eigen::VectorXd& v) {
          return naive_loss(p, Eigen::Map<const Eigen::MatrixXd>(v.data(), vocab, dim),
                            Eigen::Map<const Eigen::MatrixXd>(v.data() + vocab * dim, dim, vocab));
        },
        theta, analytic);
    EXPECT_TRUE(check.passed) << trial << ": " << check.max_abs_error;
  }
}

TEST(SkipgramGrad, SoftmaxGradientIsPredictionMinusTarget) {
  auto p = k01();
  p.context = {2, 0, 2};
  const auto r = solve_skipgram_grad(p);
  Eigen::VectorXd expected = 3 * r.probabilities;
  expected[2] -= 2;
  expected[0] -= 1;
  EXPECT_TRUE(r.grad_scores.isApprox(expected, kTol));
  EXPECT_NEAR(r.grad_scores.sum(), 0.0, kTol);  // Σ(p − y) = 1 − 1 per context word
  p.reduction = Reduction::kMean;
  const auto mean = solve_skipgram_grad(p);
  EXPECT_TRUE(mean.grad_scores.isApprox(expected / 3, kTol));
  EXPECT_NEAR(mean.loss, r.loss / 3, kTol);
}

TEST(SkipgramGrad, HugeScoresStayFinite) {
  auto p = k01();
  p.W *= 1e4;
  const auto r = solve_skipgram_grad(p);
  EXPECT_TRUE(std::isfinite(r.loss));
  EXPECT_TRUE(r.grad_scores.allFinite());
  EXPECT_TRUE(r.gradient_check.passed);
  p.loss = SkipgramLoss::kNegativeSampling;
  p.negatives = {0, 3};
  const auto ns = solve_skipgram_grad(p);
  EXPECT_TRUE(std::isfinite(ns.loss));
  EXPECT_TRUE(ns.gradient_check.passed);
}

}  // namespace
}  // namespace hw4::core
