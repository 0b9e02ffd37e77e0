// A small dense (fully connected) network on batches: forward with cached pre-activations and
// activations, backward to weight, bias and input gradients. Templated on the scalar type
// (double for exact gradients in gan-grad, float for the autoencoder's trainer). No optimizer:
// callers update the parameters themselves.
#pragma once

#include <Eigen/Core>
#include <cassert>
#include <cstddef>
#include <vector>

#include "hw4/core/stable.h"

namespace hw4::core {

enum class ActivationKind { kLinear, kRelu, kLeakyRelu, kTanh, kSigmoid };

// An element-wise activation; `slope` is leaky_relu's negative slope (PyTorch's default 0.01).
struct Activation {
  ActivationKind kind = ActivationKind::kLinear;
  double slope = 0.01;
};

// "linear", "relu", "leaky_relu", "tanh", "sigmoid": the SPEC's spelling.
const char* activation_name(ActivationKind kind);

// Row-major so that a weight matrix is laid out as torch.nn.Linear's (out × in, one output
// unit's weights contiguous) and a batch as samples × features (one sample contiguous).
template <typename Scalar>
using RowMatrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename Scalar>
using ColVector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

// One layer a ← act(W a + b), W of shape out × in, b of length out.
template <typename Scalar>
struct DenseLayer {
  RowMatrix<Scalar> weight;
  ColVector<Scalar> bias;
  Activation activation;

  Eigen::Index inputs() const { return weight.cols(); }
  Eigen::Index outputs() const { return weight.rows(); }
};

// Layers in order; layer l's inputs equal layer l−1's outputs (checked by is_consistent()).
template <typename Scalar>
struct DenseNetwork {
  std::vector<DenseLayer<Scalar>> layers;

  Eigen::Index inputs() const { return layers.front().inputs(); }
  Eigen::Index outputs() const { return layers.back().outputs(); }
  // Number of trainable scalars: Σ out·in + out.
  Eigen::Index parameter_count() const {
    Eigen::Index n = 0;
    for (const auto& layer : layers) n += layer.weight.size() + layer.bias.size();
    return n;
  }
  // True when there is at least one layer and every shape chains.
  bool is_consistent() const {
    if (layers.empty()) return false;
    for (std::size_t l = 0; l < layers.size(); ++l) {
      if (layers[l].bias.size() != layers[l].outputs()) return false;
      if (l > 0 && layers[l].inputs() != layers[l - 1].outputs()) return false;
    }
    return true;
  }
};

// What forward() keeps for backward(): for layer l, pre[l] = a_{l−1} Wᵀ + 1 bᵀ and
// post[l] = act(pre[l]), each batch × out_l; post.back() is the network's output.
// Reusing one cache across calls of the same batch size allocates nothing.
template <typename Scalar>
struct ForwardCache {
  RowMatrix<Scalar> input;  // batch × in, a copy of the batch forward() was given
  std::vector<RowMatrix<Scalar>> pre;
  std::vector<RowMatrix<Scalar>> post;

  const RowMatrix<Scalar>& output() const { return post.back(); }
};

// Gradients of a scalar loss: weight[l] (out × in) and bias[l] (out) per layer, and `input`
// (batch × in) when backward() was asked for it (else empty).
template <typename Scalar>
struct NetworkGradients {
  std::vector<RowMatrix<Scalar>> weight;
  std::vector<ColVector<Scalar>> bias;
  RowMatrix<Scalar> input;
};

// act(z) applied element-wise to a whole matrix, written into `out`.
template <typename Scalar>
void apply_activation(const Activation& act, const RowMatrix<Scalar>& z, RowMatrix<Scalar>& out) {
  switch (act.kind) {
    case ActivationKind::kLinear:
      out = z;
      return;
    case ActivationKind::kRelu:
      out = z.cwiseMax(Scalar(0));
      return;
    case ActivationKind::kLeakyRelu: {
      const auto slope = static_cast<Scalar>(act.slope);
      out = (z.array() > Scalar(0)).select(z, slope * z);
      return;
    }
    case ActivationKind::kTanh:
      out = z.array().tanh().matrix();
      return;
    case ActivationKind::kSigmoid:
      out = z.unaryExpr([](Scalar v) { return sigmoid(v); });
      return;
  }
}

// grad ⊙ act′(z), with act′ written through the cached a = act(z) where that is exact:
// tanh′ = 1 − a², σ′ = a(1 − a). At the kink, relu′(0) = 0 and leaky_relu′(0) = slope,
// PyTorch's conventions.
template <typename Scalar>
void multiply_activation_derivative(const Activation& act, const RowMatrix<Scalar>& z,
                                    const RowMatrix<Scalar>& a, RowMatrix<Scalar>& grad) {
  switch (act.kind) {
    case ActivationKind::kLinear:
      return;
    case ActivationKind::kRelu:
      grad = (z.array() > Scalar(0)).select(grad, Scalar(0));
      return;
    case ActivationKind::kLeakyRelu: {
      const auto slope = static_cast<Scalar>(act.slope);
      grad = (z.array() > Scalar(0)).select(grad, slope * grad);
      return;
    }
    case ActivationKind::kTanh:
      grad.array() *= Scalar(1) - a.array().square();
      return;
    case ActivationKind::kSigmoid:
      grad.array() *= a.array() * (Scalar(1) - a.array());
      return;
  }
}

// Runs the batch (batch × inputs()) through every layer, filling `cache`. Each layer is one
// matrix product, a ← act(a Wᵀ + 1 bᵀ), so a large batch costs one GEMM per layer.
template <typename Scalar, typename Derived>
void forward(const DenseNetwork<Scalar>& net, const Eigen::MatrixBase<Derived>& batch,
             ForwardCache<Scalar>& cache) {
  assert(net.is_consistent() && batch.cols() == net.inputs());
  const std::size_t n = net.layers.size();
  cache.input = batch;
  cache.pre.resize(n);
  cache.post.resize(n);
  for (std::size_t l = 0; l < n; ++l) {
    const auto& layer = net.layers[l];
    const RowMatrix<Scalar>& a = l == 0 ? cache.input : cache.post[l - 1];
    auto& z = cache.pre[l];
    z.resize(a.rows(), layer.outputs());
    z.noalias() = a * layer.weight.transpose();
    z.rowwise() += layer.bias.transpose();
    apply_activation(layer.activation, z, cache.post[l]);
  }
}

template <typename Scalar, typename Derived>
ForwardCache<Scalar> forward(const DenseNetwork<Scalar>& net,
                             const Eigen::MatrixBase<Derived>& batch) {
  ForwardCache<Scalar> cache;
  forward(net, batch, cache);
  return cache;
}

// Backpropagates grad_output = ∂loss/∂output (batch × outputs()) through the cached forward
// pass: with δ_l = ∂loss/∂pre[l] = ∂loss/∂post[l] ⊙ act′(pre[l]),
// ∂loss/∂W_l = δ_lᵀ a_{l−1}, ∂loss/∂b_l = Σ_rows δ_l, ∂loss/∂a_{l−1} = δ_l W_l.
// The input gradient (one more product, batch × in) is computed only when want_input is true.
template <typename Scalar, typename Derived>
void backward(const DenseNetwork<Scalar>& net, const ForwardCache<Scalar>& cache,
              const Eigen::MatrixBase<Derived>& grad_output, NetworkGradients<Scalar>& grads,
              bool want_input = true) {
  const std::size_t n = net.layers.size();
  assert(cache.post.size() == n && grad_output.rows() == cache.output().rows() &&
         grad_output.cols() == net.outputs());
  grads.weight.resize(n);
  grads.bias.resize(n);
  RowMatrix<Scalar> delta = grad_output;
  RowMatrix<Scalar> upstream;
  for (std::size_t l = n; l-- > 0;) {
    const auto& layer = net.layers[l];
    multiply_activation_derivative(layer.activation, cache.pre[l], cache.post[l], delta);
    const RowMatrix<Scalar>& a = l == 0 ? cache.input : cache.post[l - 1];
    grads.weight[l].resize(layer.outputs(), layer.inputs());
    grads.weight[l].noalias() = delta.transpose() * a;
    grads.bias[l] = delta.colwise().sum().transpose();
    if (l > 0 || want_input) {
      upstream.resize(delta.rows(), layer.inputs());
      upstream.noalias() = delta * layer.weight;
      delta.swap(upstream);
    }
  }
  if (want_input) {
    grads.input = std::move(delta);
  } else {
    grads.input.resize(0, 0);
  }
}

template <typename Scalar, typename Derived>
NetworkGradients<Scalar> backward(const DenseNetwork<Scalar>& net,
                                  const ForwardCache<Scalar>& cache,
                                  const Eigen::MatrixBase<Derived>& grad_output,
                                  bool want_input = true) {
  NetworkGradients<Scalar> grads;
  backward(net, cache, grad_output, grads, want_input);
  return grads;
}

// The parameters as one flat vector, layer by layer, each weight row by row then its bias: the
// coordinates the finite-difference checker perturbs.
template <typename Scalar>
ColVector<Scalar> flatten_parameters(const DenseNetwork<Scalar>& net) {
  ColVector<Scalar> flat(net.parameter_count());
  Eigen::Index at = 0;
  for (const auto& layer : net.layers) {
    flat.segment(at, layer.weight.size()) =
        Eigen::Map<const ColVector<Scalar>>(layer.weight.data(), layer.weight.size());
    at += layer.weight.size();
    flat.segment(at, layer.bias.size()) = layer.bias;
    at += layer.bias.size();
  }
  return flat;
}

// The inverse of flatten_parameters: writes `flat` (parameter_count() long) into the network.
template <typename Scalar, typename Derived>
void unflatten_parameters(const Eigen::MatrixBase<Derived>& flat, DenseNetwork<Scalar>& net) {
  assert(flat.size() == net.parameter_count());
  Eigen::Index at = 0;
  for (auto& layer : net.layers) {
    Eigen::Map<ColVector<Scalar>>(layer.weight.data(), layer.weight.size()) =
        flat.segment(at, layer.weight.size());
    at += layer.weight.size();
    layer.bias = flat.segment(at, layer.bias.size());
    at += layer.bias.size();
  }
}

// Weight and bias gradients flattened in flatten_parameters' order.
template <typename Scalar>
ColVector<Scalar> flatten_gradients(const NetworkGradients<Scalar>& grads) {
  Eigen::Index total = 0;
  for (std::size_t l = 0; l < grads.weight.size(); ++l) {
    total += grads.weight[l].size() + grads.bias[l].size();
  }
  ColVector<Scalar> flat(total);
  Eigen::Index at = 0;
  for (std::size_t l = 0; l < grads.weight.size(); ++l) {
    flat.segment(at, grads.weight[l].size()) =
        Eigen::Map<const ColVector<Scalar>>(grads.weight[l].data(), grads.weight[l].size());
    at += grads.weight[l].size();
    flat.segment(at, grads.bias[l].size()) = grads.bias[l];
    at += grads.bias[l].size();
  }
  return flat;
}

}  // namespace hw4::core
