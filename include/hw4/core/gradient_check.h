// The one finite-difference gradient checker every gradient mode runs (gan-grad, skipgram grad,
// the autoencoder's tests): central differences of a scalar function of a flat parameter vector,
// compared with an analytic gradient under a tolerance that knows about rounding.
#pragma once

#include <Eigen/Core>
#include <functional>

namespace hw4::core {

struct GradientCheckOptions {
  // Coordinate i moves by h_i = step · max(1, |x_i|), rounded so that x_i ± h_i is exact.
  // 1e-6 balances the central difference's truncation error (h²) against rounding (ε/h).
  double step = 1e-6;
  // Coordinate i passes when |numeric_i − analytic_i| ≤ allowance_i, where
  //   allowance_i = rtol · max(|numeric_i|, |analytic_i|) + atol + noise_i
  // and noise_i = noise_factor · ε · (|f(x + h_i e_i)| + |f(x − h_i e_i)|) / (2 h_i) is the
  // rounding error the difference quotient inherits from f's own values (large when |f| is
  // large, as for logits of ±1000).
  double rtol = 1e-5;
  double atol = 1e-8;
  double noise_factor = 16.0;
  // A coordinate that fails the central difference is retried with the second-order one-sided
  // differences (forward, then backward; same allowance, their own noise): at a kink of relu or
  // leaky_relu the two sides differ and the analytic gradient follows PyTorch's convention,
  // which is one of them.
  bool one_sided_at_kinks = true;
  // At most this many coordinates are compared (each costs two evaluations of f); with more,
  // an evenly spaced subset including the first and last is. 0 means all.
  Eigen::Index max_coordinates = 4096;
};

// The check's outcome, reported by every gradient mode as gradient_check {max_abs_error, passed}.
struct GradientCheck {
  double max_abs_error = 0.0;  // max over checked coordinates of |numeric − analytic| (the
                               // difference actually accepted: central, or one-sided at a kink)
  double max_rel_error = 0.0;  // max of |numeric − analytic| / max(|numeric|, |analytic|), 0/0 = 0
  bool passed = true;
  Eigen::Index checked = 0;     // coordinates compared
  Eigen::Index total = 0;       // coordinates in x
  Eigen::Index one_sided = 0;   // coordinates accepted by a one-sided difference
  Eigen::Index non_finite = 0;  // coordinates where f was not finite at x ± h (these fail)
  Eigen::Index worst = -1;      // the coordinate with the largest error / allowance, -1 if none
  double step = 0.0;            // GradientCheckOptions::step used
};

// Compares `analytic` (same size as x) with central differences of f around x. f must be
// deterministic; it is called 2 · checked times, plus at most 3 times per one-sided retry.
GradientCheck check_gradient(const std::function<double(const Eigen::VectorXd&)>& f,
                             const Eigen::VectorXd& x, const Eigen::VectorXd& analytic,
                             const GradientCheckOptions& options = {});

// Caps options.max_coordinates so that the check costs about `budget` units (two evaluations of
// `cost_per_evaluation` units per coordinate; with multiply-adds as the unit, 2e9 is around a
// second), never below 16 coordinates.
GradientCheckOptions within_budget(GradientCheckOptions options, double cost_per_evaluation,
                                   double budget = 2e9);

// The derivative at 0 of a function of one variable from its values at −2h, −h, h, 2h: central
// differences D(h) and D(2h) combined by Richardson extrapolation, (4·D(h) − D(2h)) / 3, whose
// truncation error is O(h⁴). Used along random directions (rnn-grad's check).
double richardson_derivative(double f_minus2, double f_minus1, double f_plus1, double f_plus2,
                             double h);

// Two checks as one (e.g. the discriminator's objective over its parameters and the generator's
// over its inputs): the larger errors, the counts added, passed when both passed.
GradientCheck combine(const GradientCheck& a, const GradientCheck& b);

}  // namespace hw4::core
