// libFuzzer harness: arbitrary bytes as the input document of `hw4 autoencoder` analyze and
// train, leaving out valid documents too slow to fuzz (heavy_inputs.h).
#include "harness.h"
#include "heavy_inputs.h"
#include "hw4/input/load.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hw4::fuzz::init("autoencoder", {});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::uint8_t* doc = data;
  std::size_t doc_size = size;
  const hw4::cli::Mode* mode = hw4::fuzz::pick_mode(hw4::fuzz::fuzzed_modes("autoencoder", {}), doc, doc_size);
  if (mode == nullptr) return -1;
  const nlohmann::json json =
      hw4::fuzz::parse_bounded(std::string(reinterpret_cast<const char*>(doc), doc_size));
  if (!json.is_null() &&
      hw4::fuzz::autoencoder_work(mode->name, hw4::input::JsonReader(json)) > hw4::fuzz::kFuzzFlops) {
    return -1;
  }
  return hw4::fuzz::run_one("autoencoder", data, size);
}
