// Central finite differences against an analytic gradient.
#include "hw4/core/gradient_check.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <optional>

namespace hw4::core {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// The coordinates to compare: all of them, or an evenly spaced subset with both ends.
Eigen::Index coordinate(Eigen::Index k, Eigen::Index count, Eigen::Index total) {
  if (count == total || count <= 1) return k;
  return static_cast<Eigen::Index>(static_cast<double>(k) * static_cast<double>(total - 1) /
                                   static_cast<double>(count - 1));
}

}  // namespace

GradientCheck check_gradient(const std::function<double(const Eigen::VectorXd&)>& f,
                             const Eigen::VectorXd& x, const Eigen::VectorXd& analytic,
                             const GradientCheckOptions& options) {
  assert(x.size() == analytic.size());
  GradientCheck check;
  check.total = x.size();
  check.step = options.step;
  const Eigen::Index count =
      options.max_coordinates > 0 ? std::min(options.max_coordinates, check.total) : check.total;
  Eigen::VectorXd point = x;
  std::optional<double> f_center;
  double worst_ratio = -1.0;
  for (Eigen::Index k = 0; k < count; ++k) {
    const Eigen::Index i = coordinate(k, count, check.total);
    const double xi = x[i];
    // (x + h) − x rather than h: the step actually taken, so the quotient divides by it.
    const volatile double up = xi + options.step * std::max(1.0, std::fabs(xi));
    const double h = up - xi;
    point[i] = xi + h;
    const double f_plus = f(point);
    point[i] = xi - h;
    const double f_minus = f(point);
    point[i] = xi;
    ++check.checked;
    if (!std::isfinite(f_plus) || !std::isfinite(f_minus)) {
      ++check.non_finite;
      check.passed = false;
      continue;
    }
    const double a = analytic[i];
    const double noise =
        options.noise_factor * kEps * (std::fabs(f_plus) + std::fabs(f_minus)) / (2.0 * h);
    double numeric = (f_plus - f_minus) / (2.0 * h);
    double allowed =
        options.rtol * std::max(std::fabs(numeric), std::fabs(a)) + options.atol + noise;
    double error = std::fabs(numeric - a);
    if (!(error <= allowed) && options.one_sided_at_kinks) {
      // Second-order one-sided stencils (−3f(x) + 4f(x ± h) − f(x ± 2h)) / (±2h): as accurate
      // as the central one, but each stays on one side of a kink at x.
      if (!f_center) f_center = f(x);
      for (const double sign : {1.0, -1.0}) {
        point[i] = xi + sign * 2.0 * h;
        const double f_far = f(point);
        point[i] = xi;
        const double f_near = sign > 0 ? f_plus : f_minus;
        const double side = sign * (-3.0 * *f_center + 4.0 * f_near - f_far) / (2.0 * h);
        const double side_noise =
            options.noise_factor * kEps *
            (3.0 * std::fabs(*f_center) + 4.0 * std::fabs(f_near) + std::fabs(f_far)) / (2.0 * h);
        const double side_allowed =
            options.rtol * std::max(std::fabs(side), std::fabs(a)) + options.atol + side_noise;
        const double side_error = std::fabs(side - a);
        if (std::isfinite(side) && side_error <= side_allowed) {
          numeric = side;
          error = side_error;
          allowed = side_allowed;
          ++check.one_sided;
          break;
        }
      }
    }
    if (!(error <= allowed)) check.passed = false;
    check.max_abs_error = std::max(check.max_abs_error, error);
    const double scale = std::max(std::fabs(numeric), std::fabs(a));
    if (scale > 0.0) check.max_rel_error = std::max(check.max_rel_error, error / scale);
    const double ratio = error / allowed;
    if (ratio > worst_ratio) {
      worst_ratio = ratio;
      check.worst = i;
    }
  }
  return check;
}

GradientCheckOptions within_budget(GradientCheckOptions options, double cost_per_evaluation,
                                   double budget) {
  const double affordable = budget / (2.0 * std::max(1.0, cost_per_evaluation));
  const Eigen::Index limit =
      std::max<Eigen::Index>(16, static_cast<Eigen::Index>(std::min(affordable, 1e15)));
  if (options.max_coordinates == 0 || options.max_coordinates > limit) {
    options.max_coordinates = limit;
  }
  return options;
}

double richardson_derivative(double f_minus2, double f_minus1, double f_plus1, double f_plus2,
                             double h) {
  const double d1 = (f_plus1 - f_minus1) / (2.0 * h);
  const double d2 = (f_plus2 - f_minus2) / (4.0 * h);
  return (4.0 * d1 - d2) / 3.0;
}

GradientCheck combine(const GradientCheck& a, const GradientCheck& b) {
  GradientCheck c;
  c.max_abs_error = std::max(a.max_abs_error, b.max_abs_error);
  c.max_rel_error = std::max(a.max_rel_error, b.max_rel_error);
  c.passed = a.passed && b.passed;
  c.checked = a.checked + b.checked;
  c.total = a.total + b.total;
  c.one_sided = a.one_sided + b.one_sided;
  c.non_finite = a.non_finite + b.non_finite;
  c.worst = -1;  // coordinates of different functions are not comparable
  c.step = a.step;
  return c;
}

}  // namespace hw4::core
