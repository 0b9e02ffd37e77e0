// libFuzzer harness: arbitrary bytes as the input document of `hw4 solve`, leaving out problem
// sets with an autoencoder problem too slow to fuzz (heavy_inputs.h).
#include "harness.h"
#include "heavy_inputs.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hw4::fuzz::init("solve", {});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const nlohmann::json json =
      hw4::fuzz::parse_bounded(std::string(reinterpret_cast<const char*>(data), size));
  if (json.is_object() && json.contains("problems") && json["problems"].is_array()) {
    for (const auto& problem : json["problems"]) {
      if (hw4::fuzz::heavy_request(problem)) return -1;
    }
  }
  return hw4::fuzz::run_one("solve", data, size);
}
