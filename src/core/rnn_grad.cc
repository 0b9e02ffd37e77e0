// Back-propagation through time with a running power-of-two scale, the figures of 4.1, the
// dependency map of 4.2 and the directional gradient check (SPEC section rnn-grad).
#include "hw4/core/rnn_grad.h"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/rnn_cells.h"
#include "hw4/core/counter_random.h"
#include "hw4/core/gradient_check.h"

namespace hw4::core {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using rnn_detail::Direction;
using rnn_detail::Trace;

constexpr double kLog10Two = 0.30102999566398119521;
constexpr double kCheckTolerance = 1e-5;
constexpr int kCheckDirections = 4;

// x · 2^e without overflow in the exponent's type (ldexp saturates to 0 or inf).
double scaled(double x, std::int64_t e) {
  return std::ldexp(x, static_cast<int>(std::clamp<std::int64_t>(e, -100000, 100000)));
}

// Norms as BLAS's nrm2: no intermediate underflow or overflow.
double nrm2(const MatrixXd& m) { return m.reshaped().blueNorm(); }

ScaledNorm make_norm(double mantissa, std::int64_t exponent) {
  if (mantissa == 0.0) return {};
  int q = 0;
  const double m = std::frexp(mantissa, &q);
  return {m, exponent + q};
}

// √(a² + b²) of two scaled norms.
ScaledNorm hypot(const ScaledNorm& a, const ScaledNorm& b) {
  if (a.mantissa == 0.0) return b;
  if (b.mantissa == 0.0) return a;
  const std::int64_t e = std::max(a.exponent, b.exponent);
  return make_norm(std::hypot(scaled(a.mantissa, a.exponent - e), scaled(b.mantissa, b.exponent - e)),
                   e);
}

// One direction's gradients: per processed step k, the pre-activation gradients (d_ih, d_hh)
// and ∂L/∂x at the step's position, each column standing for itself · 2^exponent[k]; and the
// parameter gradients, which stand for themselves · 2^param_exponent.
struct DirectionGrad {
  MatrixXd d_ih, d_hh, dx;
  std::vector<std::int64_t> exponent;
  std::vector<ScaledNorm> grad_h, grad_c;  // per processed step
  CellWeights params;
  std::int64_t param_exponent = 0;
};

// BPTT from the last processed step back to the first. The adjoint (∂L/∂h, ∂L/∂c) is renormalised
// after every step so that its largest entry is in [1/2, 1), the power of two going into the
// step's exponent: exact, and the adjoint can neither underflow nor overflow however long T is.
DirectionGrad backpropagate(const Direction& d, const MatrixXd& inputs, const Trace& trace) {
  const CellWeights& w = *d.weights;
  const Index H = w.weight_hh.cols(), T = inputs.cols(), GH = w.weight_ih.rows();
  const bool lstm = d.cell == CellKind::kLstm, gru = d.cell == CellKind::kGru;
  DirectionGrad g;
  g.d_ih.resize(GH, T);
  if (gru) g.d_hh.resize(GH, T);
  g.exponent.assign(static_cast<std::size_t>(T), 0);
  g.grad_h.resize(static_cast<std::size_t>(T));
  g.grad_c.resize(static_cast<std::size_t>(T));
  MatrixXd dh = MatrixXd::Zero(H, 1), dc = MatrixXd::Zero(H, 1);
  bool zero = true;
  std::int64_t e = 0;
  for (Index k = T - 1; k >= 0; --k) {
    const bool tapped = d.position(k, T) == T - 1 || d.taps.every_step;
    if (tapped) {
      // The direct term ∂L/∂y joins at exponent 0; the carried adjoint is brought to it.
      const std::int64_t common = zero ? 0 : std::max<std::int64_t>(e, 0);
      dh = zero ? MatrixXd(d.taps.last)
                : MatrixXd(dh.unaryExpr([&](double v) { return scaled(v, e - common); }) +
                           d.taps.last.unaryExpr([&](double v) { return scaled(v, -common); }));
      if (!zero) dc = dc.unaryExpr([&](double v) { return scaled(v, e - common); });
      e = common;
      zero = false;
    }
    const auto ks = static_cast<std::size_t>(k);
    g.exponent[ks] = e;
    if (zero) {
      g.d_ih.col(k).setZero();
      if (gru) g.d_hh.col(k).setZero();
      continue;
    }
    rnn_detail::StepGrad s = rnn_detail::backward_step(d, trace, k, dh, dc);
    g.grad_h[ks] = make_norm(nrm2(dh), e);
    if (lstm) g.grad_c[ks] = make_norm(nrm2(s.dc_total), e);
    g.d_ih.col(k) = s.d_ih;
    if (gru) g.d_hh.col(k) = s.d_hh;
    dh = std::move(s.dh_prev);
    if (lstm) dc = std::move(s.dc_prev);
    const double largest = std::max(dh.cwiseAbs().maxCoeff(), lstm ? dc.cwiseAbs().maxCoeff() : 0.0);
    if (largest == 0.0) {
      zero = true;
      dh.setZero();
      dc.setZero();
      continue;
    }
    int q = 0;
    std::frexp(largest, &q);
    dh = dh.unaryExpr([&](double v) { return std::ldexp(v, -q); });
    if (lstm) dc = dc.unaryExpr([&](double v) { return std::ldexp(v, -q); });
    e += q;
  }
  g.dx.noalias() = w.weight_ih.transpose() * g.d_ih;
  // Parameter gradients Σ_k 2^e_k (d_k x_kᵀ, d_k h_{k−1}ᵀ, d_k), each column brought to the
  // largest exponent first.
  std::int64_t top = std::numeric_limits<std::int64_t>::min();
  for (Index k = 0; k < T; ++k) {
    if (g.d_ih.col(k).any()) top = std::max(top, g.exponent[static_cast<std::size_t>(k)]);
  }
  if (top == std::numeric_limits<std::int64_t>::min()) top = 0;
  g.param_exponent = top;
  MatrixXd a_ih = g.d_ih, a_hh = gru ? g.d_hh : MatrixXd();
  for (Index k = 0; k < T; ++k) {
    const std::int64_t shift = g.exponent[static_cast<std::size_t>(k)] - top;
    a_ih.col(k) = a_ih.col(k).unaryExpr([&](double v) { return scaled(v, shift); });
    if (gru) a_hh.col(k) = a_hh.col(k).unaryExpr([&](double v) { return scaled(v, shift); });
  }
  const MatrixXd& b_hh = gru ? a_hh : a_ih;
  const MatrixXd x = d.reverse ? MatrixXd(inputs.rowwise().reverse()) : inputs;
  g.params.weight_ih.noalias() = a_ih * x.transpose();
  g.params.weight_hh.noalias() = b_hh * trace.h.leftCols(T).transpose();
  g.params.bias_ih = a_ih.rowwise().sum();
  g.params.bias_hh = b_hh.rowwise().sum();
  return g;
}

ScaledNorm params_norm(const CellWeights& p, std::int64_t exponent, bool bias) {
  double n = std::hypot(nrm2(p.weight_ih), nrm2(p.weight_hh));
  if (bias) n = std::hypot(n, std::hypot(nrm2(p.bias_ih), nrm2(p.bias_hh)));
  return make_norm(n, exponent);
}

// σ_max of weight_hh (G·H × H): a singular value decomposition up to kMaxEigenHidden, power
// iteration on Wᵀ W above.
double spectral_norm(const MatrixXd& w) {
  if (w.cols() <= kMaxEigenHidden) {
    const Eigen::BDCSVD<MatrixXd> svd(w);
    return svd.singularValues().size() > 0 ? svd.singularValues()[0] : 0.0;
  }
  VectorXd v = VectorXd::Ones(w.cols()).normalized();
  double sigma = 0.0;
  for (int it = 0; it < 300; ++it) {
    VectorXd next = w.transpose() * (w * v);
    const double n = next.norm();
    if (n == 0.0) return 0.0;
    next /= n;
    const double s = std::sqrt(n);
    const bool settled = std::fabs(s - sigma) <= 1e-13 * s;
    sigma = s;
    v = next;
    if (settled) break;
  }
  return sigma;
}

std::optional<double> spectral_radius(CellKind cell, const MatrixXd& w) {
  if (cell_info(cell).gates != 1 || w.cols() > kMaxEigenHidden) return std::nullopt;
  if (w.cols() == 0) return 0.0;
  const Eigen::EigenSolver<MatrixXd> solver(w, false);
  return solver.eigenvalues().cwiseAbs().maxCoeff();
}

// decay, horizon and verdict from the logs of n_t = ‖∂L/∂x_t‖ (SPEC).
void figures(RnnGradResult& r) {
  const auto T = static_cast<Index>(r.grad_x.size());
  const double last = r.grad_x.back().log10();
  if (!std::isfinite(last)) return;  // the last step receives no gradient
  if (T == 1) {
    r.horizon = 0;
    r.verdict = "stable";
    return;
  }
  const double first = r.grad_x.front().log10();
  r.decay = std::pow(10.0, (first - last) / static_cast<double>(T - 1));
  std::int64_t horizon = 0;
  for (Index j = 1; j < T; ++j) {
    if (!(r.grad_x[static_cast<std::size_t>(T - 1 - j)].log10() >= last - 3.0)) break;
    horizon = j;
  }
  r.horizon = horizon;
  r.verdict = first < last - 3.0 ? "vanishing" : first > last + 3.0 ? "exploding" : "stable";
}

// ‖∂y_t/∂x_s‖_F for every t, s: from each output step, a backward pass of the H columns of the
// identity (one per output unit) through the stored trace.
void add_dependency(const Direction& d, const Trace& trace, MatrixXd& dep) {
  const Index H = d.weights->weight_hh.cols(), T = dep.rows();
  for (Index t = 0; t < T; ++t) {
    const Index k_out = d.reverse ? T - 1 - t : t;
    MatrixXd dh = MatrixXd::Identity(H, H), dc = MatrixXd::Zero(H, H);
    for (Index k = k_out; k >= 0; --k) {
      rnn_detail::StepGrad s = rnn_detail::backward_step(d, trace, k, dh, dc);
      const MatrixXd dx = d.weights->weight_ih.transpose() * s.d_ih;
      double& entry = dep(t, d.position(k, T));
      entry = std::hypot(entry, nrm2(dx));
      dh = std::move(s.dh_prev);
      if (d.cell == CellKind::kLstm) dc = std::move(s.dc_prev);
    }
  }
}

// A random unit direction in (weights, inputs): per weight matrix a rank-one u·vᵀ, per bias and
// input a dense vector, all of standard normal entries, normalised together.
struct CheckDirection {
  std::vector<rnn_detail::RankOneWeights> dw;
  MatrixXd dx;
};

CheckDirection random_direction(const RnnGradProblem& p, int index) {
  const std::uint64_t key = stream_key(0x5EED0000u + static_cast<std::uint64_t>(index), 1);
  std::uint64_t next = 0;
  const auto normal = [&](Index rows, Index cols) {
    MatrixXd m(rows, cols);
    for (Index i = 0; i < m.size(); ++i) m.data()[i] = counter_normal(key, next++);
    return m;
  };
  CheckDirection c;
  double sq = 0.0;
  for (const CellWeights& w : p.weights) {
    rnn_detail::RankOneWeights d;
    d.u_ih = normal(w.weight_ih.rows(), 1);
    d.v_ih = normal(w.weight_ih.cols(), 1);
    d.u_hh = normal(w.weight_hh.rows(), 1);
    d.v_hh = normal(w.weight_hh.cols(), 1);
    d.bias_ih = p.bias ? VectorXd(normal(w.bias_ih.size(), 1)) : VectorXd::Zero(w.bias_ih.size());
    d.bias_hh = p.bias ? VectorXd(normal(w.bias_hh.size(), 1)) : VectorXd::Zero(w.bias_hh.size());
    sq += d.u_ih.squaredNorm() * d.v_ih.squaredNorm() + d.u_hh.squaredNorm() * d.v_hh.squaredNorm() +
          d.bias_ih.squaredNorm() + d.bias_hh.squaredNorm();
    c.dw.push_back(std::move(d));
  }
  c.dx = normal(p.inputs.rows(), p.inputs.cols());
  sq += c.dx.squaredNorm();
  const double scale = 1.0 / std::sqrt(sq);
  for (rnn_detail::RankOneWeights& d : c.dw) {
    d.u_ih *= scale;
    d.u_hh *= scale;
    d.bias_ih *= scale;
    d.bias_hh *= scale;
  }
  c.dx *= scale;
  return c;
}

// ∇L · d over one direction's parameters: uᵀ G v for a rank-one move of a matrix.
double gradient_along(const CellWeights& g, const rnn_detail::RankOneWeights& d, bool bias) {
  double s = d.u_ih.dot(g.weight_ih * d.v_ih) + d.u_hh.dot(g.weight_hh * d.v_hh);
  if (bias) s += g.bias_ih.dot(d.bias_ih) + g.bias_hh.dot(d.bias_hh);
  return s;
}

}  // namespace

double ScaledNorm::log10() const {
  if (mantissa == 0.0) return -std::numeric_limits<double>::infinity();
  return std::log10(mantissa) + static_cast<double>(exponent) * kLog10Two;
}

double ScaledNorm::value() const { return scaled(mantissa, exponent); }

double dependency_work(const RnnGradProblem& p) {
  const double T = static_cast<double>(p.steps), H = static_cast<double>(p.hidden);
  const double gh = cell_info(p.cell).gates * H;
  const double D = p.bidirectional ? 2.0 : 1.0;
  return T * (T + 1.0) / 2.0 * D * H * gh * (H + static_cast<double>(p.input_size));
}

RnnGradResult solve_rnn_grad(const RnnGradProblem& p) {
  const Index H = p.hidden, T = p.steps;
  const auto D = static_cast<Index>(p.weights.size());
  RnnGradResult r;
  r.cell = p.cell;
  std::vector<Direction> dirs;
  for (Index k = 0; k < D; ++k) {
    Direction d{p.cell, &p.weights[static_cast<std::size_t>(k)], k == 1,
                p.h0[static_cast<std::size_t>(k)],
                p.c0.empty() ? VectorXd::Zero(H) : p.c0[static_cast<std::size_t>(k)],
                {}};
    d.taps.every_step = p.loss.kind == RnnLossKind::kSumAll;
    d.taps.last = p.loss.kind == RnnLossKind::kDotLast ? VectorXd(p.loss.u.segment(k * H, H))
                                                        : VectorXd::Ones(H);
    dirs.push_back(std::move(d));
  }
  std::vector<Trace> traces(static_cast<std::size_t>(D));
  std::vector<DirectionGrad> grads;
  for (Index k = 0; k < D; ++k) {
    const auto ks = static_cast<std::size_t>(k);
    r.loss += rnn_detail::forward(dirs[ks], p.inputs, traces[ks]);
    grads.push_back(backpropagate(dirs[ks], p.inputs, traces[ks]));
  }
  // Reported states are the forward direction's (positions = processed steps).
  r.grad_h = grads[0].grad_h;
  if (p.cell == CellKind::kLstm) r.grad_c = grads[0].grad_c;
  r.h = traces[0].h;
  if (p.cell == CellKind::kLstm) r.forget = traces[0].gates.middleRows(H, H);
  if (p.cell == CellKind::kRnnTanh) {
    r.last_tanh_derivative = (1.0 - traces[0].h.col(T).array().square()).matrix();
  }

  // ∂L/∂x_t: the two directions' parts at a common exponent; and the check's analytic side.
  std::vector<CheckDirection> checks;
  for (int j = 0; j < kCheckDirections; ++j) checks.push_back(random_direction(p, j));
  std::vector<double> analytic(kCheckDirections, 0.0);
  r.grad_x.resize(static_cast<std::size_t>(T));
  for (Index t = 0; t < T; ++t) {
    std::int64_t e = std::numeric_limits<std::int64_t>::min();
    for (Index k = 0; k < D; ++k) {
      const DirectionGrad& g = grads[static_cast<std::size_t>(k)];
      const Index step = dirs[static_cast<std::size_t>(k)].position(t, T);
      if (g.dx.col(step).any()) e = std::max(e, g.exponent[static_cast<std::size_t>(step)]);
    }
    if (e == std::numeric_limits<std::int64_t>::min()) continue;
    VectorXd v = VectorXd::Zero(p.input_size);
    for (Index k = 0; k < D; ++k) {
      const DirectionGrad& g = grads[static_cast<std::size_t>(k)];
      const Index step = dirs[static_cast<std::size_t>(k)].position(t, T);
      const std::int64_t shift = g.exponent[static_cast<std::size_t>(step)] - e;
      v += g.dx.col(step).unaryExpr([&](double x) { return scaled(x, shift); });
    }
    r.grad_x[static_cast<std::size_t>(t)] = make_norm(nrm2(v), e);
    for (int j = 0; j < kCheckDirections; ++j) {
      analytic[static_cast<std::size_t>(j)] += scaled(v.dot(checks[static_cast<std::size_t>(j)].dx.col(t)), e);
    }
  }
  for (Index k = 0; k < D; ++k) {
    const DirectionGrad& g = grads[static_cast<std::size_t>(k)];
    r.grad_params = hypot(r.grad_params, params_norm(g.params, g.param_exponent, p.bias));
    for (int j = 0; j < kCheckDirections; ++j) {
      analytic[static_cast<std::size_t>(j)] +=
          scaled(gradient_along(g.params,
                                checks[static_cast<std::size_t>(j)].dw[static_cast<std::size_t>(k)],
                                p.bias),
                 g.param_exponent);
    }
  }
  if (p.clip) {
    const double n = r.grad_params.value();
    r.clipped_norm = std::isfinite(n) ? n * std::min(1.0, *p.clip / (n + 1e-6)) : *p.clip;
  }
  r.spectral_norm = spectral_norm(p.weights[0].weight_hh);
  r.spectral_radius = spectral_radius(p.cell, p.weights[0].weight_hh);
  figures(r);
  if (p.dependency) {
    r.dependency = MatrixXd::Zero(T, T);
    for (Index k = 0; k < D; ++k) {
      add_dependency(dirs[static_cast<std::size_t>(k)], traces[static_cast<std::size_t>(k)],
                     r.dependency);
    }
  }

  // The gradient check: along each direction, f(s) = L(θ + s·d) at s = ±h, ±2h. The step makes
  // the first-order change h·‖∇L‖ a fraction u of the loss's size S = Σ |tap weight · y|, the
  // scale of f's rounding error, so the quotient's rounding error stays near ε/u whatever the
  // magnitudes (exploding or vanishing); u is tried from 1e-3 down while a direction fails
  // (a relu kink inside ±2h, or curvature on a smaller scale).
  double size = 0.0;
  for (Index k = 0; k < D; ++k) {
    const Direction& d = dirs[static_cast<std::size_t>(k)];
    for (Index s = 0; s < T; ++s) {
      if (d.position(s, T) == T - 1 || d.taps.every_step) {
        size += d.taps.last.cwiseAbs().dot(traces[static_cast<std::size_t>(k)].h.col(s + 1).cwiseAbs());
      }
    }
  }
  const double gx = [&] {
    ScaledNorm all = r.grad_params;
    for (const ScaledNorm& n : r.grad_x) all = hypot(all, n);
    return all.value();
  }();
  RnnGradCheck& check = r.gradient_check;
  check.directions = kCheckDirections;
  check.analytic = analytic;
  check.numeric.assign(kCheckDirections, std::numeric_limits<double>::quiet_NaN());
  check.step.assign(kCheckDirections, 0.0);
  std::vector<double> error(kCheckDirections, std::numeric_limits<double>::infinity());
  std::vector<int> pending;
  for (int j = 0; j < kCheckDirections; ++j) pending.push_back(j);
  const double base = (gx > 0.0 && std::isfinite(gx)) ? std::min(1.0, std::max(size, 1e-300) / gx) : 1.0;
  for (const double u : {1e-3, 1e-2, 1e-4, 1e-5, 1e-6}) {
    if (pending.empty() || !std::isfinite(gx)) break;
    const double h = u * base;
    std::vector<double> losses(pending.size() * 4, 0.0);
    for (Index k = 0; k < D; ++k) {
      std::vector<rnn_detail::Perturbation> perts;
      for (const int j : pending) {
        const CheckDirection& c = checks[static_cast<std::size_t>(j)];
        perts.push_back({&c.dw[static_cast<std::size_t>(k)], &c.dx, {-2 * h, -h, h, 2 * h}});
      }
      const std::vector<double> part =
          rnn_detail::perturbed_losses(dirs[static_cast<std::size_t>(k)], p.inputs, perts);
      for (std::size_t i = 0; i < part.size(); ++i) losses[i] += part[i];
    }
    std::vector<int> still;
    for (std::size_t n = 0; n < pending.size(); ++n) {
      const auto j = static_cast<std::size_t>(pending[n]);
      const double numeric = richardson_derivative(losses[4 * n], losses[4 * n + 1],
                                                   losses[4 * n + 2], losses[4 * n + 3], h);
      const double a = analytic[j];
      const double scale = std::max(std::fabs(numeric), std::fabs(a));
      const double rel = scale > 0.0 ? std::fabs(numeric - a) / scale : 0.0;
      if (rel < error[j]) {
        error[j] = rel;
        check.numeric[j] = numeric;
        check.step[j] = h;
      }
      if (!(rel <= kCheckTolerance)) still.push_back(pending[n]);
    }
    pending = std::move(still);
  }
  check.max_rel_error = 0.0;
  for (const double e : error) {
    check.max_rel_error = std::isfinite(e) ? std::max(check.max_rel_error, e) : e;
    if (!std::isfinite(e)) break;
  }
  check.passed = check.max_rel_error <= kCheckTolerance;
  return r;
}

}  // namespace hw4::core
