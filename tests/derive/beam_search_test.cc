// Tests of the beam-search answer: the result's layout and its beams against the reference's
// independently computed beams (shared/reference/beam, `_extra.beam_steps`).
#include "hw4/derive/beam_search.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace hw4::derive {
namespace {

constexpr double kTol = 1e-12;

nlohmann::json load(const std::string& name) {
  std::ifstream f(std::string(HW4_SOURCE_DIR) + "/tests/reference/beam/" + name);
  return nlohmann::json::parse(f);
}

core::BigramModel model_from(const nlohmann::json& input) {
  std::vector<core::BigramRow> rows;
  for (const auto& [from, next] : input.at("transitions").items()) {
    core::BigramRow row{from, {}};
    for (const auto& [to, p] : next.items()) row.next.emplace_back(to, p.get<double>());
    rows.push_back(row);
  }
  return core::build_bigram_model(input.at("start"), input.at("end"), rows);
}

class BeamSearchReference : public ::testing::TestWithParam<std::string> {};

TEST_P(BeamSearchReference, StepsMatchTheReferenceBeams) {
  const nlohmann::json input = load(GetParam() + ".json");
  const nlohmann::json expected = load(GetParam() + ".expected.json");
  const core::DecodeLimits limits{input.at("width").get<int>(), input.at("max_length").get<int>()};
  const report::Answer a = beam_search(model_from(input), limits);
  const nlohmann::json& steps = a.result.at("beam").at("steps");
  const nlohmann::json& want = expected.at("_extra").at("beam_steps");
  ASSERT_EQ(steps.size(), want.size());
  for (std::size_t s = 0; s < want.size(); ++s) {
    ASSERT_EQ(steps[s].size(), want[s].size()) << "step " << s;
    for (std::size_t i = 0; i < want[s].size(); ++i) {
      EXPECT_EQ(steps[s][i].at("tokens"), want[s][i].at("tokens"));
      EXPECT_EQ(steps[s][i].at("ended"), want[s][i].at("ended"));
      EXPECT_NEAR(steps[s][i].at("log_prob").get<double>(), want[s][i].at("log_prob").get<double>(),
                  kTol);
    }
  }
  for (const char* method : {"greedy", "beam", "exact"}) {
    EXPECT_EQ(a.result.at(method).at("tokens"), expected.at(method).at("tokens")) << method;
    EXPECT_NEAR(a.result.at(method).at("log_prob").get<double>(),
                expected.at(method).at("log_prob").get<double>(), kTol);
    EXPECT_NEAR(a.result.at(method).at("probability").get<double>(),
                expected.at("_extra").at("probability").at(method).get<double>(), kTol);
  }
  EXPECT_EQ(a.result.at("exact").at("complete_paths").get<double>(),
            expected.at("_extra").at("complete_paths_enumerated").get<double>());
  EXPECT_EQ(a.result.at("greedy_is_optimal"), expected.at("_extra").at("greedy_is_optimal"));
  EXPECT_EQ(a.result.at("beam_is_optimal"), expected.at("_extra").at("beam_is_optimal"));
}

INSTANTIATE_TEST_SUITE_P(Cases, BeamSearchReference,
                         ::testing::Values("b01_greedy_misses_beam2_finds",
                                           "b02_three_steps_beam2_finds"));

TEST(BeamSearchAnswer, NotesAnUnfinishedGreedyAndTheIgnoredEndRow) {
  const core::BigramModel m = core::build_bigram_model(
      "<s>", "</s>",
      {{"<s>", {{"la", 0.7}, {"done", 0.3}}},
       {"la", {{"la", 0.8}, {"</s>", 0.2}}},
       {"done", {{"</s>", 1.0}}},
       {"</s>", {{"la", 1.0}}}});
  const report::Answer a = beam_search(m, {2, 5});
  EXPECT_EQ(a.result.at("greedy").at("ended"), false);
  EXPECT_EQ(a.result.at("greedy").at("tokens").size(), 5u);
  EXPECT_EQ(a.result.at("exact").at("tokens"), nlohmann::json({"done"}));
  // After "la la la la la" (0.7 * 0.8^4 = 0.287) nothing unfinished can beat "done" (0.3).
  EXPECT_EQ(a.result.at("beam").at("stopped"), "cannot_beat");
  EXPECT_EQ(a.result.at("beam").at("tokens"), nlohmann::json({"done"}));
  std::vector<std::string> codes;
  for (const report::Note& n : a.notes) codes.push_back(n.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"end_row_ignored", "greedy_unfinished"}));
  EXPECT_NEAR(a.result.at("greedy").at("probability").get<double>(), 0.7 * std::pow(0.8, 4), kTol);
}

}  // namespace
}  // namespace hw4::derive
