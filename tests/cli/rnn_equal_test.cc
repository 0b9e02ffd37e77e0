// rnn-equal through the CLI: every input error message in full (exit 2, pointer named), exit
// codes of the answers, and solved weights fed back to verify.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

const std::string kWeights =
    R"("W": [[1, 1], [-1, -1]], "b": [-0.5, 1.1], "v": [1, 1], "c0": 0.1, "r": 3.25, "c": -3)";

void expect_error(const std::string& mode, const std::string& input, const std::string& message) {
  const CliResult r = run_cli({"rnn-equal", mode, "-"}, input);
  EXPECT_EQ(r.exit_code, 2) << input;
  EXPECT_EQ(r.err, "hw4: error: <stdin>:" + message + "\n") << input;
  EXPECT_EQ(r.out, "");
}

std::string with_weights(const std::string& weights, const std::string& rest = "") {
  return "{\"weights\": {" + weights + "}" + (rest.empty() ? "" : ", " + rest) + "}";
}

TEST(RnnEqualErrors, WrongColumnCount) {
  expect_error(
      "verify",
      with_weights(
          R"("W": [[1, 1, 1], [-1, -1, 0]], "b": [0, 0], "v": [1, 1], "c0": 0, "r": 1, "c": 0)"),
      "/weights/W/0: expected 2 columns (the weights of a_t and b_t), got 3");
}

TEST(RnnEqualErrors, BiasPerRow) {
  expect_error(
      "verify",
      with_weights(
          R"("W": [[1, 1], [-1, -1]], "b": [-0.5, 1.1, 3], "v": [1, 1], "c0": 0, "r": 1, "c": 0)"),
      "/weights/b: expected 2 entries (one per row of W), got 3");
}

TEST(RnnEqualErrors, OutputWeightPerRow) {
  expect_error(
      "run",
      with_weights(
          R"("W": [[1, 1], [-1, -1]], "b": [-0.5, 1.1], "v": [1], "c0": 0, "r": 1, "c": 0)",
          R"("a": [1], "b": [1])"),
      "/weights/v: expected 2 entries (one per row of W), got 1");
}

TEST(RnnEqualErrors, HugeWeight) {
  expect_error(
      "verify",
      with_weights(
          R"("W": [[1, 1], [-1, 1e12]], "b": [0, 0], "v": [1, 1], "c0": 0, "r": 1, "c": 0)"),
      "/weights/W/1/1: expected a number with |value| <= 1e9");
}

TEST(RnnEqualErrors, HugeBias) {
  expect_error(
      "verify",
      with_weights(
          R"("W": [[1, 1], [-1, -1]], "b": [0, -2e9], "v": [1, 1], "c0": 0, "r": 1, "c": 0)"),
      "/weights/b/1: expected a number with |value| <= 1e9");
}

TEST(RnnEqualErrors, NonBitInput) {
  expect_error("run", with_weights(kWeights, R"("a": [1, 2], "b": [1, 1])"),
               "/a/1: expected 0 or 1, got 2");
}

TEST(RnnEqualErrors, FractionIsNotABit) {
  expect_error("run", with_weights(kWeights, R"("a": [1, 0], "b": [0.5, 1])"),
               "/b/0: expected 0 or 1, got 0.5");
}

TEST(RnnEqualErrors, UnequalLengths) {
  expect_error("run", with_weights(kWeights, R"("a": [1, 0, 1], "b": [1, 1])"),
               "/b: expected 3 bits, as many as a, got 2");
}

TEST(RnnEqualErrors, MaxLengthOverLimit) {
  expect_error("verify", with_weights(kWeights, R"("activation": "sigmoid", "max_length": 15)"),
               "/max_length: expected an integer from 1 to 14, got 15");
}

TEST(RnnEqualErrors, SolveBoundPositive) {
  expect_error("solve", R"({"bounds": {"W": 0}})", "/bounds/W: expected a bound > 0, got 0");
}

TEST(RnnEqualErrors, SolveBoundShape) {
  expect_error("solve", R"({"bounds": [1, 2]})",
               "/bounds: expected a number or an object {W, b, v, c0, r, c}, got a list");
}

TEST(RnnEqualErrors, SolveStartAtZero) {
  const CliResult r = run_cli({"rnn-equal", "solve", "-"}, R"({"y0": 0})");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "hw4: error: <stdin>: no weights can verify with y0 = 0: an equal pair must give 1 at "
            "t = 1 but 0 after a mismatch, from the same state\n");
}

TEST(RnnEqualErrors, SolveSigmoidNeedsRoom) {
  const CliResult r =
      run_cli({"rnn-equal", "solve", "-"}, R"({"activation": "sigmoid", "bounds": 1})");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "hw4: error: <stdin>: no weights within the bounds verify under sigmoid for every "
            "length: the units do not saturate; raise the bounds (10 is usually enough)\n");
}

TEST(RnnEqualCli, ExitCodesFollowTheAnswer) {
  EXPECT_EQ(run_cli({"rnn-equal", "verify", "-"}, with_weights(kWeights)).exit_code, 1);
  EXPECT_EQ(
      run_cli({"rnn-equal", "run", "-"}, with_weights(kWeights, R"("a": [1], "b": [1])")).exit_code,
      0);
  const std::string textbook =
      R"("W": [[1, 1], [-1, -1]], "b": [-1.5, 0.5], "v": [1, 1], "c0": -0.5, "r": 1, "c": -1.5)";
  EXPECT_EQ(run_cli({"rnn-equal", "verify", "-"}, with_weights(textbook)).exit_code, 0);
}

// Whatever solve prints, verify accepts, for every activation.
TEST(RnnEqualCli, SolvedWeightsVerifyThroughTheCli) {
  for (const std::string g : {"step", "step_ge", "sigmoid"}) {
    const std::string bounds = g == "sigmoid" ? "12" : "2";
    const CliResult solved = run_cli({"rnn-equal", "solve", "-", "--format", "json"},
                                     R"({"activation": ")" + g + R"(", "bounds": )" + bounds + "}");
    ASSERT_EQ(solved.exit_code, 0) << solved.err;
    const auto result = nlohmann::json::parse(solved.out)["result"];
    const nlohmann::json input = {
        {"weights", result["weights"]}, {"activation", g}, {"max_length", 8}};
    const CliResult verified =
        run_cli({"rnn-equal", "verify", "-", "--format", "json"}, input.dump());
    ASSERT_EQ(verified.exit_code, 0) << g << " " << verified.out.substr(0, 400);
    EXPECT_TRUE(nlohmann::json::parse(verified.out)["result"]["verified"].get<bool>());
  }
}

// The repair verify proposes, fed back to verify, is right.
TEST(RnnEqualCli, RepairedWeightsVerify) {
  const CliResult wrong =
      run_cli({"rnn-equal", "verify", "-", "--format", "json"}, with_weights(kWeights));
  ASSERT_EQ(wrong.exit_code, 1);
  const auto repair = nlohmann::json::parse(wrong.out)["result"]["repair"];
  ASSERT_TRUE(repair.is_object());
  const nlohmann::json input = {{"weights", repair["weights"]}};
  const CliResult fixed = run_cli({"rnn-equal", "verify", "-", "--format", "json"}, input.dump());
  EXPECT_EQ(fixed.exit_code, 0) << fixed.out.substr(0, 400);
}

}  // namespace
}  // namespace hw4::testing
