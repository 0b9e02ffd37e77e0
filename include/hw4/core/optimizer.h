// Adam and SGD with PyTorch's defaults and update formulas (torch.optim.Adam, torch.optim.SGD),
// applied in place to parameter tensors given as flat arrays, range by range, so a trainer can
// update a tensor in pieces from several threads, right after computing each piece's gradient.
#pragma once

#include <cassert>
#include <cmath>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

namespace hw4::core {

enum class OptimizerKind { kAdam, kSgd };

struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::kAdam;
  double learning_rate = 1e-3;
  // L2 penalty added to the gradient, g ← g + weight_decay·w, as torch's `weight_decay` (for
  // Adam this is torch.optim.Adam's, not AdamW's decoupled decay).
  double weight_decay = 0.0;
  double beta1 = 0.9;  // torch's Adam defaults
  double beta2 = 0.999;
  double eps = 1e-8;
  double momentum = 0.0;  // SGD only; torch's default 0 (plain SGD), dampening 0, no Nesterov
};

// One optimizer over a fixed list of tensors (sizes given at construction). Call begin_step()
// once per step, then update() over every element of every tensor exactly once (in any order of
// ranges, from any threads as long as the ranges are disjoint).
template <typename Scalar>
class Optimizer {
 public:
  Optimizer(const OptimizerSettings& settings, const std::vector<Eigen::Index>& tensor_sizes)
      : settings_(settings) {
    for (const Eigen::Index size : tensor_sizes) {
      const bool adam = settings.kind == OptimizerKind::kAdam;
      const bool sgd_momentum = settings.kind == OptimizerKind::kSgd && settings.momentum != 0;
      first_.emplace_back(adam || sgd_momentum ? size : 0);
      second_.emplace_back(adam ? size : 0);
      if (adam || sgd_momentum) first_.back().setZero();
      if (adam) second_.back().setZero();
    }
  }

  const OptimizerSettings& settings() const { return settings_; }
  std::int64_t steps() const { return step_; }

  // Advances the step counter t and the bias corrections 1 − β^t.
  void begin_step() {
    ++step_;
    const auto t = static_cast<double>(step_);
    correction1_ = 1.0 - std::pow(settings_.beta1, t);
    correction2_ = 1.0 - std::pow(settings_.beta2, t);
  }

  // Updates `count` elements of tensor `tensor` starting at element `offset`: param[i] from
  // grad[i] for i in [0, count), param and grad pointing at the first of them. Adam, as
  // torch.optim.Adam (single-tensor form): g ← g + λw; m ← β1·m + (1 − β1)·g;
  // v ← β2·v + (1 − β2)·g²; w ← w − (lr / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε).
  // SGD: g ← g + λw; with momentum μ, b ← μ·b + g (b = g on the first step), g ← b; w ← w − lr·g.
  void update(std::size_t tensor, Eigen::Index offset, Eigen::Index count, Scalar* param,
              const Scalar* grad) {
    const auto decay = static_cast<Scalar>(settings_.weight_decay);
    const auto lr = static_cast<Scalar>(settings_.learning_rate);
    using Array = Eigen::Array<Scalar, Eigen::Dynamic, 1>;
    Eigen::Map<Array> w(param, count);
    const Eigen::Map<const Array> g_raw(grad, count);
    if (settings_.kind == OptimizerKind::kAdam) {
      // Eigen's array expressions vectorise the square root (a scalar loop would not, for
      // errno's sake), and each line is one fused pass over the block.
      Eigen::Map<Array> m(first_[tensor].data() + offset, count);
      Eigen::Map<Array> v(second_[tensor].data() + offset, count);
      const auto b1 = static_cast<Scalar>(settings_.beta1);
      const auto b2 = static_cast<Scalar>(settings_.beta2);
      const auto step_size = static_cast<Scalar>(settings_.learning_rate / correction1_);
      const auto inv_sqrt_c2 = static_cast<Scalar>(1.0 / std::sqrt(correction2_));
      const auto eps = static_cast<Scalar>(settings_.eps);
      if (settings_.weight_decay == 0) {
        m = b1 * m + (Scalar(1) - b1) * g_raw;
        v = b2 * v + (Scalar(1) - b2) * g_raw.square();
      } else {
        m = b1 * m + (Scalar(1) - b1) * (g_raw + decay * w);
        v = b2 * v + (Scalar(1) - b2) * (g_raw + decay * w).square();
      }
      w -= step_size * m / (v.sqrt() * inv_sqrt_c2 + eps);
      return;
    }
    if (settings_.momentum == 0) {
      w -= lr * (g_raw + decay * w);
      return;
    }
    Eigen::Map<Array> buffer(first_[tensor].data() + offset, count);
    const auto mu = static_cast<Scalar>(settings_.momentum);
    if (step_ == 1) {
      buffer = g_raw + decay * w;
    } else {
      buffer = mu * buffer + g_raw + decay * w;
    }
    w -= lr * buffer;
  }

  // Bytes of optimizer state (m and v for Adam, the momentum buffer for SGD).
  std::int64_t state_bytes() const {
    std::int64_t total = 0;
    for (const auto& m : first_) total += m.size();
    for (const auto& v : second_) total += v.size();
    return total * static_cast<std::int64_t>(sizeof(Scalar));
  }

 private:
  OptimizerSettings settings_;
  std::vector<Eigen::Matrix<Scalar, Eigen::Dynamic, 1>> first_;
  std::vector<Eigen::Matrix<Scalar, Eigen::Dynamic, 1>> second_;
  std::int64_t step_ = 0;
  double correction1_ = 1.0;
  double correction2_ = 1.0;
};

}  // namespace hw4::core
