// `cnn-params count`: counted networks turned into SPEC's result and a worked derivation.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "hw4/core/cnn.h"
#include "hw4/report/report.h"

namespace hw4::derive {

// Layers beyond this many get no step of their own in the derivation (the table and the
// result keep every row).
inline constexpr std::size_t kMaxCnnSteps = 60;
inline constexpr std::size_t kMaxCnnTableRows = 400;

// SPEC's polynomial object {"text", "terms", "value"}.
nlohmann::json polynomial_json(const core::Polynomial& p);

// The answer of `hw4 cnn-params count`: result {models, comparison}, the per-layer formulas
// with numbers substituted, a torchinfo-like table per model, sums, the factored difference,
// crossings and the verdict in words, and (with a comparison in one symbol) a plot of both
// metrics against that symbol with the crossings marked.
report::Answer cnn_params(const core::NetworkSpec& spec, const core::NetworkCount& count);

}  // namespace hw4::derive
