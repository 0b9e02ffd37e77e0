// Tests of the dense network: a hand-computed forward and backward pass, and backward against
// central differences on random networks with every activation, in double and in float.
#include "hw4/core/network.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "hw4/core/gradient_check.h"

namespace hw4::core {
namespace {

constexpr double kTol = 1e-12;

using Net = DenseNetwork<double>;
using Mat = RowMatrix<double>;

Net random_network(std::mt19937& rng, const std::vector<Eigen::Index>& sizes,
                   const std::vector<Activation>& acts) {
  std::normal_distribution<double> normal(0.0, 1.0);
  Net net;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    DenseLayer<double> layer;
    layer.weight = Mat::NullaryExpr(sizes[l + 1], sizes[l], [&] { return normal(rng); });
    layer.bias = ColVector<double>::NullaryExpr(sizes[l + 1], [&] { return normal(rng); });
    layer.activation = acts[l];
    net.layers.push_back(layer);
  }
  return net;
}

Mat random_matrix(std::mt19937& rng, Eigen::Index rows, Eigen::Index cols) {
  std::normal_distribution<double> normal(0.0, 1.0);
  return Mat::NullaryExpr(rows, cols, [&] { return normal(rng); });
}

TEST(DenseNetwork, ForwardAndBackwardMatchAHandComputedCase) {
  // 2 -> 2 (relu) -> 1 (linear); W1 = [[1, -1], [2, 0.5]], b1 = [0, -1], W2 = [[3, -2]], b2 = 0.5.
  Net net;
  DenseLayer<double> first;
  first.weight.resize(2, 2);
  first.weight << 1, -1, 2, 0.5;
  first.bias.resize(2);
  first.bias << 0, -1;
  first.activation = {ActivationKind::kRelu};
  DenseLayer<double> second;
  second.weight.resize(1, 2);
  second.weight << 3, -2;
  second.bias.resize(1);
  second.bias << 0.5;
  net.layers = {first, second};
  Mat x(2, 2);
  x << 1, 2,  // z1 = [-1, 2], a1 = [0, 2], out = -4 + 0.5 = -3.5
      3, 1;   // z1 = [2, 5.5], a1 = [2, 5.5], out = 6 - 11 + 0.5 = -4.5
  const auto cache = forward(net, x);
  EXPECT_NEAR(cache.output()(0, 0), -3.5, kTol);
  EXPECT_NEAR(cache.output()(1, 0), -4.5, kTol);
  EXPECT_NEAR(cache.pre[0](0, 0), -1.0, kTol);
  Mat g = Mat::Ones(2, 1);  // loss = sum of outputs
  const auto grads = backward(net, cache, g);
  // ∂/∂W2 = Σ a1 = [2, 7.5]; ∂/∂b2 = 2.
  EXPECT_NEAR(grads.weight[1](0, 0), 2.0, kTol);
  EXPECT_NEAR(grads.weight[1](0, 1), 7.5, kTol);
  EXPECT_NEAR(grads.bias[1](0), 2.0, kTol);
  // δ1 rows: [0, -2] (unit 0 off), [3, -2]; ∂/∂W1 = δ1ᵀ x = [[9, 3], [-8, -6]]; ∂/∂b1 = [3, -4].
  EXPECT_NEAR(grads.weight[0](0, 0), 9.0, kTol);
  EXPECT_NEAR(grads.weight[0](0, 1), 3.0, kTol);
  EXPECT_NEAR(grads.weight[0](1, 0), -8.0, kTol);
  EXPECT_NEAR(grads.weight[0](1, 1), -6.0, kTol);
  EXPECT_NEAR(grads.bias[0](0), 3.0, kTol);
  EXPECT_NEAR(grads.bias[0](1), -4.0, kTol);
  // ∂/∂x = δ1 W1: row 0 [0·1 − 2·2, 0·(−1) − 2·0.5] = [-4, -1]; row 1 [3 − 4, −3 − 1] = [-1, -4].
  EXPECT_NEAR(grads.input(0, 0), -4.0, kTol);
  EXPECT_NEAR(grads.input(0, 1), -1.0, kTol);
  EXPECT_NEAR(grads.input(1, 0), -1.0, kTol);
  EXPECT_NEAR(grads.input(1, 1), -4.0, kTol);
}

TEST(DenseNetwork, LeakyReluUsesItsSlopeBelowZero) {
  Net net;
  DenseLayer<double> layer;
  layer.weight = Mat::Identity(2, 2);
  layer.bias = ColVector<double>::Zero(2);
  layer.activation = {ActivationKind::kLeakyRelu, 0.2};
  net.layers = {layer};
  Mat x(1, 2);
  x << -5, 5;
  const auto cache = forward(net, x);
  EXPECT_NEAR(cache.output()(0, 0), -1.0, kTol);
  EXPECT_NEAR(cache.output()(0, 1), 5.0, kTol);
  const auto grads = backward(net, cache, Mat::Ones(1, 2));
  EXPECT_NEAR(grads.input(0, 0), 0.2, kTol);
  EXPECT_NEAR(grads.input(0, 1), 1.0, kTol);
}

TEST(DenseNetwork, FlattenAndUnflattenAreInverse) {
  std::mt19937 rng(3);
  const Net net = random_network(rng, {3, 4, 2}, {{ActivationKind::kTanh}, {}});
  const auto flat = flatten_parameters(net);
  ASSERT_EQ(flat.size(), 3 * 4 + 4 + 4 * 2 + 2);
  EXPECT_EQ(flat[1], net.layers[0].weight(0, 1));  // row by row, as torch's layout
  EXPECT_EQ(flat[12], net.layers[0].bias(0));
  Net copy = net;
  unflatten_parameters(Eigen::VectorXd(flat * 2.0), copy);
  EXPECT_EQ(copy.layers[1].weight(1, 3), 2.0 * net.layers[1].weight(1, 3));
  EXPECT_EQ(copy.layers[1].bias(1), 2.0 * net.layers[1].bias(1));
}

// A property over random shapes, activations and batches: backward's weight, bias and input
// gradients of loss = Σ R ⊙ output agree with central differences.
TEST(DenseNetwork, BackwardAgreesWithFiniteDifferencesOnRandomNetworks) {
  std::mt19937 rng(20261126);
  const std::vector<Activation> kinds = {{ActivationKind::kLinear},
                                         {ActivationKind::kRelu},
                                         {ActivationKind::kLeakyRelu, 0.01},
                                         {ActivationKind::kLeakyRelu, 0.3},
                                         {ActivationKind::kTanh},
                                         {ActivationKind::kSigmoid}};
  std::uniform_int_distribution<int> size(1, 5);
  std::uniform_int_distribution<int> depth(1, 4);
  std::uniform_int_distribution<std::size_t> pick(0, kinds.size() - 1);
  for (int trial = 0; trial < 60; ++trial) {
    const int layers = depth(rng);
    std::vector<Eigen::Index> sizes;
    std::vector<Activation> acts;
    for (int l = 0; l <= layers; ++l) sizes.push_back(size(rng));
    for (int l = 0; l < layers; ++l) acts.push_back(kinds[pick(rng)]);
    Net net = random_network(rng, sizes, acts);
    const Mat x = random_matrix(rng, size(rng), sizes.front());
    const Mat r = random_matrix(rng, x.rows(), sizes.back());
    const auto cache = forward(net, x);
    const auto grads = backward(net, cache, r);

    auto loss_of_params = [&](const Eigen::VectorXd& theta) {
      Net probe = net;
      unflatten_parameters(theta, probe);
      return forward(probe, x).output().cwiseProduct(r).sum();
    };
    const auto params =
        check_gradient(loss_of_params, flatten_parameters(net), flatten_gradients(grads));
    EXPECT_TRUE(params.passed) << "trial " << trial << " max error " << params.max_abs_error;

    auto loss_of_input = [&](const Eigen::VectorXd& flat) {
      const Mat probe = Eigen::Map<const Mat>(flat.data(), x.rows(), x.cols());
      return forward(net, probe).output().cwiseProduct(r).sum();
    };
    const Eigen::VectorXd x_flat = Eigen::Map<const Eigen::VectorXd>(x.data(), x.size());
    const Eigen::VectorXd gx_flat =
        Eigen::Map<const Eigen::VectorXd>(grads.input.data(), grads.input.size());
    const auto inputs = check_gradient(loss_of_input, x_flat, gx_flat);
    EXPECT_TRUE(inputs.passed) << "trial " << trial << " max error " << inputs.max_abs_error;
  }
}

TEST(DenseNetwork, BackwardCanSkipTheInputGradient) {
  std::mt19937 rng(5);
  const Net net = random_network(rng, {4, 3, 1}, {{ActivationKind::kRelu}, {}});
  const Mat x = random_matrix(rng, 6, 4);
  const auto cache = forward(net, x);
  const auto with = backward(net, cache, Mat::Ones(6, 1));
  const auto without = backward(net, cache, Mat::Ones(6, 1), false);
  EXPECT_EQ(without.input.size(), 0);
  EXPECT_TRUE(with.weight[0].isApprox(without.weight[0]));
  EXPECT_TRUE(with.bias[0].isApprox(without.bias[0]));
}

TEST(DenseNetwork, FloatAgreesWithDouble) {
  std::mt19937 rng(11);
  const Net net = random_network(rng, {50, 8, 3, 50},
                                 {{ActivationKind::kRelu}, {ActivationKind::kSigmoid}, {}});
  DenseNetwork<float> net_f;
  for (const auto& layer : net.layers) {
    net_f.layers.push_back(
        {layer.weight.cast<float>(), layer.bias.cast<float>(), layer.activation});
  }
  const Mat x = random_matrix(rng, 32, 50);
  const Mat g = random_matrix(rng, 32, 50);
  const auto cache = forward(net, x);
  const auto cache_f = forward(net_f, RowMatrix<float>(x.cast<float>()));
  EXPECT_LT((cache_f.output().cast<double>() - cache.output()).cwiseAbs().maxCoeff(), 1e-3);
  const auto grads = backward(net, cache, g);
  const auto grads_f = backward(net_f, cache_f, RowMatrix<float>(g.cast<float>()));
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    EXPECT_LT((grads_f.weight[l].cast<double>() - grads.weight[l]).cwiseAbs().maxCoeff(),
              1e-3 * (1 + grads.weight[l].cwiseAbs().maxCoeff()));
  }
}

TEST(DenseNetwork, ChecksShapeConsistency) {
  std::mt19937 rng(1);
  Net net = random_network(rng, {3, 4, 2}, {{}, {}});
  EXPECT_TRUE(net.is_consistent());
  net.layers[1].weight.resize(2, 5);
  EXPECT_FALSE(net.is_consistent());
  EXPECT_FALSE(Net{}.is_consistent());
  EXPECT_STREQ(activation_name(ActivationKind::kLeakyRelu), "leaky_relu");
}

}  // namespace
}  // namespace hw4::core
