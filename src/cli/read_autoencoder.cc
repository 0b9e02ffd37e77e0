// `hw4 autoencoder` input -> core structs, with the limits checked before allocation.
#include "cli/read_autoencoder.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "hw4/error.h"
#include "hw4/input/load.h"

namespace hw4::cli {

namespace {

constexpr std::size_t kMaxCsvBytes = std::size_t{1} << 30;  // 1 GiB of text
constexpr std::size_t kMaxHidden = 30;
constexpr std::size_t kMaxNoiseLevels = 32;
constexpr double kMaxScale = 1e6;  // learning rate, decay, noise: larger is surely a typo

std::string cells_over_limit(std::int64_t samples, std::int64_t features) {
  return fmt::format("{} samples × {} features = {} values, over the limit of {}", samples,
                     features, samples * features, core::kMaxDataCells);
}

core::ActivationKind read_activation_kind(const input::JsonReader& in) {
  const std::string name = in.as_choice({"relu", "leaky_relu", "tanh", "sigmoid", "linear"});
  if (name == "relu") return core::ActivationKind::kRelu;
  if (name == "leaky_relu") return core::ActivationKind::kLeakyRelu;
  if (name == "tanh") return core::ActivationKind::kTanh;
  if (name == "sigmoid") return core::ActivationKind::kSigmoid;
  return core::ActivationKind::kLinear;
}

AutoencoderCommon read_common(const input::JsonReader& in, const Context& context,
                              std::int64_t min_samples) {
  AutoencoderCommon common;
  common.data = read_autoencoder_data(in.at("data"), context, min_samples);
  common.test_fraction = in.double_or("test_fraction", 0.2, 0.0, 0.9);
  common.seed = static_cast<std::uint64_t>(in.int_or("seed", 0, 0));
  common.threads = static_cast<int>(in.int_or("threads", core::default_threads(), 1, 64));
  return common;
}

core::AutoencoderSpec read_model(const input::JsonReader& in) {
  in.allow_only({"hidden", "latent", "activation", "output_activation"});
  core::AutoencoderSpec model;
  if (const auto hidden = in.find("hidden")) {
    const std::size_t count = hidden->size(kMaxHidden);
    model.hidden.clear();
    for (std::size_t i = 0; i < count; ++i) {
      model.hidden.push_back((*hidden)[i].as_int(1, core::kMaxWidth));
    }
  }
  model.latent = in.int_or("latent", 16, 1, core::kMaxWidth);
  if (const auto act = in.find("activation")) model.activation = read_activation_kind(*act);
  if (const auto act = in.find("output_activation"))
    model.output_activation = read_activation_kind(*act);
  return model;
}

core::TrainSettings read_schedule(const input::JsonReader& in) {
  in.allow_only({"epochs", "batch_size", "optimizer", "learning_rate", "weight_decay", "momentum",
                 "input_noise"});
  core::TrainSettings settings;
  settings.epochs = in.int_or("epochs", 10, 1, core::kMaxEpochs);
  settings.batch_size = in.int_or("batch_size", 32, 1, core::kMaxSamples);
  const std::string optimizer = in.choice_or("optimizer", "adam", {"adam", "sgd"});
  settings.optimizer.kind =
      optimizer == "adam" ? core::OptimizerKind::kAdam : core::OptimizerKind::kSgd;
  if (const auto lr = in.find("learning_rate")) {
    settings.optimizer.learning_rate = lr->as_double(0.0, kMaxScale);
    if (!(settings.optimizer.learning_rate > 0)) lr->fail("expected a number > 0, got 0");
  }
  settings.optimizer.weight_decay = in.double_or("weight_decay", 0.0, 0.0, kMaxScale);
  if (const auto momentum = in.find("momentum")) {
    if (optimizer != "sgd") momentum->fail("applies to \"sgd\" only");
    settings.optimizer.momentum = momentum->as_double(0.0, 0.999);
  }
  if (const auto noise = in.find("input_noise")) {
    noise->allow_only({"std"});
    settings.input_noise_std = noise->at("std").as_double(0.0, kMaxScale);
  }
  return settings;
}

}  // namespace

AutoencoderData read_autoencoder_data(const input::JsonReader& data, const Context& context,
                                      std::int64_t min_samples) {
  data.allow_only({"rows", "csv", "header", "synthetic"});
  const int given = static_cast<int>(data.has("rows")) + static_cast<int>(data.has("csv")) +
                    static_cast<int>(data.has("synthetic"));
  if (given != 1) data.fail("expected exactly one of \"rows\", \"csv\" or \"synthetic\"");
  if (data.has("header") && !data.has("csv")) data.at("header").fail("applies to \"csv\" only");
  AutoencoderData out;
  if (const auto rows = data.find("rows")) {
    const std::size_t n = rows->size(static_cast<std::size_t>(core::kMaxSamples));
    if (n == 0) rows->fail("expected at least one row");
    const std::size_t d = (*rows)[0].size(static_cast<std::size_t>(core::kMaxFeatures));
    if (d == 0) (*rows)[0].fail("expected at least one feature");
    const auto samples = static_cast<std::int64_t>(n), features = static_cast<std::int64_t>(d);
    if (samples * features > core::kMaxDataCells) rows->fail(cells_over_limit(samples, features));
    const Eigen::MatrixXd matrix = rows->as_matrix(n, d);
    out.matrix = std::make_shared<core::SampleMatrix<double>>(matrix);
    out.source = "rows";
  } else if (const auto csv = data.find("csv")) {
    const std::string path = csv->as_string(4096);
    const bool header = data.bool_or("header", false);
    const std::filesystem::path full = context.base_dir / path;
    std::string text;
    try {
      text = input::read_text_file(full, kMaxCsvBytes);
    } catch (const InputError& e) {
      csv->fail(fmt::format("{}: {}", path, e.what()));
    }
    try {
      const core::CsvShape shape = core::csv_shape(text, header);
      if (shape.columns > core::kMaxFeatures || shape.rows * shape.columns > core::kMaxDataCells) {
        csv->fail(fmt::format("{}: {}", path, cells_over_limit(shape.rows, shape.columns)));
      }
      out.matrix = std::make_shared<core::SampleMatrix<double>>(core::parse_csv(text, header));
    } catch (const InputError&) {
      throw;
    } catch (const Error& e) {
      csv->fail(fmt::format("{}: {}", path, e.what()));
    }
    out.source = path;
  } else {
    const auto syn = data.at("synthetic");
    syn.allow_only({"samples", "features", "rank", "noise", "seed"});
    core::SyntheticSpec spec;
    spec.samples = syn.int_or("samples", 800, 1, core::kMaxSamples);
    spec.features = syn.int_or("features", 20000, 1, core::kMaxFeatures);
    if (spec.samples * spec.features > core::kMaxDataCells) {
      syn.fail(cells_over_limit(spec.samples, spec.features));
    }
    spec.rank = syn.int_or("rank", 10, 1, std::min(spec.samples, spec.features));
    spec.noise = syn.double_or("noise", 0.01, 0.0, kMaxScale);
    spec.seed = static_cast<std::uint64_t>(syn.int_or("seed", 7, 0));
    out.synthetic = spec;
    out.source = "synthetic";
  }
  out.samples = out.matrix ? out.matrix->rows() : out.synthetic->samples;
  out.features = out.matrix ? out.matrix->cols() : out.synthetic->features;
  if (out.samples < min_samples) {
    data.fail(fmt::format("expected at least {} samples, got {}", min_samples, out.samples));
  }
  return out;
}

core::SampleMatrix<double> AutoencoderData::as_double(int threads) const {
  if (matrix) return *matrix;
  return core::synthetic_data<double>(*synthetic, threads);
}

core::SampleMatrix<float> AutoencoderData::as_float(int threads) const {
  if (matrix) return matrix->cast<float>();
  return core::synthetic_data<float>(*synthetic, threads);
}

AutoencoderCommon read_autoencoder_analyze(const input::JsonReader& in, const Context& context) {
  in.allow_only({"data", "test_fraction", "seed", "threads", "model", "train", "robustness"});
  AutoencoderCommon common = read_common(in, context, 2);
  if (const auto model = in.find("model")) read_model(*model);
  if (const auto train = in.find("train")) read_schedule(*train);
  return common;
}

AutoencoderTrainInput read_autoencoder_train(const input::JsonReader& in, const Context& context) {
  in.allow_only({"data", "test_fraction", "seed", "threads", "model", "train", "robustness"});
  AutoencoderTrainInput out;
  out.common = read_common(in, context, 1);
  if (const auto model = in.find("model")) out.model = read_model(*model);
  if (const auto train = in.find("train")) out.settings = read_schedule(*train);
  if (const auto robustness = in.find("robustness")) {
    robustness->allow_only({"noise_std"});
    out.settings.robustness_noise.clear();
    if (const auto levels = robustness->find("noise_std")) {
      const std::size_t count = levels->size(kMaxNoiseLevels);
      for (std::size_t i = 0; i < count; ++i) {
        out.settings.robustness_noise.push_back((*levels)[i].as_double(0.0, kMaxScale));
      }
    }
  }
  const AutoencoderData& data = out.common.data;
  out.settings.test_fraction = out.common.test_fraction;
  out.settings.seed = out.common.seed;
  out.settings.threads = out.common.threads;
  // The split's sizes (as core::split_samples makes them), without building it.
  auto test_count = static_cast<std::int64_t>(
      std::llround(out.settings.test_fraction * static_cast<double>(data.samples)));
  if (out.settings.test_fraction > 0) {
    if (data.samples < 2) in.at("data").fail("expected at least 2 samples to split off a test set, got 1");
    test_count = std::clamp<std::int64_t>(test_count, 1, data.samples - 1);
  }
  const std::int64_t train_count = data.samples - test_count;
  const std::int64_t parameters = core::autoencoder_parameter_count(data.features, out.model);
  if (parameters > core::kMaxParameters) {
    in.at("model").fail(fmt::format("the network has {} parameters with {} features, over the "
                                    "limit of {}",
                                    parameters, data.features, core::kMaxParameters));
  }
  std::int64_t widest = data.features;
  for (const auto w : out.model.hidden) widest = std::max(widest, w);
  widest = std::max(widest, out.model.latent);
  if (std::min(out.settings.batch_size, train_count) * widest > core::kMaxDataCells) {
    in.at("train").at("batch_size").fail(fmt::format(
        "a batch of {} × {} activations is over the limit of {} values",
        std::min(out.settings.batch_size, train_count), widest, core::kMaxDataCells));
  }
  const double flops = core::training_flops(parameters, train_count, test_count, out.settings);
  if (flops > core::kMaxTrainFlops) {
    const auto where = in.find("train") ? in.at("train") : in;
    where.fail(fmt::format("the run needs about {:.2g} floating-point operations, over the limit "
                           "of {:.2g}: fewer epochs, samples or parameters",
                           flops, core::kMaxTrainFlops));
  }
  return out;
}

}  // namespace hw4::cli
