// One direction of a recurrent layer, step by step, on K columns at once: the forward pass
// (storing what BPTT needs when K = 1, or evaluating the loss of K perturbed copies for the
// gradient check) and the backward step that BPTT and the dependency map share.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "hw4/core/rnn_grad.h"

namespace hw4::core::rnn_detail {

// Where the loss taps this direction's outputs: `weights` (H) on the last position, or on every
// position as well when `every_step` (sum_all: ones everywhere).
struct Taps {
  Eigen::VectorXd last;
  bool every_step = false;
};

// A direction of the layer: its weights, whether it reads the sequence backwards, its initial
// state and its share of the loss. Position p (0-based) is processed at step k = p forward and
// k = T − 1 − p in reverse.
struct Direction {
  CellKind cell;
  const CellWeights* weights;
  bool reverse;
  Eigen::VectorXd h0, c0;
  Taps taps;
  Eigen::Index position(Eigen::Index step, Eigen::Index steps) const {
    return reverse ? steps - 1 - step : step;
  }
};

// What BPTT needs, in processing order: h (H × (T+1), column 0 = h0), c (lstm), the activated
// gates (G·H × T; lstm i, f, g, o; gru r, z, n) and gru's W_hn h + b_hn (H × T).
struct Trace {
  Eigen::MatrixXd h, c, gates, hidden_n;
};

// The forward pass with the given weights and inputs (I × T), storing the trace; returns this
// direction's share of the loss.
double forward(const Direction& d, const Eigen::MatrixXd& inputs, Trace& trace);

// A direction in one layer direction's weights: each weight matrix moves along a rank-one
// matrix u·vᵀ, so a perturbed copy's extra product D·h = u·(vᵀh) costs O(rows + cols) rather
// than a second pass over a G·H × H matrix; the biases move along dense vectors.
struct RankOneWeights {
  Eigen::VectorXd u_ih, v_ih, u_hh, v_hh, bias_ih, bias_hh;
};

// A family of perturbed copies: weights + s·dw and inputs + s·dx for each s in `scales`.
struct Perturbation {
  const RankOneWeights* dw;
  const Eigen::MatrixXd* dx;  // I × T
  std::vector<double> scales;
};

// This direction's share of the loss for every perturbed copy (in order: each perturbation's
// scales in turn). The products are expanded in s ((W + s·D)(x + s·d) = Wx + s(Dx + Wd) + s²Dd)
// so every copy is computed by a few matrix products on all columns together, and no rounding
// of θ + s·d enters.
std::vector<double> perturbed_losses(const Direction& d, const Eigen::MatrixXd& inputs,
                                     const std::vector<Perturbation>& perturbations);

// Gradients flowing out of processed step k, for K columns of adjoints.
struct StepGrad {
  Eigen::MatrixXd d_ih;      // ∂/∂(W_ih x + b_ih) (G·H × K)
  Eigen::MatrixXd d_hh;      // ∂/∂(W_hh h + b_hh) (G·H × K); the same as d_ih except for gru
  Eigen::MatrixXd dh_prev;   // ∂/∂h_{k−1}
  Eigen::MatrixXd dc_prev;   // lstm: ∂/∂c_{k−1} through c_k only
  Eigen::MatrixXd dc_total;  // lstm: ∂/∂c_k (through h_k and c_{k+1}), what retain_grad reports
};

// The backward step at processed step k given ∂/∂h_k (total) and, for lstm, ∂/∂c_k through
// c_{k+1} (zero at the last step).
StepGrad backward_step(const Direction& d, const Trace& trace, Eigen::Index k,
                       const Eigen::MatrixXd& dh, const Eigen::MatrixXd& dc);

}  // namespace hw4::core::rnn_detail
