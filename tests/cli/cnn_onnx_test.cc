// cnn-params on exported ONNX models (tests/onnx/, written by tests/onnx/make_models.py, and
// data/networks/resnet18_*.onnx, written by data/networks/export_resnet18_onnx.py). The oracles:
// counts worked out by hand for graphs built node by node, PyTorch's parameter counts of the
// exported modules, SPEC's formulas, hw4's own JSON layers for the same network, and
// torchvision's totals (data/networks/torchvision_counts.json).
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

using nlohmann::json;

std::string model_path(const std::string& name) { return source_path("tests/onnx/" + name + ".onnx"); }

// The one model of a bare ONNX input's result, counted with the given flags.
json count(const std::string& path, std::vector<std::string> flags = {}) {
  std::vector<std::string> args{"cnn-params", "count", path, "--format", "json"};
  args.insert(args.end(), flags.begin(), flags.end());
  const CliResult r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const json out = json::parse(r.out);
  EXPECT_EQ(out["result"]["models"].size(), 1u);
  return out["result"]["models"].begin().value();
}

std::int64_t params(const json& model) { return model["params"]["value"].get<std::int64_t>(); }
std::int64_t macs(const json& model) { return model["macs"]["value"].get<std::int64_t>(); }

TEST(CnnOnnx, CountsASharedWeightOncePerUseThroughIdentity) {
  const json m = count(model_path("shared_identity"));
  EXPECT_EQ(params(m), 2 * 8 * 8);  // read by two MatMuls, the second through an Identity
  EXPECT_EQ(m["onnx"]["initializer_elements"], 8 * 8);
  EXPECT_EQ(macs(m), 2 * 8 * 8);  // [1, 8]·[8, 8] twice
  EXPECT_EQ(m["onnx"]["nodes"], 3);
  EXPECT_EQ(m["layers"][1]["path"], "alias");
  EXPECT_EQ(m["layers"][1]["type"], "Identity");
}

TEST(CnnOnnx, CountsConvolutionsOfEveryDimension) {
  const json m = count(model_path("conv_kinds"));
  const json& rows = m["layers"];
  // conv1d 4 -> 6, k 3, on L = 20: out·(in·k + 1) and out·L_out·in·k.
  EXPECT_EQ(rows[0]["params"]["value"], 6 * (4 * 3 + 1));
  EXPECT_EQ(rows[0]["macs"]["value"], 6 * 18 * 4 * 3);
  EXPECT_EQ(rows[0]["output_shape"], json({6, 18}));
  // conv3d 2 -> 4, k 3x3x3, padding 1 on 5x6x7, no bias.
  EXPECT_EQ(rows[1]["params"]["value"], 4 * 2 * 27);
  EXPECT_EQ(rows[1]["macs"]["value"], 4 * (5 * 6 * 7) * 2 * 27);
  // conv_transpose2d 4 -> 3, k 3, stride 2 on 5x5: in·(out/g)·k² + out; in·H·W·(out/g)·k².
  EXPECT_EQ(rows[2]["params"]["value"], 4 * 3 * 9 + 3);
  EXPECT_EQ(rows[2]["macs"]["value"], 4 * 25 * 3 * 9);
  EXPECT_EQ(rows[2]["output_shape"], json({3, (5 - 1) * 2 + 3, (5 - 1) * 2 + 3}));
}

TEST(CnnOnnx, BatchNormStatisticsAreBuffers) {
  const json m = count(model_path("batchnorm"));
  EXPECT_EQ(params(m), 5 * 3 + 2 * 5);
  EXPECT_EQ(m["onnx"]["buffers"], 2 * 5);
  EXPECT_EQ(m["onnx"]["initializer_elements"], 5 * 3 + 4 * 5);
  EXPECT_EQ(macs(m), 5 * 8 * 8 * 3);
  EXPECT_EQ(m["onnx"]["uncounted"], json::array());
}

TEST(CnnOnnx, SymbolicDimensionNeedsAShape) {
  const CliResult r = run_cli({"cnn-params", "count", model_path("embedding")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hw4: error: " + model_path("embedding") +
                       ": graph input 'ids' has a symbolic dimension 'seq' (axis 1): give its "
                       "whole shape with input_shapes (--input-shape ids=1x...)\n");
  const json m = count(model_path("embedding"), {"--input-shape", "ids=1x7"});
  EXPECT_EQ(params(m), 100 * 16 + 16 * 4);  // the embedding table and the projection
  EXPECT_EQ(macs(m), 7 * 16 * 4);           // a Gather is an embedding: no MACs
  EXPECT_EQ(m["layers"][0]["output_shape"], json({7, 16}));
}

TEST(CnnOnnx, EvaluatesIntegerShapeArithmetic) {
  // Reshape to [batch, 6·4/2, 2] computed with Shape, Gather, Mul, Div, Unsqueeze and Concat.
  const json m = count(model_path("shape_arithmetic"));
  EXPECT_EQ(macs(m), 12 * 2 * 3);
  EXPECT_EQ(m["layers"].back()["output_shape"], json({12, 3}));
}

TEST(CnnOnnx, AFixedBatchDividesTheMacs) {
  const json m = count(model_path("batch_of_two"));
  EXPECT_EQ(params(m), 4 * 8 + 4);
  EXPECT_EQ(macs(m), 8 * 4);  // per sample: the file's batch of 2 computes twice this
}

TEST(CnnOnnx, ExternalWeightsStillCount) {
  const json m = count(model_path("external_data"));
  EXPECT_EQ(params(m), 4 * 8);
  EXPECT_EQ(macs(m), 4 * 8);
}

TEST(CnnOnnx, BidirectionalLstmFollowsSpecsRecurrentRow) {
  const json m = count(model_path("bilstm"));
  const int t = 7, i = 6, h = 5, d = 2, g = 4;
  EXPECT_EQ(params(m), d * (g * h * (i + h) + 2 * g * h));  // PyTorch's 520
  EXPECT_EQ(params(m), 520);
  EXPECT_EQ(macs(m), t * d * g * h * (i + h));
}

TEST(CnnOnnx, TransformerEncoderLayerFollowsSpecsRows) {
  const json m = count(model_path("encoder"));
  const int t = 5, e = 16, f = 32;
  // Attention 4E² + 4E, two linears 2EF + E + F, two layer norms 4E: PyTorch's 2224.
  EXPECT_EQ(params(m), 4 * e * e + 4 * e + 2 * e * f + e + f + 4 * e);
  EXPECT_EQ(params(m), 2224);
  EXPECT_EQ(macs(m), 4 * t * e * e + 2 * t * t * e + 2 * t * e * f);
}

// hw4's comparison of an exported model ("onnx") with the same network described in JSON layers
// ("json"), both counted by hw4 from its two front ends, in `metric`.
json compare_with_json(const json& input, const json& layers, const std::string& onnx,
                       const char* metric) {
  const json document = {{"input", input},
                         {"models", {{"json", layers}, {"onnx", {{"onnx", onnx}}}}},
                         {"compare", {{"models", {"onnx", "json"}}, {"metric", metric}}}};
  const CliResult r = run_cli({"cnn-params", "count", "-", "--format", "json"}, document.dump());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out)["result"];
}

// Exports that count as their JSON layers do: difference zero in parameters and in MACs.
void expect_same_counts(const json& input, const json& layers, const std::string& onnx) {
  for (const char* metric : {"params", "macs"}) {
    const json result = compare_with_json(input, layers, onnx, metric);
    EXPECT_EQ(result["comparison"]["verdict"]["sign"], "zero") << onnx << " " << metric;
  }
}

// The same CNN described in JSON and exported (PRESERVE): one comparison, difference zero.
TEST(CnnOnnx, ExportCountsAsTheJsonLayersDo) {
  const json input = {{"channels", 3}, {"height", 32}, {"width", 32}};
  const json layers = json::parse(R"([
      {"type": "conv2d", "out": 8, "kernel": 3, "padding": 1}, {"type": "batchnorm2d"},
      {"type": "relu"}, {"type": "maxpool2d", "kernel": 2},
      {"type": "conv2d", "out": 16, "kernel": 3, "stride": 2, "groups": 2, "bias": false},
      {"type": "adaptive_avgpool2d"}, {"type": "flatten"}, {"type": "linear", "out": 10}])");
  expect_same_counts(input, layers, model_path("tiny_cnn_preserve"));
  EXPECT_EQ(params(count(model_path("tiny_cnn_preserve"))), 986);  // PyTorch's count
  // The eval export folds the batch norm into the biased conv before it: 2·8 fewer.
  EXPECT_EQ(params(count(model_path("tiny_cnn_eval"))), 986 - 2 * 8);
}

// nn.LSTM(6, 5, bidirectional=True) on 7 steps, exported in eval mode, against the JSON `lstm`.
TEST(CnnOnnx, BidirectionalLstmExportCountsAsTheJsonLayer) {
  const json input = {{"sequence", 7}, {"features", 6}};
  const json layers = json::parse(R"([{"type": "lstm", "hidden": 5, "bidirectional": true}])");
  expect_same_counts(input, layers, model_path("bilstm"));
  // A PRESERVE export reorders the gates at run time: three Slices read each of the eight
  // weight and bias tensors whole, so per use it counts three times PyTorch's 520
  // (docs/cnn-params.md, "Limits"); the LSTM node, and so the MACs, are the same.
  const json preserve = compare_with_json(input, layers, model_path("bilstm_preserve"), "params");
  EXPECT_EQ(preserve["comparison"]["difference"]["value"], 2 * 520);
  EXPECT_EQ(preserve["models"]["onnx"]["onnx"]["initializer_elements"], 520);
  EXPECT_EQ(preserve["models"]["onnx"]["onnx"]["uncounted"], json({"Slice"}));
  EXPECT_EQ(compare_with_json(input, layers, model_path("bilstm_preserve"),
                              "macs")["comparison"]["verdict"]["sign"],
            "zero");
}

// nn.TransformerEncoderLayer(16, 2, 32) and nn.MultiheadAttention(16, 2) on 5 tokens against
// the JSON `transformer_encoder_layer` and `multihead_attention`: attention's four projections
// and both T² products, the feed-forward linears and the layer norms count alike.
TEST(CnnOnnx, TransformerExportsCountAsTheJsonLayers) {
  const json input = {{"sequence", 5}, {"features", 16}};
  const json encoder = json::parse(
      R"([{"type": "transformer_encoder_layer", "d_model": 16, "nhead": 2, "dim_feedforward": 32}])");
  expect_same_counts(input, encoder, model_path("encoder"));
  // PRESERVE: the exporter merges the fresh layer norms' equal tensors, so the unique
  // initializers are 48 short of PyTorch's 2224, but every use still counts.
  expect_same_counts(input, encoder, model_path("encoder_preserve"));
  EXPECT_EQ(count(model_path("encoder_preserve"))["onnx"]["initializer_elements"], 2224 - 48);
  expect_same_counts(input,
                     json::parse(R"([{"type": "multihead_attention", "embed": 16, "heads": 2}])"),
                     model_path("attention"));
  EXPECT_EQ(params(count(model_path("attention"))), 4 * 16 * 16 + 4 * 16);  // PyTorch's 1088
}

TEST(CnnOnnx, ARelativePathIsRelativeToTheInputFile) {
  const CliResult r = run_cli({"cnn-params", "count", source_path("tests/onnx/relative.json"),
                               "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["result"]["models"]["m"]["params"]["value"], 2 * 8 * 8);
}

TEST(CnnOnnx, ReadsAModelFromStandardInput) {
  std::ifstream file(model_path("batch_of_two"), std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const CliResult r = run_cli({"cnn-params", "count", "-", "--format", "json"}, bytes);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["result"]["models"]["model"]["params"]["value"], 36);
}

TEST(CnnOnnx, ResNet18ExportsCountToTorchvision) {
  std::ifstream oracle_file(source_path("data/networks/torchvision_counts.json"));
  const json oracle = json::parse(oracle_file)["networks"]["resnet18"];
  const json preserve = count(source_path("data/networks/resnet18_preserve.onnx"));
  EXPECT_EQ(preserve["params"]["value"], oracle["params"]);
  EXPECT_EQ(preserve["macs"]["value"], oracle["macs"]);
  EXPECT_EQ(preserve["output_shape"], oracle["output_shape"]);
  EXPECT_EQ(preserve["onnx"]["buffers"], 9600);  // 2·Σ C over the 20 batch norms
  // docs/cnn-params.md: the eval export has 11,689,512 − Σ C = 11,684,712 per use (each of
  // the 20 batch norms, 4,800 channels in all, folded into a bias-free convolution).
  const json eval = count(source_path("data/networks/resnet18_eval.onnx"));
  EXPECT_EQ(params(eval), 11'689'512 - 4'800);
  EXPECT_EQ(eval["macs"]["value"], oracle["macs"]);
  EXPECT_EQ(eval["onnx"]["buffers"], 0);
}

// An op ONNX does not know counts 0 MACs; a Shape of its output, a graph output of a declared
// type, is read without a crash.
TEST(CnnOnnx, AShapeOfATypedUnknownOpOutputCounts) {
  const json m = count(model_path("unknown_op_output"));
  EXPECT_EQ(params(m), 4 * 3);
  EXPECT_EQ(macs(m), 4 * 3);
}

struct BadModel {
  const char* file;
  const char* message;
};

class CnnOnnxBad : public ::testing::TestWithParam<BadModel> {};

TEST_P(CnnOnnxBad, IsExitTwoWithOneLine) {
  const CliResult r = run_cli({"cnn-params", "count", model_path(GetParam().file)});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "hw4: error: " + model_path(GetParam().file) + ": " + GetParam().message + "\n");
}

INSTANTIATE_TEST_SUITE_P(
    Files, CnnOnnxBad,
    ::testing::Values(
        BadModel{"bad_truncated", "not an ONNX model: the bytes are not a complete protobuf "
                                  "(truncated, or another format)"},
        BadModel{"bad_empty", "not an ONNX model: it has no graph nodes (an empty model, or "
                              "another protobuf)"},
        BadModel{"bad_missing_tensor", "node 'fc' (MatMul) reads tensor 'ghost', which nothing in "
                                       "the graph defines"},
        BadModel{"bad_opset18", "opset 18 is not one this ONNX library knows (1 to 17)"},
        // ONNX 1.12's data propagation crashed on these (fuzz_onnx).
        BadModel{"bad_untyped_unknown_op",
                 "node 'shape' (Shape) reads 'y', which ONNX's shape inference cannot type: node "
                 "'plus' (Plus) that writes it is unknown to this ONNX library or fails its "
                 "inference"},
        BadModel{"bad_untyped_failed_inference",
                 "node 'shape' (Shape) reads 'y', which ONNX's shape inference cannot type: node "
                 "'turn' (Transpose) that writes it is unknown to this ONNX library or fails its "
                 "inference"}),
    [](const auto& param_info) { return std::string(param_info.param.file); });

TEST(CnnOnnx, RefusesBadShapeFlags) {
  for (const char* flag : {"ids", "ids=", "ids=1x0", "ids=1xx7", "=1x7"}) {
    const CliResult r = run_cli({"cnn-params", "count", model_path("embedding"), "--input-shape", flag});
    EXPECT_EQ(r.exit_code, 2) << flag;
  }
  const CliResult r = run_cli({"cnn-params", "count", model_path("embedding"), "--input-shape", "idz=1x7"});
  EXPECT_EQ(r.err, "hw4: error: " + model_path("embedding") +
                       ": input_shapes names 'idz', which is not a graph input (inputs: ids)\n");
}

}  // namespace
}  // namespace hw4::testing
