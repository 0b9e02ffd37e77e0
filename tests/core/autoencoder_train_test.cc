// The autoencoder trainer: its block-parallel gradient against the network module's backward and
// against finite differences, the optimizer against torch's update formulas, and the diagnoses on
// runs built to show them (a learning rate of 10, a far overparameterised net on 20 samples).
#include "hw4/core/autoencoder_train.h"

#include <cmath>

#include <gtest/gtest.h>

#include "hw4/core/gradient_check.h"
#include "hw4/core/optimizer.h"

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

// Three steps on [0.5, −1, 2] with fixed gradients; the expected values are torch.optim's (1.13,
// float64) for the same settings.
std::vector<double> three_steps(const OptimizerSettings& settings) {
  Optimizer<double> opt(settings, {3});
  std::vector<double> w{0.5, -1.0, 2.0};
  const std::vector<std::vector<double>> grads{{0.1, -0.2, 0.0}, {0.3, 0.05, -1e-3}, {-0.2, 0.4, 5.0}};
  for (const auto& g : grads) {
    opt.begin_step();
    // Two ranges, as the trainer's blocks do.
    opt.update(0, 0, 1, w.data(), g.data());
    opt.update(0, 1, 2, w.data() + 1, g.data() + 1);
  }
  return w;
}

void expect_all_near(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-12) << i;
}

TEST(AutoencoderOptimizer, AdamMatchesTorch) {
  OptimizerSettings s;
  s.learning_rate = 0.01;
  expect_all_near(three_steps(s), {0.4782431522889793, -0.9893235649207834, 2.001054277046851});
  s.weight_decay = 0.1;
  expect_all_near(three_steps(s), {0.47608694955069863, -0.9824060827032186, 1.9732064576852544});
}

TEST(AutoencoderOptimizer, SgdMatchesTorch) {
  OptimizerSettings s;
  s.kind = OptimizerKind::kSgd;
  s.learning_rate = 0.1;
  expect_all_near(three_steps(s), {0.48, -1.025, 1.5001000000000002});
  s.momentum = 0.9;
  s.weight_decay = 0.1;
  expect_all_near(three_steps(s), {0.4087685, -0.9403869999999999, 1.388947});
}

TEST(AutoencoderTrain, InitialisationIsTorchsUniformBound) {
  const DenseNetwork<float> net = initial_autoencoder(400, {{50}, 5}, 1);
  ASSERT_EQ(net.layers.size(), 4u);
  EXPECT_EQ(net.layers[1].activation.kind, ActivationKind::kLinear);  // the code
  EXPECT_EQ(net.layers[0].activation.kind, ActivationKind::kRelu);
  for (const auto& layer : net.layers) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(layer.inputs()));
    EXPECT_LE(layer.weight.cwiseAbs().maxCoeff(), bound);
    EXPECT_GT(layer.weight.cwiseAbs().maxCoeff(), 0.95 * bound);
    // U(−b, b) has variance b²/3; the mean of N squares has relative spread √(0.8/N).
    const auto count = static_cast<double>(layer.weight.size());
    const double var = layer.weight.cast<double>().squaredNorm() / count;
    EXPECT_NEAR(var, bound * bound / 3, 4 * std::sqrt(0.8 / count) * bound * bound / 3);
  }
}

TEST(AutoencoderTrain, LearnsLowRankDataAndIsReproducible) {
  const auto x = synthetic_data<float>({120, 300, 4, 0.01, 3}, 2);
  TrainSettings s;
  s.epochs = 30;
  s.optimizer.learning_rate = 0.003;
  s.seed = 5;
  s.threads = 2;
  const TrainResult a = train_autoencoder(x, {{32}, 8}, s);
  s.threads = 1;
  const TrainResult b = train_autoencoder(x, {{32}, 8}, s);
  EXPECT_EQ(a.train_loss, b.train_loss);  // the thread count changes nothing
  EXPECT_EQ(a.test_loss, b.test_loss);
  EXPECT_LT(a.train_loss, 0.2 * a.baseline_train);
  EXPECT_LT(a.test_loss, 0.3 * a.baseline_test);
  EXPECT_EQ(a.pca_components_for[2], 4);
  EXPECT_FALSE(has_code(a, "diverged"));
  EXPECT_FALSE(has_code(a, "latent_too_small"));
  EXPECT_EQ(a.history.size(), 30u);
  EXPECT_EQ(a.steps, 30 * 3);  // 96 training rows in batches of 32
}

TEST(AutoencoderTrain, LearningRateTenDiverges) {
  const auto x = synthetic_data<float>({100, 200, 5, 0.1, 2}, 1);
  for (const auto kind : {OptimizerKind::kSgd, OptimizerKind::kAdam}) {
    TrainSettings s;
    s.epochs = 5;
    s.optimizer.kind = kind;
    s.optimizer.learning_rate = 10;
    s.seed = 1;
    const TrainResult run = train_autoencoder(x, {{32}, 8}, s);
    EXPECT_TRUE(has_code(run, "diverged")) << (kind == OptimizerKind::kSgd ? "sgd" : "adam");
    EXPECT_FALSE(has_code(run, "overfitting"));
  }
}

TEST(AutoencoderTrain, OverparameterisedNetOnTwentySamplesOverfits) {
  // 25 noisy samples (20 to train on) of 100 features, and a network of 34 000 parameters: 17
  // per training value.
  const auto x = synthetic_data<float>({25, 100, 3, 0.5, 4}, 1);
  TrainSettings s;
  s.epochs = 100;
  s.batch_size = 4;
  s.optimizer.learning_rate = 0.003;
  s.seed = 2;
  const TrainResult run = train_autoencoder(x, {{128}, 32}, s);
  EXPECT_EQ(run.train_samples, 20);
  EXPECT_GT(run.parameters, 30000);
  EXPECT_LT(run.train_loss * 10, run.test_loss);
  EXPECT_TRUE(has_code(run, "overfitting"));
  EXPECT_FALSE(has_code(run, "diverged"));
}

TEST(AutoencoderTrain, NarrowCodeOnDigitsLikeDataIsTooSmall) {
  // Rank-12 data and a 3-unit code: PCA needs more than 3 components for 90 %.
  const auto x = synthetic_data<float>({200, 60, 12, 0.05, 9}, 1);
  TrainSettings s;
  s.epochs = 3;
  const TrainResult run = train_autoencoder(x, {{16}, 3}, s);
  EXPECT_GT(run.pca_components_for[0], 3);
  EXPECT_TRUE(has_code(run, "latent_too_small"));
}

TEST(AutoencoderTrain, DenoisingAndRobustnessAreSeeded) {
  const auto x = synthetic_data<float>({60, 50, 3, 0.05, 1}, 1);
  TrainSettings s;
  s.epochs = 4;
  s.input_noise_std = 0.3;
  s.robustness_noise = {0.0, 0.5};
  const TrainResult a = train_autoencoder(x, {{8}, 3}, s);
  const TrainResult b = train_autoencoder(x, {{8}, 3}, s);
  EXPECT_TRUE(a.denoising);
  EXPECT_EQ(a.train_loss, b.train_loss);
  ASSERT_EQ(a.robustness.size(), 2u);
  EXPECT_NEAR(a.robustness[0].mse, a.test_loss, 1e-12);  // zero noise is the clean test loss
  EXPECT_GT(a.robustness[1].mse, a.test_loss);
}

}  // namespace
}  // namespace hw4::core
