// Back-propagation through time in one recurrent layer (SPEC section rnn-grad): PyTorch's rnn
// (tanh, relu), lstm and gru cells with their tensor layout and gate order, forward and
// bidirectional, in double precision with a running power-of-two scale so that every gradient
// norm's logarithm is exact at any length; the figures of 4.1 (decay, horizon, verdict), the
// dependency map of 4.2, and a directional gradient check.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hw4::core {

enum class CellKind { kRnnTanh, kRnnRelu, kLstm, kGru };

// One row per cell: everything the reader, the core and the derivation need to know about it.
struct CellInfo {
  CellKind kind;
  const char* name;        // "rnn", "lstm", "gru" (as the input's `cell`)
  const char* gate_names;  // PyTorch's order of the stacked blocks: "ifgo", "rzn", "" for rnn
  int gates;               // G: weight_ih has G·H rows
  bool has_cell_state;     // lstm's c_t
};

const CellInfo& cell_info(CellKind kind);

// One direction's tensors in PyTorch's layout: weight_ih (G·H × I), weight_hh (G·H × H),
// bias_ih and bias_hh (G·H; zero when the layer has no bias).
struct CellWeights {
  Eigen::MatrixXd weight_ih, weight_hh;
  Eigen::VectorXd bias_ih, bias_hh;
};

enum class RnnLossKind { kSumLast, kDotLast, kSumAll };

struct RnnLoss {
  RnnLossKind kind = RnnLossKind::kSumLast;
  Eigen::VectorXd u;  // dot_last: D·H weights on y_T
};

// PyTorch-like initialisation. Every tensor is U(−1/√H, 1/√H) (torch.nn.RNN's default);
// `orthogonal` replaces each H × H block of weight_hh by an orthogonal matrix (the Q of a QR
// factorisation of a standard normal matrix, signs fixed by R's diagonal, as
// torch.nn.init.orthogonal_). Then weight_hh is multiplied by recurrent_gain and forget_bias is
// added to the lstm's forget block of bias_ih. The numbers come from hw4's counter-based
// generator (SplitMix64), not from torch's: the same seed gives the same weights in every hw4
// build, but not torch's.
struct RnnInit {
  std::uint64_t seed = 1;
  bool orthogonal = false;
  double recurrent_gain = 1.0;
  double forget_bias = 0.0;
};

struct RnnGradProblem {
  CellKind cell = CellKind::kLstm;
  Eigen::Index input_size = 1, hidden = 1, steps = 1;
  bool bidirectional = false;
  bool bias = true;
  std::vector<CellWeights> weights;  // 1, or 2 when bidirectional (the second is `_reverse`)
  Eigen::MatrixXd inputs;           // I × T: column t − 1 is x_t
  std::vector<Eigen::VectorXd> h0, c0;  // one H-vector per direction
  RnnLoss loss;
  std::optional<double> clip;
  bool dependency = false;
};

// A number kept as mantissa · 2^exponent, so that it neither underflows nor overflows.
struct ScaledNorm {
  double mantissa = 0.0;  // 0 for an exactly zero gradient
  std::int64_t exponent = 0;
  double log10() const;  // −inf for zero
  double value() const;  // the double nearest it: 0 below the double range, inf above
};

struct RnnGradCheck {
  double max_rel_error = 0.0;
  bool passed = true;
  int directions = 0;
  // Per direction: the analytic directional derivative, the extrapolated numeric one, and the
  // step h (the Richardson pair uses h and 2h).
  std::vector<double> analytic, numeric, step;
};

struct RnnGradResult {
  CellKind cell = CellKind::kLstm;
  double loss = 0.0;
  std::vector<ScaledNorm> grad_x, grad_h, grad_c;  // per step t = 1..T; grad_c for lstm only
  ScaledNorm grad_params;
  std::optional<double> clipped_norm;
  double spectral_norm = 0.0;
  std::optional<double> spectral_radius;  // rnn with H ≤ kMaxEigenHidden
  // decay, horizon and verdict as SPEC; empty when the last step receives no gradient.
  std::optional<double> decay;
  std::optional<std::int64_t> horizon;
  std::optional<std::string> verdict;
  Eigen::MatrixXd dependency;  // T × T when asked for
  RnnGradCheck gradient_check;
  // For the derivation: the forward direction's h_t (H × (T+1), column 0 is h0), and for lstm its
  // forget gates f_t (H × T).
  Eigen::MatrixXd h, forget;
  Eigen::VectorXd last_tanh_derivative;  // rnn (tanh): 1 − h_T², the last step's Jacobian factor
};

// The spectral radius of an rnn's weight_hh is computed exactly (an eigen-decomposition, O(H³))
// up to this size and left out above it.
inline constexpr Eigen::Index kMaxEigenHidden = 512;

// The multiply-adds `dependency` costs: one backward pass of D·H adjoint columns from every
// output step t back to step 1.
double dependency_work(const RnnGradProblem& problem);

// The weights of one direction drawn as RnnInit describes (stream `direction` of the seed).
CellWeights init_cell_weights(CellKind cell, Eigen::Index input_size, Eigen::Index hidden,
                              bool bias, const RnnInit& init, int direction);

// I × T independent normal entries of standard deviation `std`.
Eigen::MatrixXd random_inputs(Eigen::Index input_size, Eigen::Index steps, std::uint64_t seed,
                              double std);

// Runs the forward pass, BPTT, the figures, the dependency map (when asked for) and the gradient
// check. Shapes must be consistent (the reader checks them).
RnnGradResult solve_rnn_grad(const RnnGradProblem& problem);

}  // namespace hw4::core
