// `hw4 beam-search decode` through the CLI: every input error in full, flags, and the result.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

void expect_input_error(const std::string& input, const std::string& message) {
  const CliResult r = run_cli({"beam-search", "decode", "-"}, input);
  EXPECT_EQ(r.exit_code, 2) << input;
  EXPECT_EQ(r.err, "hw4: error: <stdin>:" + message + "\n") << input;
  EXPECT_EQ(r.out, "");
}

TEST(BeamSearchCli, NegativeProbability) {
  expect_input_error(R"({"transitions": {"<s>": {"a": -0.1, "b": 1.1}}})",
                     "/transitions/<s>/a: expected a probability >= 0, got -0.1");
}

TEST(BeamSearchCli, ProbabilityAboveOne) {
  expect_input_error(R"({"transitions": {"<s>": {"a": 1.5, "b": -0.5}}})",
                     "/transitions/<s>/a: expected a probability <= 1, got 1.5");
}

TEST(BeamSearchCli, RowNotSummingToOne) {
  expect_input_error(
      R"({"transitions": {"<s>": {"a": 0.5, "b": 0.4}, "a": {"</s>": 1}, "b": {"</s>": 1}}})",
      "/transitions/<s>: probabilities sum to 0.9, expected 1 (within 1e-9)");
}

TEST(BeamSearchCli, RowSumWithinTheToleranceIsAccepted) {
  const CliResult r = run_cli({"beam-search", "decode", "-"},
                              R"({"transitions": {"<s>": {"a": 0.5, "b": 0.5000000005},
                                  "a": {"</s>": 1}, "b": {"</s>": 1}}})");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(BeamSearchCli, TokenThatCanFollowButHasNoRow) {
  expect_input_error(R"({"transitions": {"<s>": {"a": 0.5, "b": 0.5}, "a": {"</s>": 1}}})",
                     "/transitions/<s>/b: \"b\" can follow \"<s>\" but has no row in transitions");
}

TEST(BeamSearchCli, ZeroProbabilityTokenNeedsNoRow) {
  const CliResult r = run_cli({"beam-search", "decode", "-"},
                              R"({"transitions": {"<s>": {"a": 1, "b": 0}, "a": {"</s>": 1}}})");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(BeamSearchCli, NoRowForTheStartToken) {
  expect_input_error(R"({"transitions": {"a": {"</s>": 1}}})",
                     "/transitions: no row for the start token \"<s>\"");
}

TEST(BeamSearchCli, WidthBelowOne) {
  expect_input_error(R"({"transitions": {"<s>": {"</s>": 1}}, "width": 0})",
                     "/width: expected an integer from 1 to 10000, got 0");
}

TEST(BeamSearchCli, MaxLengthBelowOne) {
  expect_input_error(R"({"transitions": {"<s>": {"</s>": 1}}, "max_length": 0})",
                     "/max_length: expected an integer from 1 to 1000, got 0");
}

TEST(BeamSearchCli, UnknownFieldSuggests) {
  expect_input_error(R"({"transitions": {"<s>": {"</s>": 1}}, "widht": 2})",
                     "/widht: unknown field (did you mean \"width\"?)");
}

TEST(BeamSearchCli, StartEqualToEnd) {
  expect_input_error(R"({"transitions": {"<s>": {"</s>": 1}}, "start": "</s>"})",
                     "/start: the start and end tokens must differ, both are \"</s>\"");
}

TEST(BeamSearchCli, EndUnreachable) {
  expect_input_error(R"({"transitions": {"<s>": {"a": 1}, "a": {"a": 1}}})",
                     "/transitions: no sequence from \"<s>\" reaches the end token \"</s>\"");
}

TEST(BeamSearchCli, EndBeyondMaxLength) {
  expect_input_error(
      R"({"transitions": {"<s>": {"a": 1}, "a": {"b": 1}, "b": {"</s>": 1}}, "max_length": 1})",
      "/max_length: the shortest sequence that reaches the end token has 2 tokens, more than "
      "max_length = 1");
}

TEST(BeamSearchCli, ProbabilityOfTheWrongType) {
  expect_input_error(R"({"transitions": {"<s>": {"a": "x"}}})",
                     "/transitions/<s>/a: expected a number, got \"x\"");
}

TEST(BeamSearchCli, TransitionsNotAnObject) {
  expect_input_error(R"({"transitions": []})",
                     "/transitions: expected an object {token: {next token: probability}}, got []");
}

TEST(BeamSearchCli, RowNotAnObject) {
  expect_input_error(R"({"transitions": {"<s>": 3}})",
                     "/transitions/<s>: expected an object {next token: probability}, got 3");
}

TEST(BeamSearchCli, DocumentNotAnObject) {
  const CliResult r = run_cli({"beam-search", "decode", "-"}, "[]");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hw4: error: <stdin>: expected an object, got []\n");
}

TEST(BeamSearchCli, StepListingOverTheLimit) {
  expect_input_error(R"({"transitions": {"<s>": {"</s>": 1}}, "width": 10000, "max_length": 1000})",
                     "/width: beam.steps could list width x (max_length + 1) x (max_length + 2) / "
                     "2 = 5015010000 tokens, over the limit of 20000000");
}

// <s> goes to `tokens` tokens t0, t1, ... with equal probability, each of which ends.
nlohmann::json fan_out(int tokens) {
  nlohmann::json transitions;
  for (int i = 0; i < tokens; ++i) {
    transitions["<s>"]["t" + std::to_string(i)] = 1.0 / tokens;
    transitions["t" + std::to_string(i)] = {{"</s>", 1.0}};
  }
  return transitions;
}

TEST(BeamSearchCli, CandidatesOverTheLimit) {
  // One row of 20,000 tokens: (20 + 1) x 200 x 20,001 candidates.
  nlohmann::json in = {{"width", 200}, {"transitions", fan_out(20000)}};
  in["transitions"]["<s>"]["</s>"] = 0.0;
  expect_input_error(in.dump(),
                     "/width: beam search could score (max_length + 1) x width x 20000 = "
                     "84000000 candidates, over the limit of 50000000");
}

TEST(BeamSearchCli, ExactWorkOverTheLimit) {
  // 40,000 transitions over 1,000 lengths.
  nlohmann::json in = {{"max_length", 1000}, {"width", 1}, {"transitions", fan_out(20000)}};
  expect_input_error(in.dump(),
                     "/max_length: exact decoding would visit (max_length + 1) x 40000 = "
                     "40040000 states, over the limit of 20000000");
}

TEST(BeamSearchCli, FlagsOverrideTheInput) {
  const CliResult r = run_cli({"beam-search", "decode", "-", "--json", "--width", "1"},
                              R"({"width": 2, "transitions": {
                                  "<s>": {"the": 0.5, "a": 0.4, "one": 0.1},
                                  "the": {"cat": 0.4, "dog": 0.3, "bird": 0.3},
                                  "a": {"dog": 0.9, "cat": 0.1},
                                  "one": {"cat": 0.5, "bird": 0.5},
                                  "cat": {"</s>": 1}, "dog": {"</s>": 1}, "bird": {"</s>": 1}}})");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json env = nlohmann::json::parse(r.out);
  // Width 1 is greedy: "the cat", not beam 2's "a dog".
  EXPECT_EQ(env.at("result").at("beam").at("width"), 1);
  EXPECT_EQ(env.at("result").at("beam").at("tokens"), nlohmann::json({"the", "cat"}));
  EXPECT_EQ(env.at("result").at("beam_is_optimal"), false);
}

}  // namespace
}  // namespace hw4::testing
