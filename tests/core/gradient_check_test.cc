// Tests of the finite-difference checker: it passes right gradients (also at large |f| and at a
// relu kink), fails wrong ones, and samples coordinates when asked to.
#include "hw4/core/gradient_check.h"

#include <gtest/gtest.h>

#include <cmath>

#include "hw4/core/stable.h"

namespace hw4::core {
namespace {

double quadratic(const Eigen::VectorXd& x) { return x.squaredNorm() + 3 * x[0] * x[1]; }

Eigen::VectorXd quadratic_grad(const Eigen::VectorXd& x) {
  Eigen::VectorXd g = 2 * x;
  g[0] += 3 * x[1];
  g[1] += 3 * x[0];
  return g;
}

TEST(GradientCheck, PassesTheRightGradient) {
  Eigen::VectorXd x(3);
  x << 0.5, -2.0, 7.0;
  const auto check = check_gradient(quadratic, x, quadratic_grad(x));
  EXPECT_TRUE(check.passed);
  EXPECT_EQ(check.checked, 3);
  EXPECT_EQ(check.total, 3);
  EXPECT_LT(check.max_abs_error, 1e-7);
  EXPECT_EQ(check.one_sided, 0);
}

TEST(GradientCheck, FailsAWrongGradientAndNamesTheWorstCoordinate) {
  Eigen::VectorXd x(3);
  x << 0.5, -2.0, 7.0;
  Eigen::VectorXd g = quadratic_grad(x);
  g[1] += 1e-3;
  const auto check = check_gradient(quadratic, x, g);
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.worst, 1);
  EXPECT_NEAR(check.max_abs_error, 1e-3, 1e-7);
}

TEST(GradientCheck, PassesExactGradientsOfHugeLogits) {
  // f = Σ log σ(z_i): |f| ≈ 2000, where rounding in f dominates the difference quotient.
  Eigen::VectorXd z(4);
  z << 1000.0, -1000.0, -999.0, 0.0;
  auto f = [](const Eigen::VectorXd& v) {
    double s = 0;
    for (double zi : v) s += log_sigmoid(zi);
    return s;
  };
  Eigen::VectorXd g(4);
  for (int i = 0; i < 4; ++i) g[i] = sigmoid(-z[i]);
  const auto check = check_gradient(f, z, g);
  EXPECT_TRUE(check.passed) << check.max_abs_error;
  g[3] = 0.4;  // the true value is 0.5
  EXPECT_FALSE(check_gradient(f, z, g).passed);
}

TEST(GradientCheck, AcceptsPyTorchsConventionAtAReluKink) {
  // relu(x) at x = 0: the central difference gives 1/2, PyTorch's gradient is 0 (the left side).
  auto f = [](const Eigen::VectorXd& v) { return std::fmax(v[0], 0.0); };
  const Eigen::VectorXd x = Eigen::VectorXd::Zero(1);
  const auto check = check_gradient(f, x, Eigen::VectorXd::Zero(1));
  EXPECT_TRUE(check.passed);
  EXPECT_EQ(check.one_sided, 1);
  EXPECT_FALSE(check_gradient(f, x, Eigen::VectorXd::Constant(1, 0.3)).passed);
  GradientCheckOptions strict;
  strict.one_sided_at_kinks = false;
  EXPECT_FALSE(check_gradient(f, x, Eigen::VectorXd::Zero(1), strict).passed);
}

TEST(GradientCheck, ANonFiniteFunctionFails) {
  auto f = [](const Eigen::VectorXd& v) { return std::log(v[0]); };
  const Eigen::VectorXd x = Eigen::VectorXd::Zero(1);
  const auto check = check_gradient(f, x, Eigen::VectorXd::Zero(1));
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.non_finite, 1);
}

TEST(GradientCheck, ComparesAnEvenlySpacedSubsetWhenAsked) {
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(100, -1.0, 1.0);
  Eigen::VectorXd g = 2 * x;
  g[0] += 3 * x[1];
  g[1] += 3 * x[0];
  GradientCheckOptions options;
  options.max_coordinates = 10;
  auto check = check_gradient(quadratic, x, g, options);
  EXPECT_TRUE(check.passed);
  EXPECT_EQ(check.checked, 10);
  EXPECT_EQ(check.total, 100);
  g[99] += 1.0;  // the last coordinate is always among those compared
  check = check_gradient(quadratic, x, g, options);
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.worst, 99);
}

}  // namespace
}  // namespace hw4::core
