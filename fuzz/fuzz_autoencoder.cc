// libFuzzer harness: arbitrary bytes as the input document of `hw4 autoencoder` analyze and
// train. The reader lets a user ask for minutes of work (2·10¹³ flops); a fuzzer must not call
// such a slow but valid input a hang, so documents the reader accepts with more than kFuzzFlops
// of work are left out (return -1) before they run. Every other input, refused ones included,
// runs through the whole command.
#include <algorithm>

#include "cli/read_autoencoder.h"
#include "harness.h"
#include "hw4/input/load.h"

namespace {

// Under the fuzzer's coverage instrumentation and the sanitizers Eigen runs some 100 times
// slower than in Release: 5e8 flops of PCA took 13-19 s there.
constexpr double kFuzzFlops = 5e7;

// The work the document asks of `mode`, or 0 when the reader refuses it.
double requested_work(const hw4::cli::Mode& mode, const std::uint8_t* data, std::size_t size) {
  try {
    const hw4::input::Document doc = hw4::input::parse_document(
        std::string(reinterpret_cast<const char*>(data), size), "<stdin>", ".");
    const hw4::input::JsonReader in(doc.json);
    const hw4::cli::Context context{".", nullptr};
    if (mode.name == "train") {
      const hw4::cli::AutoencoderTrainInput t = hw4::cli::read_autoencoder_train(in, context);
      const std::int64_t n = t.common.data.samples, d = t.common.data.features;
      return hw4::core::training_flops(hw4::core::autoencoder_parameter_count(d, t.model), n, n,
                                       t.settings);
    }
    const hw4::cli::AutoencoderCommon a = hw4::cli::read_autoencoder_analyze(in, context);
    const auto n = static_cast<double>(a.data.samples), d = static_cast<double>(a.data.features);
    const double k = std::min(n, d);
    return n * d * k + 10 * k * k * k;  // the Gram or covariance matrix, then its eigensolver
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hw4::fuzz::init("autoencoder", {});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::uint8_t* doc = data;
  std::size_t doc_size = size;
  const hw4::cli::Mode* mode = hw4::fuzz::pick_mode(hw4::fuzz::fuzzed_modes("autoencoder", {}), doc, doc_size);
  if (mode == nullptr || requested_work(*mode, doc, doc_size) > kFuzzFlops) return -1;
  return hw4::fuzz::run_one("autoencoder", data, size);
}
