// `hw4 cnn-params count`: a CNN spec (JSON) -> exact parameter and MAC counts, symbolic in the
// free symbols, with a comparison of two models (SPEC section cnn-params).
#include <memory>

#include "cli/command.h"
#include "cli/read_cnn.h"
#include "cli/read_onnx.h"
#include "hw4/derive/cnn_params.h"

namespace hw4::cli {

Command cnn_params_command() {
  Mode count_mode{
      "count",
      "parameters, multiply-accumulates and output shapes of CNNs, compared symbolically",
      "  hw4 cnn-params count data/examples/cnn-params/count/seed_1_1_inception_5x5_vs_two_3x3.json\n"
      "  echo '{\"symbols\": {\"C\": null}, \"layers\": [{\"type\": \"conv2d\", \"in\": \"C\", "
      "\"out\": \"C\", \"kernel\": 3}]}' | hw4 cnn-params\n"
      "  hw4 cnn-params count resnet18.onnx --input-shape input=1x3x224x224   # an exported model\n",
      [](const input::JsonReader& in, const Context& context) -> Task {
        // Counting is cheap and finds the shape errors (input errors, exit 2), so it runs here,
        // where `solve` validates every problem before solving any. Rows point into the spec,
        // so the task owns both.
        auto spec = std::make_shared<const core::NetworkSpec>(read_cnn_spec(in, context));
        auto count = std::make_shared<const core::NetworkCount>(core::count_network(*spec));
        return [spec, count] { return derive::cnn_params(*spec, *count); };
      },
      {{"input_shape", FieldFlag::Type::kStrings,
        "NAME=1x3x224x224: a graph input's whole shape, batch included (a bare ONNX INPUT; "
        "repeatable)", ""}},
  };
  count_mode.is_model = looks_like_onnx;
  return {"cnn-params", "parameter and compute counts of CNNs, symbolic in channels", {count_mode}};
}

}  // namespace hw4::cli
