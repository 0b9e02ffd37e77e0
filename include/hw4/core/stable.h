// Numerically stable sigmoid, softplus, log-sigmoid and softmax: finite and exact to the last
// bit for arguments of any size (logits of ±1000 included), in float or double.
#pragma once

#include <Eigen/Core>
#include <cmath>

namespace hw4::core {

// softplus(x) = log(1 + e^x), written max(x, 0) + log1p(e^−|x|) so that e^x is never formed for
// a large x: softplus(1000) = 1000 and softplus(−1000) = e^−1000 (0 in double), both exact.
template <typename Scalar>
Scalar softplus(Scalar x) {
  return std::fmax(x, Scalar(0)) + std::log1p(std::exp(-std::fabs(x)));
}

// log σ(z) = −softplus(−z). Exact where log(σ(z)) would round σ(z) to 1 or 0 first
// (log σ(−1000) = −1000, not −inf).
template <typename Scalar>
Scalar log_sigmoid(Scalar z) {
  return -softplus(-z);
}

// σ(z) = 1 / (1 + e^−z), evaluated as e^z / (1 + e^z) for negative z so that no exponential
// overflows; σ(−z) is the accurate way to write 1 − σ(z) (1 − σ(40) loses every digit).
template <typename Scalar>
Scalar sigmoid(Scalar z) {
  if (z >= Scalar(0)) return Scalar(1) / (Scalar(1) + std::exp(-z));
  const Scalar e = std::exp(z);
  return e / (Scalar(1) + e);
}

// log Σ_i e^{x_i}, shifted by the maximum so no exponential overflows. x must be non-empty.
template <typename Derived>
typename Derived::Scalar log_sum_exp(const Eigen::MatrixBase<Derived>& x) {
  using Scalar = typename Derived::Scalar;
  const Scalar m = x.maxCoeff();
  return m + std::log((x.array() - m).exp().sum());
}

// log softmax(x)_i = x_i − log Σ_j e^{x_j}, the same shape as x (a vector).
template <typename Derived>
Eigen::Matrix<typename Derived::Scalar, Eigen::Dynamic, 1> log_softmax(
    const Eigen::MatrixBase<Derived>& x) {
  return (x.array() - log_sum_exp(x)).matrix();
}

// softmax(x)_i = e^{x_i − max x} / Σ_j e^{x_j − max x}: entries in [0, 1] summing to 1.
template <typename Derived>
Eigen::Matrix<typename Derived::Scalar, Eigen::Dynamic, 1> softmax(
    const Eigen::MatrixBase<Derived>& x) {
  using Scalar = typename Derived::Scalar;
  Eigen::Matrix<Scalar, Eigen::Dynamic, 1> e = (x.array() - x.maxCoeff()).exp().matrix();
  return e / e.sum();
}

}  // namespace hw4::core
