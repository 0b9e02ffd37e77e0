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

namespace hw4::derive {
namespace {

bool agrees(const json& given, const json& expected, const Tolerance& tolerance) {
  return judge(given, expected, tolerance).agrees;
}

Tolerance sigfigs(int n) { return {Tolerance::Kind::kSigfigs, n, 0, 0}; }
Tolerance close(double rtol, double atol) { return {Tolerance::Kind::kClose, 0, rtol, atol}; }
const Tolerance kExactly{Tolerance::Kind::kExact, 0, 0, 0};
const Tolerance kWritten{};

// Half a unit in the last digit written: the edge is inside, a hair beyond it is not.
TEST(Tolerance, WrittenDigitsAtTheEdges) {
  EXPECT_TRUE(agrees(0.143, 1.0 / 7, kWritten));
  EXPECT_TRUE(agrees(0.1425, 0.14245, kWritten));   // 4 decimals written: ±0.00005, the edge
  EXPECT_FALSE(agrees(0.1425, 0.14244, kWritten));
  EXPECT_TRUE(agrees(0.15, 0.145, kWritten));      // ±0.005, exactly at the edge
  EXPECT_FALSE(agrees(0.15, 0.1449, kWritten));
  EXPECT_TRUE(agrees("0.140", 0.1404, kWritten));  // a string keeps its trailing zero: ±0.0005
  EXPECT_FALSE(agrees("0.140", 0.1406, kWritten));
  EXPECT_TRUE(agrees(0.14, 0.1449, kWritten));     // the number 0.140 is 0.14: ±0.005
  EXPECT_TRUE(agrees(26, 26, kWritten));           // an integer against a count is exact
  EXPECT_FALSE(agrees(26, 27, kWritten));
  EXPECT_FALSE(agrees(2, "80/49", kWritten));       // an integer against an exact fraction
  EXPECT_TRUE(agrees("80/49", "80/49", kWritten));
  EXPECT_FALSE(agrees("1/7", "2/13", kWritten));
}

// |given − expected| ≤ ½·10^(⌊log10|expected|⌋ − n + 1).
TEST(Tolerance, SignificantFiguresAtTheEdges) {
  EXPECT_TRUE(agrees(0.1433, 1.0 / 7, sigfigs(3)));   // ±0.0005 around 0.142857
  EXPECT_FALSE(agrees(0.1434, 1.0 / 7, sigfigs(3)));
  EXPECT_TRUE(agrees(1234.5, 1234.0, sigfigs(4)));    // ±0.5, the edge itself
  EXPECT_FALSE(agrees(1234.6, 1234.0, sigfigs(4)));
  EXPECT_TRUE(agrees(-0.0505, -0.05, sigfigs(2)));    // ±0.0005 around −0.05
  EXPECT_FALSE(agrees(-0.0506, -0.05, sigfigs(2)));
  EXPECT_TRUE(agrees(0, 0, sigfigs(3)));
  EXPECT_FALSE(agrees(1e-9, 0, sigfigs(3)));          // nothing is close to 0 in relative terms
}

// numpy's isclose: |given − expected| ≤ atol + rtol·|expected|.
TEST(Tolerance, RelativeAndAbsoluteAtTheEdges) {
  EXPECT_TRUE(agrees(101, 100.0, close(0.01, 0)));
  EXPECT_FALSE(agrees(101.01, 100.0, close(0.01, 0)));
  EXPECT_TRUE(agrees(0.001, 0.0, close(0.5, 0.001)));
  EXPECT_FALSE(agrees(0.0011, 0.0, close(0.5, 0.001)));
  EXPECT_TRUE(agrees(1.5, 1.0, close(0.25, 0.25)));
  EXPECT_FALSE(agrees(1.51, 1.0, close(0.25, 0.25)));
}

// Exact: rationals exactly, and 26.0 equals 26.
TEST(Tolerance, ExactComparesValuesExactly) {
  EXPECT_TRUE(agrees(26.0, 26, kExactly));
  EXPECT_TRUE(agrees("1/7", "1/7", kExactly));
  EXPECT_TRUE(agrees("2/14", "1/7", kExactly));
  EXPECT_FALSE(agrees(0.142857142857, "1/7", kExactly));
  EXPECT_FALSE(agrees(0.143, 1.0 / 7, kExactly));
  EXPECT_TRUE(agrees(0.5, "1/2", kExactly));
}

// Lists compare item by item with the same tolerance; polynomials by value in any spelling.
TEST(Tolerance, ListsAndPolynomials) {
  const json expected = json::parse("[0.229, -0.8666]");
  EXPECT_TRUE(agrees(json::parse("[0.2291, -0.867]"), expected, sigfigs(3)));
  EXPECT_FALSE(agrees(json::parse("[0.2291, -0.869]"), expected, sigfigs(3)));
  EXPECT_FALSE(agrees(json::parse("[0.229]"), expected, sigfigs(3)));
  const json polynomial = json::parse(R"({"text": "38*C^2 + 6*C", "terms": {}, "value": null})");
  for (const char* spelling : {"38C^2 + 6C", "38*C**2+6*C", "C(38C + 6)", "38C²+6C"}) {
    EXPECT_TRUE(agrees(spelling, polynomial, kExactly)) << spelling;
    EXPECT_TRUE(agrees(spelling, "38*C^2 + 6*C", kWritten)) << spelling;
  }
  EXPECT_FALSE(agrees("38C^2 + 7C", polynomial, kWritten));
  EXPECT_EQ(polynomial_text("C(38C + 6)"), "38*C^2 + 6*C");
  EXPECT_EQ(polynomial_text("0.5"), std::nullopt);
}

TEST(Tolerance, AcceptedInWords) {
  EXPECT_EQ(accepted(0.143, 1.0 / 7, kWritten),
            "any number in [0.142357142857, 0.143357142857]: 0.142857142857 ± 0.0005 (to the "
            "digits written, ± half a unit in the last one (an integer exactly))");
  EXPECT_EQ(accepted(nullptr, 26, kExactly), "exactly 26");
  EXPECT_EQ(accepted(1, 100.0, close(0.01, 0)),
            "any number in [99.0, 101.0]: 100.0 ± 1.0 (within 0.0 + 0.01·|expected|)");
  EXPECT_EQ(accepted(nullptr, "positive", kWritten), "exactly positive");
}

}  // namespace
}  // namespace hw4::derive
