// Tests of the exact rational type: arithmetic, reduction, parsing, and overflow as an error.
#include "hw4/core/rational.h"

#include <cstdint>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "hw4/error.h"

namespace hw4::core {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

TEST(Rational, ReducesAndKeepsDenominatorPositive) {
  Rational r(6, -4);
  EXPECT_EQ(r.num(), -3);
  EXPECT_EQ(r.den(), 2);
  EXPECT_EQ(r.to_string(), "-3/2");
  EXPECT_EQ(Rational(10, 5).to_string(), "2");
}

TEST(Rational, ArithmeticMatchesHandComputation) {
  EXPECT_EQ(Rational(1, 7) + Rational(1, 3), Rational(10, 21));
  EXPECT_EQ(Rational(1, 7) - Rational(1, 3), Rational(-4, 21));
  EXPECT_EQ(Rational(2, 7) * Rational(7, 4), Rational(1, 2));
  EXPECT_EQ(Rational(2, 7) / Rational(4, 7), Rational(1, 2));
  EXPECT_EQ(Rational(2, 3).pow(-2), Rational(9, 4));
  EXPECT_LT(Rational(1, 3), Rational(1, 2));
  EXPECT_EQ(Rational(-7, 2).floor(), -4);
  EXPECT_EQ(Rational(-7, 2).ceil(), -3);
  EXPECT_EQ(Rational(7, 2).floor(), 3);
  EXPECT_EQ(Rational(7, 2).ceil(), 4);
}

TEST(Rational, OverflowIsAnErrorNotAWrongNumber) {
  const Rational big(kMax);
  EXPECT_THROW(big + Rational(1), Error);
  EXPECT_THROW(big * Rational(2), Error);
  EXPECT_THROW(Rational(1, kMax) + Rational(1, kMax - 1), Error);
  EXPECT_THROW(Rational(2).pow(63), Error);
  EXPECT_EQ(Rational(2).pow(62).num(), std::int64_t{1} << 62);
  try {
    (void)(big + Rational(1));
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kMath);
    EXPECT_STREQ(e.what(), "a count is too large for exact 64-bit arithmetic");
  }
  // Cancellation inside 128 bits still gives the exact answer.
  EXPECT_EQ(Rational(kMax / 7, 3) * Rational(21), big);
}

TEST(Rational, DivisionByZeroIsAnError) {
  EXPECT_THROW(Rational(1) / Rational(0), Error);
  EXPECT_THROW(Rational(1, 0), Error);
}

TEST(Rational, ParsesExactNumbers) {
  EXPECT_EQ(parse_rational("3"), Rational(3));
  EXPECT_EQ(parse_rational("-2/7"), Rational(-2, 7));
  EXPECT_EQ(parse_rational("0.1"), Rational(1, 10));
  EXPECT_EQ(parse_rational("1e-3"), Rational(1, 1000));
  EXPECT_EQ(parse_rational("2.5E2"), Rational(250));
  EXPECT_THROW(parse_rational("x"), Error);
  EXPECT_THROW(parse_rational("1/"), Error);
  EXPECT_THROW(parse_rational("1.5/2"), Error);
}

// Random small fractions: field laws hold exactly.
TEST(Rational, FieldLawsOnRandomFractions) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> n(-1000, 1000);
  std::uniform_int_distribution<std::int64_t> d(1, 1000);
  for (int i = 0; i < 2000; ++i) {
    Rational a(n(rng), d(rng)), b(n(rng), d(rng)), c(n(rng), d(rng));
    EXPECT_EQ((a + b) + c, a + (b + c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ(a - a, Rational(0));
    if (!b.is_zero()) {
      EXPECT_EQ(a / b * b, a);
    }
    EXPECT_EQ(a < b, a.num() * b.den() < b.num() * a.den());
  }
}

}  // namespace
}  // namespace hw4::core
