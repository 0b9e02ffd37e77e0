// `hw4 skipgram grad` through the CLI: every input error message in full (exit 2 with its
// pointer), and words given as indices.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

void expect_grad_error(const std::string& input, const std::string& message) {
  const CliResult r = run_cli({"skipgram", "grad"}, input);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hw4: error: " + message + "\n");
  EXPECT_EQ(r.out, "");
}

// V = 3 words, N = 2, with `fields` appended.
std::string input(const std::string& fields) {
  return R"({"vocabulary": ["the", "dog", "ran"], "W": [[0.1, 0.2], [0.3, -0.1], [0, 0.5]],
             "W_out": [[0.2, -0.3, 0.1], [0.4, 0.1, -0.2]], )" +
         fields + "}";
}

TEST(SkipgramGradCli, RejectsAnEmptyVocabulary) {
  expect_grad_error(R"({"vocabulary": [], "W": [[1]], "W_out": [[1]], "center": 0,
                        "context": [0]})",
                    "<stdin>:/vocabulary: expected at least 1 word");
}

TEST(SkipgramGradCli, RejectsAnEmptyWord) {
  expect_grad_error(R"({"vocabulary": ["a", ""], "W": [[1]], "W_out": [[1]], "center": 0,
                        "context": [0]})",
                    "<stdin>:/vocabulary/1: expected a non-empty word");
}

TEST(SkipgramGradCli, RejectsADuplicateWord) {
  expect_grad_error(R"({"vocabulary": ["a", "b", "a"], "W": [[1]], "W_out": [[1]],
                        "center": 0, "context": [0]})",
                    "<stdin>:/vocabulary/2: duplicate word \"a\" (also at index 0)");
}

TEST(SkipgramGradCli, RejectsWWithTheWrongRowCount) {
  expect_grad_error(R"({"vocabulary": ["a", "b"], "W": [[1, 2]], "W_out": [[1, 2]],
                        "center": 0, "context": [1]})",
                    "<stdin>:/W: expected 2 rows (one per vocabulary word), got 1");
}

TEST(SkipgramGradCli, RejectsARaggedW) {
  expect_grad_error(R"({"vocabulary": ["a", "b"], "W": [[1, 2], [3]], "W_out": [[1, 2]],
                        "center": 0, "context": [1]})",
                    "<stdin>:/W/1: row has 1 values, expected 2 like row 0");
}

TEST(SkipgramGradCli, SaysWhenWOutLooksTransposed) {
  expect_grad_error(R"({"vocabulary": ["the", "dog", "ran"], "W": [[1, 2], [3, 4], [5, 6]],
                        "W_out": [[1, 2], [3, 4], [5, 6]], "center": 0, "context": [1]})",
                    "<stdin>:/W_out: expected 2 × 3 (N × V: one column per vocabulary word), got "
                    "3 × 2 (it looks transposed)");
}

TEST(SkipgramGradCli, RejectsWOutOfTheWrongShape) {
  expect_grad_error(R"({"vocabulary": ["the", "dog", "ran"], "W": [[1, 2], [3, 4], [5, 6]],
                        "W_out": [[1, 2, 3]], "center": 0, "context": [1]})",
                    "<stdin>:/W_out: expected 2 × 3 (N × V: one column per vocabulary word), got "
                    "1 × 3");
}

TEST(SkipgramGradCli, RejectsAnUnknownWordWithASuggestion) {
  expect_grad_error(input(R"("center": "dgo", "context": ["the"])"),
                    "<stdin>:/center: unknown word \"dgo\" (did you mean \"dog\"?)");
}

TEST(SkipgramGradCli, RejectsAnUnknownWord) {
  expect_grad_error(input(R"("center": "dog", "context": ["the", "zebra"])"),
                    "<stdin>:/context/1: unknown word \"zebra\"");
}

TEST(SkipgramGradCli, RejectsAnOutOfRangeIndex) {
  expect_grad_error(input(R"("center": 1, "context": [3])"),
                    "<stdin>:/context/0: expected an integer from 0 to 2, got 3");
}

TEST(SkipgramGradCli, RejectsAWordThatIsNeitherStringNorIndex) {
  expect_grad_error(input(R"("center": true, "context": [0])"),
                    "<stdin>:/center: expected a word or its index, got true");
}

TEST(SkipgramGradCli, RejectsAnEmptyContext) {
  expect_grad_error(input(R"("center": "dog", "context": [])"),
                    "<stdin>:/context: expected at least 1 word");
}

TEST(SkipgramGradCli, NegativeSamplingNeedsNegatives) {
  expect_grad_error(input(R"("center": "dog", "context": ["the"], "loss": "negative_sampling")"),
                    "<stdin>: missing required field \"negatives\" (loss \"negative_sampling\" "
                    "needs it)");
}

TEST(SkipgramGradCli, SoftmaxTakesNoNegatives) {
  expect_grad_error(input(R"("center": "dog", "context": ["the"], "negatives": ["ran"])"),
                    "<stdin>:/negatives: only used with loss \"negative_sampling\"");
}

TEST(SkipgramGradCli, WordsMayBeIndices) {
  const auto by_word = run_cli({"skipgram", "grad", "--json"},
                               input(R"("center": "dog", "context": ["the", "ran"])"));
  const auto by_index =
      run_cli({"skipgram", "grad", "--json"}, input(R"("center": 1, "context": [0, 2])"));
  ASSERT_EQ(by_word.exit_code, 0) << by_word.err;
  ASSERT_EQ(by_index.exit_code, 0) << by_index.err;
  const auto a = nlohmann::json::parse(by_word.out)["result"];
  const auto b = nlohmann::json::parse(by_index.out)["result"];
  EXPECT_EQ(a, b);
  EXPECT_EQ(a["grad_W"]["row"], 1);
  EXPECT_EQ(a["grad_W"]["word"], "dog");
  EXPECT_EQ(a["grad_W"]["values"], a["grad_h"]);
}

}  // namespace
}  // namespace hw4::testing
