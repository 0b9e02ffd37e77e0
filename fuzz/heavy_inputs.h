// Valid inputs too slow to fuzz. The readers let a user ask for minutes of work (the autoencoder
// allows 2·10¹³ flops); under the fuzzer's coverage instrumentation and the sanitizers Eigen runs
// some 100 times slower than in Release (5e8 flops of PCA took 13-19 s, and data/hw4.json's
// autoencoder problems over the 60 s timeout), so a fuzzer would report such an input as a hang.
// The harnesses leave out documents that the real readers accept with more than kFuzzFlops of
// work; every document the readers refuse still runs.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/read_autoencoder.h"
#include "cli/read_rnn_grad.h"
#include "hw4/input/json_reader.h"
#include "hw4/input/load.h"

namespace hw4::fuzz {

inline constexpr double kFuzzFlops = 5e7;

// The flops an autoencoder mode's input asks for, or 0 when its reader refuses it.
inline double autoencoder_work(std::string_view mode, const input::JsonReader& in) {
  try {
    const cli::Context context{".", nullptr};
    if (mode == "train") {
      const cli::AutoencoderTrainInput t = cli::read_autoencoder_train(in, context);
      const std::int64_t n = t.common.data.samples, d = t.common.data.features;
      return core::training_flops(core::autoencoder_parameter_count(d, t.model), n, n, t.settings);
    }
    const cli::AutoencoderCommon a = cli::read_autoencoder_analyze(in, context);
    const auto n = static_cast<double>(a.data.samples), d = static_cast<double>(a.data.features);
    const double k = std::min(n, d);
    return n * d * k + 10 * k * k * k;  // the Gram or covariance matrix, then its eigensolver
  } catch (const std::exception&) {
    return 0;
  }
}

// The multiply-adds an rnn-grad input asks for, or 0 when its reader refuses it: per cell a
// forward and two backward passes, the check's 16 perturbed copies (twice the products), and
// the dependency map.
inline double rnn_grad_work(const input::JsonReader& in) {
  try {
    double work = 0;
    for (const core::RnnGradProblem& p : cli::read_rnn_grad(in)) {
      const double directions = p.bidirectional ? 2.0 : 1.0;
      const double gh = core::cell_info(p.cell).gates * static_cast<double>(p.hidden);
      const double pass = directions * static_cast<double>(p.steps) * gh *
                          static_cast<double>(p.hidden + p.input_size);
      work += 35 * pass + (p.dependency ? core::dependency_work(p) : 0.0);
    }
    return work;
  } catch (const std::exception&) {
    return 0;
  }
}

// The document as JSON through hw4's own parser (nesting bounded: nlohmann's plain parse would
// recurse through 200,000 levels), or null when it is not JSON.
inline nlohmann::json parse_bounded(std::string text) {
  try {
    return input::parse_document(text, "<stdin>", ".").json;
  } catch (const std::exception&) {
    return nullptr;
  }
}

// True when a request object ({"command", "mode", "input"}: a batch line, a solve problem) runs
// the autoencoder with more than kFuzzFlops of work.
inline bool heavy_request(const nlohmann::json& request) {
  if (!request.is_object() || request.value("command", nlohmann::json()) != "autoencoder" ||
      !request.contains("input")) {
    return false;
  }
  const nlohmann::json mode = request.value("mode", nlohmann::json("analyze"));
  if (!mode.is_string()) return false;
  return autoencoder_work(mode.get<std::string>(), input::JsonReader(request["input"])) > kFuzzFlops;
}

}  // namespace hw4::fuzz
