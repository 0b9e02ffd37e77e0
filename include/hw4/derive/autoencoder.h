// Autoencoder answers: PCA's spectrum as the intrinsic-dimension argument of 2.4, and a training
// run as its loss curves, robustness and diagnoses (2.1–2.3).
#pragma once

#include <string>

#include "hw4/core/autoencoder.h"
#include "hw4/core/autoencoder_train.h"
#include "hw4/report/report.h"

namespace hw4::derive {

// Where the data came from, for the derivation's first lines.
struct AutoencoderDataInfo {
  std::string source;  // "rows", a CSV path, or "synthetic"
  bool synthetic = false;
  core::SyntheticSpec spec;  // when synthetic
};

// Ratios listed in the result: all of them up to this many (SPEC asks for at least 20).
inline constexpr std::int64_t kMaxListedComponents = 100;

// `autoencoder analyze`: samples, features, explained_variance_ratio, components_for, and the
// rank bound, cumulative ratios and eigenvalues; a scree plot with the 90/95/99 % marks.
report::Answer autoencoder_analyze(const core::PcaResult& pca, const AutoencoderDataInfo& data);

// `autoencoder train`: history, losses, robustness, diagnoses with evidence; the loss curves.
report::Answer autoencoder_train(const core::TrainResult& run, const core::AutoencoderSpec& model,
                                 const core::TrainSettings& settings,
                                 const AutoencoderDataInfo& data);

}  // namespace hw4::derive
