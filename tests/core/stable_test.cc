// Tests of the stable sigmoid, softplus, log-sigmoid and softmax against direct formulas and
// values that overflow the naive ones.
#include "hw4/core/stable.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace hw4::core {
namespace {

constexpr double kTol = 1e-15;

TEST(Stable, SoftplusMatchesTheDirectFormulaInItsSafeRange) {
  for (double x = -30.0; x <= 30.0; x += 0.37) {
    EXPECT_NEAR(softplus(x), std::log1p(std::exp(x)), kTol * std::max(1.0, std::fabs(x)));
  }
}

TEST(Stable, SoftplusIsExactForHugeArguments) {
  EXPECT_EQ(softplus(1000.0), 1000.0);
  EXPECT_EQ(softplus(-1000.0), 0.0);
  EXPECT_NEAR(softplus(-30.0), std::exp(-30.0), 1e-26);  // log(1 + e^−30), not log(1) = 0
  EXPECT_EQ(softplus(1000.0f), 1000.0f);
}

TEST(Stable, LogSigmoidIsFiniteWhereTheNaiveFormIsNot) {
  EXPECT_EQ(log_sigmoid(-1000.0), -1000.0);  // log(σ(−1000)) would be log(0) = −inf
  EXPECT_EQ(log_sigmoid(1000.0), 0.0);
  EXPECT_NEAR(log_sigmoid(0.0), -std::log(2.0), kTol);
  EXPECT_NEAR(log_sigmoid(-40.0), -40.0 - std::exp(-40.0), 1e-14);
}

TEST(Stable, SigmoidNeverOverflowsAndKeepsSymmetry) {
  EXPECT_EQ(sigmoid(1000.0), 1.0);
  EXPECT_EQ(sigmoid(-1000.0), 0.0);
  EXPECT_EQ(sigmoid(0.0), 0.5);
  for (double z = -50.0; z <= 50.0; z += 1.3) {
    EXPECT_NEAR(sigmoid(z) + sigmoid(-z), 1.0, 1e-15);
    // σ(−40) carries its own relative precision, which 1 − σ(40) would lose.
    EXPECT_NEAR(sigmoid(-std::fabs(z)), std::exp(-std::fabs(z)) / (1 + std::exp(-std::fabs(z))),
                1e-15 * sigmoid(-std::fabs(z)));
  }
  EXPECT_EQ(sigmoid(-100.0f), std::exp(-100.0f) / (1 + std::exp(-100.0f)));
}

TEST(Stable, SoftmaxOfLargeScoresSumsToOne) {
  Eigen::VectorXd x(3);
  x << 1000.0, 999.0, -1000.0;
  const Eigen::VectorXd p = softmax(x);
  EXPECT_NEAR(p.sum(), 1.0, kTol);
  EXPECT_NEAR(p[0], 1.0 / (1.0 + std::exp(-1.0)), kTol);
  EXPECT_EQ(p[2], 0.0);
  const Eigen::VectorXd lp = log_softmax(x);
  EXPECT_NEAR(lp[2], -2000.0 - std::log1p(std::exp(-1.0)), 1e-12);
  EXPECT_NEAR(log_sum_exp(x), 1000.0 + std::log1p(std::exp(-1.0)), 1e-12);
}

TEST(Stable, SoftmaxMatchesTheDirectFormulaForSmallScores) {
  Eigen::VectorXd x(4);
  x << 0.3, -1.2, 2.5, 0.0;
  const Eigen::VectorXd e = x.array().exp();
  const Eigen::VectorXd p = softmax(x);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(p[i], e[i] / e.sum(), kTol);
}

}  // namespace
}  // namespace hw4::core
