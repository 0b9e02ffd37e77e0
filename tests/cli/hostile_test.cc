// Hostile input against every command and mode in the table: each ends with exit 2 and one line
// "hw4: error: <stdin>...", nothing on standard output, within a second and adding little memory
// (each runs in a child process whose peak resident set is measured).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

struct Hostile {
  std::string name;
  std::string text;
};

std::vector<Hostile> hostile_inputs() {
  return {
      {"Empty", ""},
      {"Truncated", "{\"a\": [1, 2"},
      {"Binary", std::string("\x00\x01\xff\xfe\x80garbage", 12)},
      {"DeepNesting", std::string(200000, '[') + std::string(200000, ']')},
      {"DeepObjects", [] {
         std::string s;
         for (int i = 0; i < 100000; ++i) s += "{\"a\":";
         return s + "1" + std::string(100000, '}');
       }()},
      {"NaNLiteral", "{\"x\": NaN}"},
      {"HugeNumber", "{\"x\": 1e400}"},
      {"TopLevelList", "[1, 2, 3]"},
      {"TopLevelString", "\"hello\""},
      {"UnknownField", "{\"zzz_unknown_field\": 1}"},
      {"InvalidUtf8", "{\"text\": \"\xff\xfe\"}"},
  };
}

// Refused inputs must be refused before anything big is allocated: the child may add this much
// to the parent's resident set (its copy of the input text included). AddressSanitizer's shadow
// memory and quarantine take more.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kMaxAddedKb = 256 * 1024;
#else
constexpr long kMaxAddedKb = 64 * 1024;
#endif

struct Case {
  std::string command, mode;
  Hostile input;
  std::string pointer;  // where the error must point ("" for the generic inputs: anywhere)
};

// Valid JSON that asks for something absurd or inconsistent, for a mode, with the pointer of the
// field the error must name.
std::vector<Case> semantic_cases() {
  using nlohmann::json;
  const json conv = {{"type", "conv2d"}, {"out", 8}, {"kernel", 1}};
  const json input = {{"channels", 3}, {"height", 8}, {"width", 8}};
  const json sequence = {{"sequence", 5}, {"features", 16}};
  json nested = conv;  // repeats of repeats: 2^40 layers once expanded
  for (int i = 0; i < 40; ++i) nested = {{"type", "repeat"}, {"times", 2}, {"layers", {nested}}};
  const json weights = json::parse(
      R"({"W": [[1, 1], [-1, -1]], "b": [-0.5, 1.1], "v": [1, 1], "c0": 0.1, "r": 3.25, "c": -3, "y0": 1})");
  const json rows = json::parse("[[1, 2], [3, 4], [5, 6]]");
  // An exported model in a JSON input, from tests/onnx/ (make_models.py writes the bad ones).
  const auto onnx_model = [](const std::string& file) {
    return json{{"models", {{"m", {{"onnx", source_path("tests/onnx/" + file)}}}}}};
  };
  const json chain = json::parse(R"({"start": "<s>", "end": "</s>", "transitions": {"<s>": {"</s>": 1.0}}})");
  auto with = [](json doc, const json& more) {
    doc.update(more);
    return doc;
  };
  const std::vector<std::tuple<std::string, std::string, std::string, json, std::string>> table = {
      {"cnn-params", "count", "HugeRepeat",
       {{"input", input}, {"layers", {{{"type", "repeat"}, {"times", 1e18}, {"layers", {conv}}}}}}, "/layers/0/times"},
      {"cnn-params", "count", "RepeatsOfRepeats", {{"input", input}, {"layers", {nested}}}, "/layers/0"},
      {"cnn-params", "count", "RecursiveBlocks",
       {{"input", input},
        {"blocks", {{"a", {{{"type", "block"}, {"name", "b"}}}}, {"b", {{{"type", "block"}, {"name", "a"}}}}}},
        {"layers", {{{"type", "block"}, {"name", "a"}}}}},
       "/blocks/b/0/name"},
      {"cnn-params", "count", "AstronomicalChannels",
       {{"input", {{"channels", 1e15}, {"height", 8}, {"width", 8}}}, {"layers", {conv}}}, "/input/channels"},
      {"cnn-params", "count", "ZeroKernel",
       {{"input", input}, {"layers", {{{"type", "conv2d"}, {"out", 8}, {"kernel", 0}}}}}, "/layers/0/kernel"},
      {"cnn-params", "count", "NegativeChannels",
       {{"input", input}, {"layers", {{{"type", "conv2d"}, {"out", -8}, {"kernel", 1}}}}}, "/layers/0/out"},
      {"cnn-params", "count", "MisspeltField",
       {{"input", input}, {"layers", {{{"type", "conv2d"}, {"out", 8}, {"kernal", 1}}}}}, "/layers/0/kernal"},
      // The layer kinds of the rest of the course (#13).
      {"cnn-params", "count", "LstmOnAnImage",
       {{"input", input}, {"layers", {{{"type", "lstm"}, {"hidden", 8}}}}}, "/layers/0"},
      {"cnn-params", "count", "HeadsNotDividingEmbed",
       {{"input", sequence}, {"layers", {{{"type", "multihead_attention"}, {"embed", 16}, {"heads", 3}}}}},
       "/layers/0/heads"},
      {"cnn-params", "count", "TransposedOutputBelowOne",
       {{"input", input}, {"layers", {{{"type", "conv_transpose2d"}, {"out", 4}, {"kernel", 1}, {"padding", 5}}}}},
       "/layers/0"},
      {"cnn-params", "count", "FreeSymbolForKernel",
       {{"symbols", {{"C", nullptr}}}, {"input", input}, {"layers", {{{"type", "conv2d"}, {"out", 4}, {"kernel", "C"}}}}},
       "/layers/0/kernel"},
      {"cnn-params", "count", "AstronomicalHidden",
       {{"input", sequence}, {"layers", {{{"type", "lstm"}, {"hidden", 1'000'000'000'000}, {"layers", 1000}}}}},
       "/layers/0"},
      {"cnn-params", "count", "OnnxTruncated", onnx_model("bad_truncated.onnx"), "/models/m/onnx"},
      {"cnn-params", "count", "OnnxText", onnx_model("bad_text.onnx"), "/models/m/onnx"},
      {"cnn-params", "count", "OnnxEmpty", onnx_model("bad_empty.onnx"), "/models/m/onnx"},
      {"cnn-params", "count", "OnnxMissingTensor", onnx_model("bad_missing_tensor.onnx"), "/models/m/onnx"},
      {"cnn-params", "count", "OnnxNewOpset", onnx_model("bad_opset18.onnx"), "/models/m/onnx"},
      {"cnn-params", "count", "OnnxDirectory", onnx_model(""), "/models/m/onnx"},
      {"gan-grad", "grad", "RaggedMatrix",
       {{"loss", "minimax"}, {"real", {{1, 2}, {3}}}, {"fake", {{1, 2}}},
        {"discriminator", {{"layers", {{{"weight", {{1, 1}}}, {"bias", {0}}}}}}}},
       "/real/1"},
      {"gan-grad", "grad", "MisspeltField", {{"loss", "minimax"}, {"logits_real", {1}}}, "/logits_real"},
      {"rnn-grad", "flow", "AstronomicalSteps", {{"hidden", 4096}, {"input_size", 4096}, {"steps", 1e12}}, "/steps"},
      {"rnn-grad", "flow", "AstronomicalLayer", {{"hidden", 4096}, {"input_size", 4096}, {"steps", 10000}}, "/steps"},
      {"rnn-grad", "flow", "CostlyDependency", {{"hidden", 512}, {"steps", 256}, {"dependency", true}}, "/dependency"},
      {"rnn-grad", "flow", "WrongWeightShape",
       {{"cell", "lstm"}, {"hidden", 1}, {"input_size", 1},
        {"weights", {{"weight_ih", {{1}, {1}, {1}}}, {"weight_hh", {{1}, {1}, {1}, {1}}}, {"bias_ih", {0, 0, 0, 0}}, {"bias_hh", {0, 0, 0, 0}}}}},
       "/weights/weight_ih"},
      {"rnn-grad", "flow", "RaggedInputs", {{"input_size", 2}, {"steps", 2}, {"inputs", {{1, 2}, {3}}}}, "/inputs/1"},
      {"rnn-equal", "run", "UnequalLengths",
       {{"weights", weights}, {"activation", "step"}, {"a", {1, 0}}, {"b", {1}}}, "/b"},
      {"rnn-equal", "run", "NotABit", {{"weights", weights}, {"activation", "step"}, {"a", {2}}, {"b", {1}}}, "/a/0"},
      {"rnn-equal", "verify", "AstronomicalLength",
       {{"weights", weights}, {"activation", "sigmoid"}, {"max_length", 1e12}}, "/max_length"},
      {"rnn-equal", "solve", "NegativeBounds", {{"activation", "sigmoid"}, {"bounds", -1}}, "/bounds"},
      {"skipgram", "pairs", "AstronomicalWindow", {{"text", "a b c"}, {"window", 1e12}}, "/window"},
      {"skipgram", "pairs", "ZeroWindow", {{"text", "a b c"}, {"window", 0}}, "/window"},
      {"skipgram", "grad", "RaggedMatrix",
       {{"vocabulary", {"a", "b"}}, {"W", {{1, 2}, {3}}}, {"W_out", {{1, 2}, {3, 4}}}, {"center", "a"}, {"context", {"b"}}},
       "/W/1"},
      {"skipgram", "similar", "DirectoryPath", {{"vectors", "/"}, {"query", {"a"}}}, "/vectors"},
      {"skipgram", "similar", "MissingPath", {{"vectors", "/nonexistent/v.vec"}, {"query", {"a"}}}, "/vectors"},
      {"skipgram", "train", "ZeroDim", {{"corpus", "/"}, {"dim", 0}}, "/dim"},
      {"skipgram", "train", "DirectoryCorpus", {{"corpus", "/"}}, "/corpus"},
      {"beam-search", "decode", "ZeroWidth", with(chain, {{"width", 0}}), "/width"},
      {"beam-search", "decode", "AstronomicalWidth", with(chain, {{"width", 1e15}, {"max_length", 1e15}}), "/width"},
      {"beam-search", "decode", "NegativeProbability",
       with(chain, {{"transitions", {{"<s>", {{"</s>", -1.0}}}}}}), "/transitions/<s>/<~1s>"},
      {"autoencoder", "analyze", "AstronomicalData",
       {{"data", {{"synthetic", {{"samples", 1e12}, {"features", 1e12}, {"rank", 3}}}}}}, "/data/synthetic/samples"},
      {"autoencoder", "analyze", "RaggedRows", {{"data", {{"rows", {{1, 2}, {3}}}}}}, "/data/rows/1"},
      {"autoencoder", "train", "AstronomicalEpochs",
       {{"data", {{"rows", rows}}}, {"model", {{"hidden", {4}}, {"latent", 1}}}, {"train", {{"epochs", 1e12}}}},
       "/train/epochs"},
      {"autoencoder", "train", "AstronomicalNetwork",
       {{"data", {{"rows", rows}}}, {"model", {{"hidden", {1000000, 1000000}}, {"latent", 1}}}}, "/model"},
      {"autoencoder", "train", "ZeroLatent",
       {{"data", {{"rows", rows}}}, {"model", {{"hidden", {4}}, {"latent", 0}}}}, "/model/latent"},
      {"solve", "", "UnknownCommand", {{"problems", {{{"id", "1"}, {"command", "nope"}, {"input", json::object()}}}}},
       "/problems/0/command"},
      {"solve", "", "BadProblemInput",
       {{"problems", {{{"id", "1"}, {"command", "skipgram"}, {"mode", "pairs"}, {"input", {{"text", "a"}, {"window", -1}}}}}}},
       "/problems/0/input/window"},
      {"grade", "", "ZeroSignificantFigures",
       {{"problems", {{{"id", "1"}, {"command", "skipgram"}, {"mode", "pairs"}, {"input", {{"text", "a b"}, {"window", 1}}},
                       {"grade", {{"/count", {{"tolerance", {{"sigfigs", 0}}}}}}}}}}},
       "/problems/0/grade/~1count/tolerance/sigfigs"},
      {"grade", "", "TwoTolerances",
       {{"problems", {{{"id", "1"}, {"command", "skipgram"}, {"mode", "pairs"}, {"input", {{"text", "a b"}, {"window", 1}}},
                       {"grade", {{"/count", {{"tolerance", {{"exact", true}, {"rtol", 0.1}}}}}}}}}}},
       "/problems/0/grade/~1count/tolerance"},
      {"grade", "", "GradesNothing",
       {{"problems", {{{"id", "1"}, {"command", "skipgram"}, {"mode", "pairs"}, {"input", {{"text", "a b"}, {"window", 1}}}}}}},
       ""},
      {"vary", "", "NoChoices",
       {{"problems", {{{"id", "1"}, {"command", "skipgram"}, {"mode", "pairs"}, {"input", {{"text", "a b"}, {"window", 1}}},
                       {"vary", {{"/input/window", {{"choices", json::array()}}}}}}}}},
       "/problems/0/vary/~1input~1window/choices"},
      {"vary", "", "OutsideTheInput",
       {{"problems", {{{"id", "1"}, {"command", "skipgram"}, {"mode", "pairs"}, {"input", {{"text", "a b"}, {"window", 1}}},
                       {"vary", {{"/id", {{"choices", {1, 2}}}}}}}}}},
       "/problems/0/vary/~1id"},
      {"vary", "", "AstronomicalRange",
       {{"problems", {{{"id", "1"}, {"command", "skipgram"}, {"mode", "pairs"}, {"input", {{"text", "a b"}, {"window", 1}}},
                       {"vary", {{"/input/window", {{"range", {1, 1e300}}}}}}}}}},
       "/problems/0/vary/~1input~1window/range/1"},
      {"solve", "", "SolveInSolve",
       {{"problems", {{{"id", "1"}, {"command", "solve"}, {"input", {{"problems", json::array()}}}}}}}, "/problems/0/command"},
  };
  std::vector<Case> out;
  for (const auto& [command, mode, name, doc, pointer] : table) out.push_back({command, mode, {name, doc.dump()}, pointer});
  return out;
}

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const auto& command : cli::commands()) {
    for (const auto& mode : command.modes) {
      for (const auto& h : hostile_inputs()) out.push_back({command.name, mode.name, h, ""});
    }
  }
  for (Case& c : semantic_cases()) out.push_back(std::move(c));
  return out;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.command << " " << c.mode << " " << c.input.name; }

class HostileInput : public ::testing::TestWithParam<Case> {};

TEST_P(HostileInput, IsExit2WithOneClearLine) {
  const Case& c = GetParam();
  std::vector<std::string> args = {c.command};
  if (!c.mode.empty()) args.push_back(c.mode);
  args.push_back("-");
  const MeasuredRun run = run_cli_measured(args, c.input.text);
  const CliResult& r = run.result;
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("hw4: error: <stdin>" + (c.pointer.empty() ? "" : ":" + c.pointer), 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_LT(run.seconds, 1.0);
  EXPECT_LT(run.added_kb, kMaxAddedKb);
}

INSTANTIATE_TEST_SUITE_P(EveryMode, HostileInput, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           std::string name = param_info.param.command + "_" + param_info.param.mode + "_" +
                                              param_info.param.input.name;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace hw4::testing
