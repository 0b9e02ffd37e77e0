// rnn-grad's cell table, its PyTorch-like initialisation and its seeded inputs.
#include <Eigen/QR>
#include <cmath>

#include "hw4/core/counter_random.h"
#include "hw4/core/rnn_grad.h"

namespace hw4::core {
namespace {

constexpr CellInfo kCells[] = {
    {CellKind::kRnnTanh, "rnn", "", 1, false},
    {CellKind::kRnnRelu, "rnn", "", 1, false},
    {CellKind::kLstm, "lstm", "ifgo", 4, true},
    {CellKind::kGru, "gru", "rzn", 3, false},
};

// Uniform on [lo, hi) from 53 random bits.
double uniform(std::uint64_t key, std::uint64_t index, double lo, double hi) {
  const double u = static_cast<double>(counter_bits(key, index) >> 11) * 0x1.0p-53;
  return lo + (hi - lo) * u;
}

// Streams of a seed: per direction, 1 weight_ih, 2 weight_hh, 3 bias_ih, 4 bias_hh, 5 the
// orthogonal blocks' normals; the inputs use stream 100.
constexpr std::uint64_t kStreamsPerDirection = 8;
constexpr std::uint64_t kInputStream = 100;

Eigen::MatrixXd uniform_matrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t key,
                               double bound) {
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r) {
    for (Eigen::Index c = 0; c < cols; ++c) {
      m(r, c) = uniform(key, static_cast<std::uint64_t>(r * cols + c), -bound, bound);
    }
  }
  return m;
}

// torch.nn.init.orthogonal_: Q of the QR factorisation of a normal matrix, each column's sign
// made that of R's diagonal so that Q is uniformly distributed.
Eigen::MatrixXd orthogonal_block(Eigen::Index n, std::uint64_t key, std::uint64_t offset) {
  Eigen::MatrixXd a(n, n);
  for (Eigen::Index r = 0; r < n; ++r) {
    for (Eigen::Index c = 0; c < n; ++c) {
      a(r, c) = counter_normal(key, offset + static_cast<std::uint64_t>(r * n + c));
    }
  }
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(n, n);
  const Eigen::MatrixXd& r = qr.matrixQR();
  for (Eigen::Index c = 0; c < n; ++c) {
    if (r(c, c) < 0) q.col(c) = -q.col(c);
  }
  return q;
}

}  // namespace

const CellInfo& cell_info(CellKind kind) {
  for (const CellInfo& info : kCells) {
    if (info.kind == kind) return info;
  }
  return kCells[0];
}

CellWeights init_cell_weights(CellKind cell, Eigen::Index input_size, Eigen::Index hidden,
                              bool bias, const RnnInit& init, int direction) {
  const Eigen::Index gh = cell_info(cell).gates * hidden;
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden));
  const auto key = [&](std::uint64_t stream) {
    return stream_key(init.seed,
                      static_cast<std::uint64_t>(direction) * kStreamsPerDirection + stream);
  };
  CellWeights w;
  w.weight_ih = uniform_matrix(gh, input_size, key(1), bound);
  if (init.orthogonal) {
    w.weight_hh.resize(gh, hidden);
    for (int g = 0; g < cell_info(cell).gates; ++g) {
      w.weight_hh.middleRows(g * hidden, hidden) = orthogonal_block(
          hidden, key(5), static_cast<std::uint64_t>(g) * static_cast<std::uint64_t>(hidden * hidden));
    }
  } else {
    w.weight_hh = uniform_matrix(gh, hidden, key(2), bound);
  }
  w.weight_hh *= init.recurrent_gain;
  if (bias) {
    w.bias_ih = uniform_matrix(gh, 1, key(3), bound);
    w.bias_hh = uniform_matrix(gh, 1, key(4), bound);
    if (cell == CellKind::kLstm) w.bias_ih.segment(hidden, hidden).array() += init.forget_bias;
  } else {
    w.bias_ih = Eigen::VectorXd::Zero(gh);
    w.bias_hh = Eigen::VectorXd::Zero(gh);
  }
  return w;
}

Eigen::MatrixXd random_inputs(Eigen::Index input_size, Eigen::Index steps, std::uint64_t seed,
                              double std) {
  const std::uint64_t key = stream_key(seed, kInputStream);
  Eigen::MatrixXd x(input_size, steps);
  for (Eigen::Index t = 0; t < steps; ++t) {
    for (Eigen::Index i = 0; i < input_size; ++i) {
      x(i, t) = std * counter_normal(key, static_cast<std::uint64_t>(t * input_size + i));
    }
  }
  return x;
}

}  // namespace hw4::core
