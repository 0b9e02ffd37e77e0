// libFuzzer harness: arbitrary bytes as the input document of `hw4 rnn-grad flow`, leaving out
// valid documents too slow to fuzz (heavy_inputs.h: a layer of 10¹⁰ parameter-steps is valid).
#include "harness.h"
#include "heavy_inputs.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hw4::fuzz::init("rnn-grad", {});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const nlohmann::json json =
      hw4::fuzz::parse_bounded(std::string(reinterpret_cast<const char*>(data), size));
  if (!json.is_null() &&
      hw4::fuzz::rnn_grad_work(hw4::input::JsonReader(json)) > hw4::fuzz::kFuzzFlops) {
    return -1;
  }
  return hw4::fuzz::run_one("rnn-grad", data, size);
}
