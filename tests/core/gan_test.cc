// Tests of the GAN objectives: closed forms written naively for moderate logits, exact finite
// values at ±1000, and random discriminators against central differences of an independently
// written objective.
#include "hw4/core/gan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace hw4::core {
namespace {

constexpr double kTol = 1e-12;

double naive_sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

Eigen::VectorXd vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double x : values) v[i++] = x;
  return v;
}

TEST(Gan, MinimaxSumMatchesTheNaiveFormulas) {
  const Eigen::VectorXd real = vec({1.5, -0.5, 2.0});
  const Eigen::VectorXd fake = vec({-1.0, 0.25, 0.0});
  const auto r = gan_from_logits(GanLoss::kMinimax, Reduction::kSum, real, fake);
  double objective = 0;
  for (double z : real) objective += std::log(naive_sigmoid(z));
  for (double z : fake) objective += std::log(1 - naive_sigmoid(z));
  EXPECT_NEAR(r.objective, objective, kTol);
  EXPECT_NEAR(r.objective, -3.1347665611628432, kTol);  // the seed-style reference case g01
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(r.grad_real[i], 1 - naive_sigmoid(real[i]), kTol);
    EXPECT_NEAR(r.grad_fake[i], -naive_sigmoid(fake[i]), kTol);
    EXPECT_NEAR(r.grad_generator[i], -naive_sigmoid(fake[i]), kTol);
  }
  double compact = 3;
  for (int i = 0; i < 3; ++i) compact -= naive_sigmoid(real[i]) + naive_sigmoid(fake[i]);
  EXPECT_NEAR(r.grad_total, compact, kTol);
  double g = 0;
  for (double z : fake) g += std::log(1 - naive_sigmoid(z));
  EXPECT_NEAR(r.generator_objective, g, kTol);
}

TEST(Gan, NonSaturatingChangesOnlyTheGeneratorSide) {
  const Eigen::VectorXd real = vec({0.3, -2.0});
  const Eigen::VectorXd fake = vec({1.0, -0.7, 0.1});
  const auto mm = gan_from_logits(GanLoss::kMinimax, Reduction::kMean, real, fake);
  const auto ns = gan_from_logits(GanLoss::kNonSaturating, Reduction::kMean, real, fake);
  EXPECT_EQ(mm.objective, ns.objective);
  EXPECT_TRUE(mm.grad_fake.isApprox(ns.grad_fake));
  double g = 0;
  for (double z : fake) g += std::log(naive_sigmoid(z));
  EXPECT_NEAR(ns.generator_objective, g / 3, kTol);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(ns.grad_generator[i], (1 - naive_sigmoid(fake[i])) / 3, kTol);
  }
}

TEST(Gan, MeanAveragesEachSetOnItsOwn) {
  const Eigen::VectorXd real = vec({0.8, -0.3, 1.7, 0.05});
  const Eigen::VectorXd fake = vec({-0.6, 0.4});
  const auto r = gan_from_logits(GanLoss::kWasserstein, Reduction::kMean, real, fake);
  EXPECT_NEAR(r.objective, (0.8 - 0.3 + 1.7 + 0.05) / 4 - (-0.6 + 0.4) / 2, kTol);
  EXPECT_NEAR(r.grad_real[0], 0.25, kTol);
  EXPECT_NEAR(r.grad_fake[1], -0.5, kTol);
  EXPECT_NEAR(r.generator_objective, (-0.6 + 0.4) / 2, kTol);
  EXPECT_NEAR(r.grad_generator[0], 0.5, kTol);
}

TEST(Gan, LogitsOfPlusMinusAThousandAreFiniteAndExact) {
  const Eigen::VectorXd z = vec({1000.0, -1000.0, 30.0, -30.0, 0.0});
  for (const GanLoss loss : {GanLoss::kMinimax, GanLoss::kNonSaturating}) {
    GanProblem p;
    p.loss = loss;
    p.real_logits = z;
    p.fake_logits = z;
    const auto r = solve_gan(p);
    EXPECT_TRUE(std::isfinite(r.logits.objective));
    EXPECT_TRUE(std::isfinite(r.logits.generator_objective));
    EXPECT_TRUE(r.logits.grad_real.allFinite());
    EXPECT_TRUE(r.logits.grad_generator.allFinite());
    EXPECT_TRUE(r.gradient_check.passed);
    // log σ(−1000) = −1000 and log(1 − σ(1000)) = −1000 exactly; the rest from the reference
    // (mpmath at 50 digits).
    EXPECT_NEAR(r.logits.objective, -2061.3862943611202, 1e-12 * 2061);
    EXPECT_EQ(r.logits.real_terms[1], -1000.0);
    EXPECT_EQ(r.logits.fake_terms[0], -1000.0);
    EXPECT_EQ(r.logits.grad_real[0], 0.0);
    EXPECT_EQ(r.logits.grad_real[1], 1.0);
    EXPECT_NEAR(r.logits.grad_real[2], 9.357622968839299e-14, 1e-26);
    EXPECT_EQ(r.logits.grad_fake[0], -1.0);
  }
}

// L and G written independently of gan.cc, directly with log and exp (safe for |z| < 30).
double naive_objective(GanLoss loss, Reduction reduction, const Eigen::VectorXd& zr,
                       const Eigen::VectorXd& zf) {
  double real = 0;
  double fake = 0;
  for (double z : zr) real += loss == GanLoss::kWasserstein ? z : std::log(naive_sigmoid(z));
  for (double z : zf) fake += loss == GanLoss::kWasserstein ? -z : std::log(1 - naive_sigmoid(z));
  if (reduction == Reduction::kMean) {
    real /= static_cast<double>(zr.size());
    fake /= static_cast<double>(zf.size());
  }
  return real + fake;
}

double naive_generator(GanLoss loss, Reduction reduction, const Eigen::VectorXd& zf) {
  double g = 0;
  for (double z : zf) {
    g += loss == GanLoss::kWasserstein ? z
         : loss == GanLoss::kMinimax   ? std::log(1 - naive_sigmoid(z))
                                       : std::log(naive_sigmoid(z));
  }
  return reduction == Reduction::kMean ? g / static_cast<double>(zf.size()) : g;
}

// z for each row of x, by a plain loop (no Eigen products, no network.h forward).
Eigen::VectorXd naive_logits(const DenseNetwork<double>& net, const RowMatrix<double>& x) {
  Eigen::VectorXd z(x.rows());
  for (Eigen::Index s = 0; s < x.rows(); ++s) {
    std::vector<double> a(x.row(s).data(), x.row(s).data() + x.cols());
    for (const auto& layer : net.layers) {
      std::vector<double> next(static_cast<size_t>(layer.outputs()));
      for (Eigen::Index o = 0; o < layer.outputs(); ++o) {
        double v = layer.bias[o];
        for (Eigen::Index i = 0; i < layer.inputs(); ++i) v += layer.weight(o, i) * a[size_t(i)];
        switch (layer.activation.kind) {
          case ActivationKind::kRelu:
            v = v > 0 ? v : 0;
            break;
          case ActivationKind::kLeakyRelu:
            v = v > 0 ? v : layer.activation.slope * v;
            break;
          case ActivationKind::kTanh:
            v = std::tanh(v);
            break;
          case ActivationKind::kSigmoid:
            v = naive_sigmoid(v);
            break;
          case ActivationKind::kLinear:
            break;
        }
        next[size_t(o)] = v;
      }
      a = next;
    }
    z[s] = a[0];
  }
  return z;
}

TEST(Gan, RandomDiscriminatorsAgreeWithFiniteDifferences) {
  std::mt19937 rng(4242);
  std::normal_distribution<double> normal(0.0, 0.7);
  std::uniform_int_distribution<int> size(1, 4);
  const std::vector<Activation> hidden = {
      {ActivationKind::kRelu},           {ActivationKind::kLeakyRelu, 0.01},
      {ActivationKind::kLeakyRelu, 0.2}, {ActivationKind::kTanh},
      {ActivationKind::kSigmoid},        {ActivationKind::kLinear}};
  std::uniform_int_distribution<size_t> pick(0, hidden.size() - 1);
  for (int trial = 0; trial < 40; ++trial) {
    GanProblem p;
    p.loss = static_cast<GanLoss>(trial % 3);
    p.reduction = trial % 2 == 0 ? Reduction::kSum : Reduction::kMean;
    DenseNetwork<double> net;
    const int depth = size(rng);
    Eigen::Index in = size(rng);
    const Eigen::Index d = in;
    for (int l = 0; l < depth; ++l) {
      const Eigen::Index out = l + 1 == depth ? 1 : size(rng);
      DenseLayer<double> layer;
      layer.weight = RowMatrix<double>::NullaryExpr(out, in, [&] { return normal(rng); });
      layer.bias = ColVector<double>::NullaryExpr(out, [&] { return normal(rng); });
      layer.activation = l + 1 == depth ? Activation{} : hidden[pick(rng)];
      net.layers.push_back(layer);
      in = out;
    }
    p.discriminator = net;
    p.real = RowMatrix<double>::NullaryExpr(size(rng), d, [&] { return normal(rng); });
    p.fake = RowMatrix<double>::NullaryExpr(size(rng), d, [&] { return normal(rng); });
    const auto r = solve_gan(p);
    EXPECT_TRUE(r.gradient_check.passed) << "trial " << trial;

    const Eigen::VectorXd zr = naive_logits(net, p.real);
    const Eigen::VectorXd zf = naive_logits(net, p.fake);
    EXPECT_NEAR(r.logits.objective, naive_objective(p.loss, p.reduction, zr, zf), 1e-10);
    EXPECT_NEAR(r.logits.generator_objective, naive_generator(p.loss, p.reduction, zf), 1e-10);
    const auto params = check_gradient(
        [&](const Eigen::VectorXd& theta) {
          DenseNetwork<double> probe = net;
          unflatten_parameters(theta, probe);
          return naive_objective(p.loss, p.reduction, naive_logits(probe, p.real),
                                 naive_logits(probe, p.fake));
        },
        flatten_parameters(net), flatten_gradients(r.network->grad_params));
    EXPECT_TRUE(params.passed) << "trial " << trial << ": " << params.max_abs_error;
    const Eigen::Index n = p.fake.rows();
    const auto inputs = check_gradient(
        [&](const Eigen::VectorXd& x) {
          const RowMatrix<double> probe = Eigen::Map<const RowMatrix<double>>(x.data(), n, d);
          return naive_generator(p.loss, p.reduction, naive_logits(net, probe));
        },
        Eigen::Map<const Eigen::VectorXd>(p.fake.data(), p.fake.size()),
        Eigen::Map<const Eigen::VectorXd>(r.network->grad_fake_inputs.data(),
                                          r.network->grad_fake_inputs.size()));
    EXPECT_TRUE(inputs.passed) << "trial " << trial << ": " << inputs.max_abs_error;
    // Wasserstein's generator ascends f where the critic descends it: ∂G/∂fake = −∂L/∂fake.
    if (p.loss == GanLoss::kWasserstein) {
      EXPECT_TRUE(r.network->grad_fake_inputs.isApprox(-r.network->objective_grad_fake));
    }
    if (p.loss == GanLoss::kMinimax) {
      EXPECT_TRUE(r.network->grad_fake_inputs.isApprox(r.network->objective_grad_fake));
    }
  }
}

TEST(Gan, ReferenceNetworkCaseG04) {
  GanProblem p;
  DenseNetwork<double> net;
  DenseLayer<double> first;
  first.weight.resize(3, 2);
  first.weight << 0.166, -1.113, 0.374, 0.687, 0.622, 1.132;
  first.bias.resize(3);
  first.bias << -0.022, -0.072, 0.03;
  first.activation = {ActivationKind::kRelu};
  DenseLayer<double> second;
  second.weight.resize(1, 3);
  second.weight << -0.263, 1.303, 0.691;
  second.bias.resize(1);
  second.bias << -0.364;
  net.layers = {first, second};
  p.discriminator = net;
  p.real.resize(3, 2);
  p.real << -0.74, 1.85, 1.41, 0.31, 0.86, 0.71;
  p.fake.resize(3, 2);
  p.fake << 1.33, 1.07, 1.7, -0.14, 0.62, 0.27;
  const auto r = solve_gan(p);
  // torch 1.13 autograd, float64 (shared/reference/gan/g04_net_minimax_sum_relu).
  EXPECT_NEAR(r.logits.objective, -5.381398461897987, kTol);
  EXPECT_NEAR(r.network->grad_params.weight[0](1, 0), -3.1954912927677372, kTol);
  EXPECT_NEAR(r.network->grad_params.bias[1](0), -1.7583431561610847, kTol);
  EXPECT_NEAR(r.network->grad_fake_inputs(2, 1), -1.0770146643667302, kTol);
  EXPECT_TRUE(r.gradient_check.passed);
}

}  // namespace
}  // namespace hw4::core
