// JSON -> core::GanProblem, with every shape checked at its pointer.
#include "cli/read_gan.h"

#include <fmt/format.h>

namespace hw4::cli {
namespace {

Eigen::VectorXd read_logits(const input::JsonReader& in) {
  const std::vector<double> values = in.as_vector(kMaxGanSamples);
  if (values.empty()) in.fail("expected at least 1 logit");
  return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

core::RowMatrix<double> read_samples(const input::JsonReader& in, Eigen::Index width) {
  const Eigen::MatrixXd x = in.as_matrix(kMaxGanSamples, kMaxLayerWidth);
  if (x.cols() != width) {
    in.fail(fmt::format("expected samples of {} values (the first layer's inputs), got {}", width,
                        x.cols()));
  }
  return x;
}

}  // namespace

core::Activation read_activation(const input::JsonReader& in) {
  using core::ActivationKind;
  if (in.is_object()) {
    in.allow_only({"leaky_relu"});
    return {ActivationKind::kLeakyRelu, in.at("leaky_relu").as_double()};
  }
  const std::string name = in.as_choice({"relu", "leaky_relu", "tanh", "sigmoid", "linear"});
  if (name == "relu") return {ActivationKind::kRelu};
  if (name == "leaky_relu") return {ActivationKind::kLeakyRelu, 0.01};
  if (name == "tanh") return {ActivationKind::kTanh};
  if (name == "sigmoid") return {ActivationKind::kSigmoid};
  return {ActivationKind::kLinear};
}

core::DenseNetwork<double> read_dense_network(const input::JsonReader& in, Eigen::Index outputs) {
  in.allow_only({"layers"});
  const input::JsonReader layers = in.at("layers");
  const std::size_t count = layers.size(kMaxGanLayers);
  if (count == 0) layers.fail("expected at least 1 layer");
  core::DenseNetwork<double> net;
  for (std::size_t l = 0; l < count; ++l) {
    const input::JsonReader layer = layers[l];
    layer.allow_only({"weight", "bias", "activation"});
    core::DenseLayer<double> dense;
    const input::JsonReader weight = layer.at("weight");
    dense.weight = weight.as_matrix(kMaxLayerWidth, kMaxLayerWidth);
    if (l > 0 && dense.inputs() != net.layers.back().outputs()) {
      weight.fail(fmt::format("expected {} columns (layer {}'s outputs), got {}",
                              net.layers.back().outputs(), l - 1, dense.inputs()));
    }
    if (l + 1 == count && outputs > 0 && dense.outputs() != outputs) {
      weight.fail(
          fmt::format("expected {} row{} in the last layer (its output is the logit), "
                      "got {}",
                      outputs, outputs == 1 ? "" : "s", dense.outputs()));
    }
    const input::JsonReader bias = layer.at("bias");
    const std::vector<double> b = bias.as_vector(kMaxLayerWidth);
    if (static_cast<Eigen::Index>(b.size()) != dense.outputs()) {
      bias.fail(fmt::format("expected {} values (one per row of weight), got {}", dense.outputs(),
                            b.size()));
    }
    dense.bias = Eigen::Map<const Eigen::VectorXd>(b.data(), dense.outputs());
    if (const auto act = layer.find("activation")) dense.activation = read_activation(*act);
    net.layers.push_back(std::move(dense));
  }
  return net;
}

core::GanProblem read_gan(const input::JsonReader& in) {
  in.allow_only(
      {"loss", "reduction", "real_logits", "fake_logits", "discriminator", "real", "fake"});
  core::GanProblem problem;
  const std::string loss =
      in.choice_or("loss", "minimax", {"minimax", "non_saturating", "wasserstein"});
  problem.loss = loss == "minimax"          ? core::GanLoss::kMinimax
                 : loss == "non_saturating" ? core::GanLoss::kNonSaturating
                                            : core::GanLoss::kWasserstein;
  problem.reduction = in.choice_or("reduction", "sum", {"sum", "mean"}) == "sum"
                          ? core::Reduction::kSum
                          : core::Reduction::kMean;
  const bool logits = in.has("real_logits") || in.has("fake_logits");
  const bool network = in.has("discriminator") || in.has("real") || in.has("fake");
  if (logits && network) {
    in.fail(
        "give either real_logits and fake_logits, or discriminator with real and fake, "
        "not both");
  }
  if (!network) {
    if (!logits) {
      in.fail("expected real_logits and fake_logits, or discriminator with real and fake");
    }
    problem.real_logits = read_logits(in.at("real_logits"));
    problem.fake_logits = read_logits(in.at("fake_logits"));
    return problem;
  }
  problem.discriminator = read_dense_network(in.at("discriminator"), 1);
  const Eigen::Index width = problem.discriminator->inputs();
  problem.real = read_samples(in.at("real"), width);
  problem.fake = read_samples(in.at("fake"), width);
  const double work = static_cast<double>(problem.discriminator->parameter_count()) *
                      static_cast<double>(problem.real.rows() + problem.fake.rows());
  if (work > kMaxGanWork) {
    in.at("discriminator")
        .fail(fmt::format("{} parameters over {} samples is over the limit of {:g} "
                          "multiply-adds per pass",
                          problem.discriminator->parameter_count(),
                          problem.real.rows() + problem.fake.rows(), kMaxGanWork));
  }
  return problem;
}

}  // namespace hw4::cli
