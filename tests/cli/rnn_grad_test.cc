// `hw4 rnn-grad flow` through the CLI: against a table of PyTorch float64 autograd results
// (tests/data/rnn_grad/make_torch_table.py) for every cell, loss, direction and clip; finite logs
// at any length; the gradient check on exploding and vanishing runs; every input error at its
// pointer, limits before allocation.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

using nlohmann::json;

constexpr double kRel = 1e-9;  // double BPTT against torch's: both exact to rounding

json run_flow(const json& input, int expected_exit = 0) {
  const CliResult r = run_cli({"rnn-grad", "flow", "--format", "json"}, input.dump());
  EXPECT_EQ(r.exit_code, expected_exit) << r.err;
  return r.out.empty() ? json() : json::parse(r.out)["result"];
}

void expect_close(const json& got, const json& want, const std::string& what) {
  if (want.is_array()) {
    ASSERT_TRUE(got.is_array()) << what;
    ASSERT_EQ(got.size(), want.size()) << what;
    for (std::size_t i = 0; i < want.size(); ++i) {
      expect_close(got[i], want[i], what + "/" + std::to_string(i));
    }
    return;
  }
  ASSERT_TRUE(got.is_number()) << what << ": " << got.dump();
  const double g = got.get<double>(), w = want.get<double>();
  EXPECT_NEAR(g, w, kRel * std::abs(w) + 1e-300) << what;
}

TEST(RnnGradCli, MatchesPyTorchAutogradTable) {
  std::ifstream file(source_path("tests/data/rnn_grad/torch_table.json"));
  const json table = json::parse(file);
  ASSERT_GE(table["cases"].size(), 48u);
  for (const json& c : table["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const json result = run_flow(c["input"]);
    ASSERT_TRUE(result.is_object());
    const json& run = result["runs"][0];
    for (const auto& [key, want] : c["expected"].items()) expect_close(run[key], want, key);
    EXPECT_TRUE(run["gradient_check"]["passed"].get<bool>());
  }
}

// A tanh rnn far into vanishing: n_1 is about 1e-4000, far below the double range, yet its log is
// exact and finite, the norm itself 0 (never NaN or null), and the verdict vanishing.
TEST(RnnGradCli, LogsStayFiniteAtAnyLength) {
  const json input = {{"cell", "rnn"},  {"input_size", 1}, {"hidden", 2}, {"steps", 20000},
                      {"init", {{"seed", 3}, {"recurrent_gain", 0.5}}}, {"inputs", {{"seed", 4}}}};
  const json run = run_flow(input)["runs"][0];
  const json& logs = run["log10_grad_x_norms"];
  ASSERT_EQ(logs.size(), 20000u);
  EXPECT_LT(logs[0].get<double>(), -400.0);
  EXPECT_TRUE(std::isfinite(logs[0].get<double>()));
  EXPECT_EQ(run["grad_x_norms"][0], 0.0);
  EXPECT_EQ(run["verdict"], "vanishing");
  EXPECT_GT(run["decay"].get<double>(), 0.0);
  EXPECT_LT(run["decay"].get<double>(), 1.0);
  // The log falls steadily: an underflowed adjoint would jump to −inf (null) instead.
  for (const json& l : logs) ASSERT_TRUE(l.is_number());
}

TEST(RnnGradCli, CheckPassesOnExplodingRelu) {
  const json input = {{"cell", "rnn"},   {"nonlinearity", "relu"}, {"input_size", 2},
                      {"hidden", 6},     {"steps", 40},           {"bias", false},
                      {"init", {{"seed", 5}, {"scheme", "orthogonal"}, {"recurrent_gain", 2.5}}},
                      {"inputs", {{"seed", 6}}}};
  const json run = run_flow(input)["runs"][0];
  EXPECT_EQ(run["verdict"], "exploding");
  EXPECT_TRUE(run["gradient_check"]["passed"].get<bool>()) << run["gradient_check"].dump();
}

TEST(RnnGradCli, ForwardMapIsLowerTriangularBidirectionalIsDense) {
  json input = {{"cell", "lstm"}, {"input_size", 2}, {"hidden", 3}, {"steps", 6},
                {"dependency", true}, {"init", {{"seed", 1}}}};
  const json forward = run_flow(input)["runs"][0]["dependency"];
  input["bidirectional"] = true;
  const json both = run_flow(input)["runs"][0]["dependency"];
  for (std::size_t t = 0; t < 6; ++t) {
    for (std::size_t s = 0; s < 6; ++s) {
      if (s > t) {
        EXPECT_EQ(forward[t][s], 0.0);
      } else {
        EXPECT_GT(forward[t][s].get<double>(), 0.0);
      }
      EXPECT_GT(both[t][s].get<double>(), 0.0);
    }
  }
}

TEST(RnnGradCli, CellsSideBySide) {
  const json input = {{"cell", {"rnn", "lstm", "gru"}}, {"input_size", 2}, {"hidden", 4},
                      {"steps", 30}, {"init", {{"seed", 2}, {"forget_bias", 1.0}}}};
  const json runs = run_flow(input)["runs"];
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0]["cell"], "rnn");
  EXPECT_EQ(runs[1]["cell"], "lstm");
  EXPECT_EQ(runs[2]["cell"], "gru");
  EXPECT_TRUE(runs[1]["recurrent"]["spectral_radius"].is_null());
  EXPECT_TRUE(runs[0]["recurrent"]["spectral_radius"].is_number());
}

void expect_error(const std::string& input, const std::string& message) {
  const CliResult r = run_cli({"rnn-grad", "flow"}, input);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.err, "hw4: error: <stdin>:" + message + "\n");
  EXPECT_EQ(r.out, "");
}

TEST(RnnGradCli, NamesTheWrongWeightShape) {
  expect_error(
      R"({"cell": "gru", "input_size": 1, "hidden": 1, "steps": 1, "inputs": [[1]],
          "weights": {"weight_ih": [[1], [2], [3]], "weight_hh": [[1], [2]],
                      "bias_ih": [0, 0, 0], "bias_hh": [0, 0, 0]}})",
      "/weights/weight_hh: expected 3 × 1 (3·hidden for gru × hidden), got 2 × 1");
  expect_error(
      R"({"cell": "rnn", "input_size": 1, "hidden": 1, "steps": 1, "bias": false,
          "weights": {"weight_ih": [[1]], "weight_hh": [[1]], "bias_ih": [0]}})",
      "/weights/bias_ih: bias is false, so the layer has no bias tensors");
  expect_error(
      R"({"cell": "rnn", "hidden": 1, "input_size": 1, "bidirectional": true,
          "weights": {"weight_ih": [[1]], "weight_hh": [[1]], "bias_ih": [0], "bias_hh": [0]}})",
      "/weights: missing required field \"weight_ih_reverse\"");
}

TEST(RnnGradCli, RejectsMisplacedFields) {
  expect_error(R"({"cell": "lstm", "nonlinearity": "relu"})",
               "/nonlinearity: nonlinearity is the rnn's; lstm has none");
  expect_error(R"({"cell": ["rnn", "lstm"], "weights": {}})",
               "/cell: a list of cells runs each with the same init; give init, not weights");
  expect_error(R"({"steps": 3, "input_size": 1, "inputs": [[1], [2]]})",
               "/inputs: expected 3 rows (steps) of 1 numbers (input_size), got 2 × 1");
  expect_error(R"({"loss": {"type": "dot_last", "u": [1, 2]}, "hidden": 3})",
               "/loss/u: expected 3 numbers (directions·hidden, the size of y_T), got 2");
  expect_error(R"({"clip": 0})", "/clip: expected a number > 0, got 0");
}

TEST(RnnGradCli, LimitsBeforeAllocation) {
  expect_error(R"({"hidden": 4096, "input_size": 4096, "steps": 100000})",
               "/steps: 1.3425e+08 parameters × 100000 steps is over the limit of 1e+10 (SPEC's "
               "parameters × steps)");
  expect_error(R"({"steps": 300, "dependency": true})",
               "/dependency: the dependency map is for steps ≤ 256, got 300");
  expect_error(R"({"hidden": 4097})", "/hidden: expected an integer from 1 to 4096, got 4097");
}

}  // namespace
}  // namespace hw4::testing
