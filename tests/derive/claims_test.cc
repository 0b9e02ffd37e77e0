// Claim checking: numbers at their written precision, polynomials by value, the rest exactly.
#include "hw4/derive/claims.h"

#include <gtest/gtest.h>

namespace hw4::derive {
namespace {

using nlohmann::json;

const json kResult = json::parse(R"({
  "params": {"text": "38*C^2 + 6*C", "terms": {"C^2": "38", "C": "6"}, "value": null},
  "crossings": [{"at": "0", "approx": 0.0, "value": "0"},
                {"at": "1/7", "approx": 0.14285714285714285, "value": "80/49"}],
  "verified": false, "count": 26, "weights": [1.5, -0.25]})");

bool confirmed(const std::string& pointer, const json& claimed) {
  return check_claim(kResult, pointer, claimed).confirmed;
}

TEST(Claims, WrittenTolerance) {
  EXPECT_DOUBLE_EQ(written_tolerance(json(0.143)), 0.0005);
  EXPECT_DOUBLE_EQ(written_tolerance(json(10)), 0.5);
  EXPECT_DOUBLE_EQ(written_tolerance(json(1.5e-3)), 0.00005);
}

TEST(Claims, NumbersAtTheirPrecision) {
  EXPECT_TRUE(confirmed("/crossings/1/approx", 0.143));
  EXPECT_TRUE(confirmed("/crossings/1/approx", 0.14));
  EXPECT_FALSE(confirmed("/crossings/1/approx", 0.15));
  EXPECT_TRUE(confirmed("/crossings/1/value", 1.633));  // against the exact "80/49"
  EXPECT_FALSE(confirmed("/crossings/1/value", 1.64));
  EXPECT_TRUE(confirmed("/count", 26));
  EXPECT_FALSE(confirmed("/count", 27));
}

TEST(Claims, PolynomialsByValue) {
  EXPECT_TRUE(confirmed("/params/text", "38*C^2 + 6*C"));
  EXPECT_TRUE(confirmed("/params/text", "6*C + 38*C^2"));
  EXPECT_TRUE(confirmed("/params", "C*(38*C + 6)"));
  EXPECT_FALSE(confirmed("/params/text", "31*C^2 + 7*C"));
}

TEST(Claims, EverythingElseExactly) {
  EXPECT_TRUE(confirmed("/verified", false));
  EXPECT_FALSE(confirmed("/verified", true));
  EXPECT_TRUE(confirmed("/weights", json::parse("[1.5, -0.25]")));
  EXPECT_FALSE(confirmed("/weights", json::parse("[1.5, -0.4]")));
  const ClaimCheck missing = check_claim(kResult, "/nothing/here", 1);
  EXPECT_FALSE(missing.confirmed);
  EXPECT_EQ(missing.evidence, "the result has no value at this pointer");
}

}  // namespace
}  // namespace hw4::derive
