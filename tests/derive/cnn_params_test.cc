// Tests of the cnn-params answer: irrational crossings (null exact fields, approx the nearest
// double), a mixed verdict, a constant ratio, a multi-symbol difference (null crossings and
// verdict), and the plot with the crossings marked.
#include "hw4/derive/cnn_params.h"

#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

nlohmann::json result_of(const std::string& input) {
  const CliResult r = run_cli({"cnn-params", "count", "-", "--format", "json"}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out)["result"];
}

// A: C -> C 1x1 conv without bias (C^2); B: 1 -> 2 1x1 conv without bias (2): C^2 - 2.
const char* kIrrational = R"({"symbols": {"C": null},
  "models": {"A": [{"type": "conv2d", "in": "C", "out": "C", "kernel": 1, "bias": false}],
             "B": [{"type": "conv2d", "in": 1, "out": 2, "kernel": 1, "bias": false}]},
  "compare": {"models": ["A", "B"]}})";

TEST(CnnParamsAnswer, IrrationalCrossingsAndMixedVerdict) {
  const auto c = result_of(kIrrational)["comparison"];
  EXPECT_EQ(c["difference"]["text"], "C^2 - 2");
  ASSERT_EQ(c["crossings"].size(), 2u);
  EXPECT_TRUE(c["crossings"][0]["at"].is_null());
  EXPECT_TRUE(c["crossings"][1]["value"].is_null());
  EXPECT_EQ(c["crossings"][1]["approx"].get<double>(), std::sqrt(2.0));
  EXPECT_EQ(c["crossings"][0]["approx"].get<double>(), -std::sqrt(2.0));
  EXPECT_EQ(c["verdict"]["sign"], "mixed");  // negative at C = 1, positive from sqrt(2) on
  EXPECT_EQ(c["verdict"]["domain"]["min"], 1);
}

TEST(CnnParamsAnswer, DomainAboveTheRootIsPositive) {
  std::string input = kIrrational;
  const std::string old = R"("compare": {"models": ["A", "B"]})";
  input.replace(input.find(old), old.size(),
                R"("compare": {"models": ["A", "B"], "domain": {"min": "3/2", "max": 10}})");
  const auto c = result_of(input)["comparison"];
  EXPECT_EQ(c["verdict"]["sign"], "positive");
  EXPECT_EQ(c["verdict"]["domain"]["min"], "3/2");
}

TEST(CnnParamsAnswer, TwoFreeSymbolsGiveNullCrossingsAndVerdict) {
  const auto c = result_of(R"({"symbols": {"C": null, "D": null},
    "models": {"A": [{"type": "linear", "in": "C", "out": "D"}], "B": [{"type": "linear", "in": "D", "out": "C"}]},
    "compare": {"models": ["A", "B"]}})")["comparison"];
  EXPECT_EQ(c["difference"]["text"], "-C + D");  // same degree: by key
  EXPECT_TRUE(c["crossings"].is_null());
  EXPECT_TRUE(c["verdict"].is_null());
}

TEST(CnnParamsAnswer, SeedOneFourRatioIsExactlyFour) {
  const CliResult r = run_cli({"cnn-params", "count",
                               source_path("data/examples/cnn-params/count/seed_1_4_pool_before_inception.json"),
                               "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto c = nlohmann::json::parse(r.out)["result"]["comparison"];
  EXPECT_EQ(c["metric"], "macs");
  EXPECT_EQ(c["ratio"], "4");
  EXPECT_EQ(c["difference"]["text"], "22344*C^2");
  EXPECT_EQ(c["verdict"]["sign"], "positive");
}

TEST(CnnParamsAnswer, PlotMarksTheCrossings) {
  core::NetworkSpec spec;
  spec.symbols = {{"C", std::nullopt}};
  core::Layer a = core::make_layer("linear");
  a.in = core::Polynomial::symbol("C");
  a.out = core::Polynomial::symbol("C");
  core::Layer b = a;
  b.out = core::Polynomial(7);
  spec.models = {{"A", "", {a}}, {"B", "", {b}}};
  spec.compare = core::CompareSpec{"A", "B", "params", {core::Rational(1), std::nullopt}, ""};
  const auto answer = derive::cnn_params(spec, core::count_network(spec));
  ASSERT_TRUE(answer.plot.has_value());
  ASSERT_EQ(answer.plot->series.size(), 2u);
  // C^2 + C - (7C + 7) = (C - 7)(C + 1): crossings at -1 and 7.
  ASSERT_EQ(answer.plot->markers.size(), 2u);
  EXPECT_EQ(answer.plot->markers[0].x, -1.0);
  EXPECT_EQ(answer.plot->markers[1].x, 7.0);
  EXPECT_EQ(answer.plot->markers[1].y, 56.0);
  EXPECT_EQ(answer.result["comparison"]["crossings"][1]["value"], "56");
}

}  // namespace
}  // namespace hw4::testing
