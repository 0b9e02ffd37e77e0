// libFuzzer harness: arbitrary bytes as the NDJSON submissions of `hw4 grade KEY -`, against a
// small key written once (cnn-params, gan-grad and skipgram problems, every tolerance kind), so
// the submission reader, the judge and the diagnoses see every kind of answer.
#include <filesystem>
#include <fstream>

#include "harness.h"

namespace {

std::string key_path;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  hw4::fuzz::init("grade", {});
  key_path = (std::filesystem::temp_directory_path() / "hw4-fuzz-grade-key.json").string();
  std::ofstream(key_path) << R"({"problems": [
    {"id": "1", "command": "cnn-params", "input": {"symbols": {"C": null},
     "input": {"channels": 3, "height": 8, "width": 8},
     "layers": [{"type": "conv2d", "out": "C", "kernel": 3, "stride": 2, "padding": 1},
                {"type": "batchnorm2d"}, {"type": "maxpool2d", "kernel": 2}]},
     "grade": {"/models/model/params/text": {}, "/models/model/macs/text": {"tolerance": {"exact": true}},
               "/models/model/output_shape": {}}},
    {"id": "2", "command": "gan-grad", "input": {"reduction": "mean", "real_logits": [1.5], "fake_logits": [-1]},
     "grade": {"/grad_logits_total": {}, "/objective": {"tolerance": {"sigfigs": 3}},
               "/grad_logits": {"tolerance": {"rtol": 0.01, "atol": 0.001}}}},
    {"id": "3", "command": "skipgram", "mode": "grad", "input": {"vocabulary": ["a", "b"],
     "W": [[0.1, 0.2], [0.3, -0.4]], "W_out": [[0.5, -0.6], [0.7, 0.8]], "center": "a", "context": ["b"]},
     "grade": {"/grad_scores": {"tolerance": {"sigfigs": 2}}}}]})";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return hw4::fuzz::run_checked({"grade", key_path, "-", "--format", "json"}, data, size, false);
}
