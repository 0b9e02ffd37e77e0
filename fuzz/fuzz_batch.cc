// libFuzzer harness: arbitrary bytes as NDJSON request lines for `hw4 batch`, leaving out those
// with an autoencoder request too slow to fuzz (heavy_inputs.h).
#include <sstream>

#include "harness.h"
#include "heavy_inputs.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hw4::fuzz::init("batch", {});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
  for (std::string line; std::getline(lines, line);) {
    if (hw4::fuzz::heavy_request(hw4::fuzz::parse_bounded(line))) return -1;
  }
  return hw4::fuzz::run_one("batch", data, size);
}
