// Reading `hw4 autoencoder` inputs into the core's structs: the data source (rows, CSV or the
// synthetic generator), the network, the training schedule and the robustness levels, with every
// size checked before anything is allocated.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "cli/command.h"
#include "hw4/core/autoencoder.h"
#include "hw4/core/autoencoder_train.h"
#include "hw4/input/json_reader.h"

namespace hw4::cli {

// Where the data come from: a parsed matrix (rows or CSV) or the synthetic generator's spec
// (generated when the task runs, in the precision the mode needs).
struct AutoencoderData {
  std::shared_ptr<const core::SampleMatrix<double>> matrix;  // rows or CSV, else null
  std::optional<core::SyntheticSpec> synthetic;
  std::string source;  // "rows", the CSV path as written, or "synthetic"
  std::int64_t samples = 0;
  std::int64_t features = 0;

  core::SampleMatrix<double> as_double(int threads) const;
  core::SampleMatrix<float> as_float(int threads) const;
};

// `data`: exactly one of rows, csv (+ header) or synthetic; at least `min_samples` samples.
AutoencoderData read_autoencoder_data(const input::JsonReader& data, const Context& context,
                                      std::int64_t min_samples);

// The fields every mode accepts; `threads` (default: the hardware's) is hw4's addition.
struct AutoencoderCommon {
  AutoencoderData data;
  double test_fraction = 0.2;
  std::uint64_t seed = 0;
  int threads = 1;
};

// The train mode's network and schedule, checked against the data (parameter count, work).
struct AutoencoderTrainInput {
  AutoencoderCommon common;
  core::AutoencoderSpec model;
  core::TrainSettings settings;
};

// The whole input of each mode; analyze accepts (and checks) train's fields too, so one file
// serves both modes.
AutoencoderCommon read_autoencoder_analyze(const input::JsonReader& in, const Context& context);
AutoencoderTrainInput read_autoencoder_train(const input::JsonReader& in, const Context& context);

}  // namespace hw4::cli
