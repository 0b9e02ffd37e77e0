// Tests of exact polynomials: SPEC's text format, ring laws (property tests), the size parser.
#include "hw4/core/polynomial.h"

#include <map>
#include <random>

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "hw4/error.h"

namespace hw4::core {
namespace {

const Symbols kFree{{"C", std::nullopt}, {"H", std::nullopt}, {"W", std::nullopt}};

Polynomial P(const std::string& text) { return parse_expression(text, kFree); }

std::string error_of(const std::string& text, const Symbols& symbols = kFree) {
  try {
    parse_expression(text, symbols);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Polynomial, TextFollowsSpecOrdering) {
  EXPECT_EQ(P("38*C^2 + 6*C").to_text(), "38*C^2 + 6*C");
  EXPECT_EQ(P("6*C + 38*C^2").to_text(), "38*C^2 + 6*C");
  EXPECT_EQ(P("7*C^2 - C").to_text(), "7*C^2 - C");
  EXPECT_EQ(P("-C^2 + 1").to_text(), "-C^2 + 1");
  EXPECT_EQ(P("C/7").to_text(), "1/7*C");
  EXPECT_EQ(P("C - C").to_text(), "0");
  EXPECT_EQ(P("-1/2").to_text(), "-1/2");
  // Same degree: by key in byte order.
  EXPECT_EQ(P("C^2*H + C*H^2").to_text(), "C*H^2 + C^2*H");
  EXPECT_EQ(P("H*C").to_text(), "C*H");
}

TEST(Polynomial, KeyedTermsUseSpecKeys) {
  auto t = P("38*C^2 + 6*C + 1/2 + C^2*H").keyed_terms();
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0], (std::pair<std::string, std::string>{"1", "1/2"}));
  EXPECT_EQ(t[1], (std::pair<std::string, std::string>{"C", "6"}));
  EXPECT_EQ(t[2], (std::pair<std::string, std::string>{"C^2", "38"}));
  EXPECT_EQ(t[3], (std::pair<std::string, std::string>{"C^2*H", "1"}));
}

TEST(Polynomial, ParserHandlesSizes) {
  EXPECT_EQ(P("2*C"), Polynomial(2) * Polynomial::symbol("C"));
  EXPECT_EQ(P("(C+1)*C"), P("C^2 + C"));
  EXPECT_EQ(P("C/4*4"), P("C"));
  EXPECT_EQ(P("2^-2"), Polynomial(Rational(1, 4)));
  EXPECT_EQ(P("-(C - 3)"), P("3 - C"));
  EXPECT_EQ(P("2^3^2"), Polynomial(512));  // right-associative
  Symbols bound{{"C", std::nullopt}, {"H", Rational(28)}};
  EXPECT_EQ(parse_expression("C*H", bound).to_text(), "28*C");
}

TEST(Polynomial, ParserErrorMessages) {
  EXPECT_EQ(error_of("D"), "unknown symbol 'D'");
  EXPECT_EQ(error_of(""), "empty expression");
  EXPECT_EQ(error_of("C/C"), "division by a non-constant expression in \"C/C\"");
  EXPECT_EQ(error_of("C/0"), "division by zero in \"C/0\"");
  EXPECT_EQ(error_of("C^C"), "exponent must be a constant integer in \"C^C\"");
  EXPECT_EQ(error_of("C^65"), "exponent 65 is too large (at most 64)");
  EXPECT_EQ(error_of("C^-1"), "negative exponent of a non-constant expression in \"C^-1\"");
  EXPECT_EQ(error_of("(C+1"), "missing ')' in \"(C+1\"");
  EXPECT_EQ(error_of("2C"), "unexpected 'C' at position 2 of \"2C\"");
  EXPECT_EQ(error_of("C+"), "unexpected end of expression \"C+\"");
  EXPECT_EQ(error_of("C $"), "unexpected '$' at position 3 of \"C $\"");
}

TEST(Polynomial, EvaluatesAndSubstitutes) {
  Polynomial p = P("38*C^2 + 6*C");
  EXPECT_EQ(p.evaluate({{"C", Rational(1, 7)}}), Rational(80, 49) + Rational(0));
  EXPECT_EQ(p.substitute("C", Rational(2)).integer_value(), 164);
  EXPECT_EQ(p.coefficients_in("C"), (std::vector<Rational>{0, 6, 38}));
  EXPECT_THROW(P("C*H").coefficients_in("C"), Error);
  EXPECT_EQ(P("6*C").constant_ratio(P("2*C")), Rational(3));
  EXPECT_FALSE(P("6*C + 1").constant_ratio(P("2*C")).has_value());
}

// Ring laws on random polynomials in C, H with small rational coefficients.
Polynomial random_polynomial(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> coef(-9, 9), den(1, 4), deg(0, 3), count(0, 4);
  Polynomial p;
  int n = count(rng);
  for (int i = 0; i < n; ++i) {
    Polynomial t(Rational(coef(rng), den(rng)));
    t *= Polynomial::symbol("C").pow(deg(rng));
    t *= Polynomial::symbol("H").pow(deg(rng));
    p += t;
  }
  return p;
}

TEST(Polynomial, RingLawsHold) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 500; ++i) {
    Polynomial a = random_polynomial(rng), b = random_polynomial(rng), c = random_polynomial(rng);
    EXPECT_EQ(a + b, b + a);
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a + b) + c, a + (b + c));
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_TRUE((a - a).is_zero());
    // Text round-trips through the parser.
    EXPECT_EQ(P(a.to_text()), a) << a.to_text();
    // Evaluation is a ring homomorphism.
    std::map<std::string, Rational> at{{"C", Rational(3, 2)}, {"H", Rational(-2)}};
    EXPECT_EQ((a * b + c).evaluate(at), a.evaluate(at) * b.evaluate(at) + c.evaluate(at));
  }
}

TEST(Polynomial, RapidcheckIntegerEvaluationAgrees) {
  EXPECT_TRUE(rc::check("evaluation of a parsed integer expression", [](int a, int b, int c) {
    a %= 1000;
    b %= 1000;
    c %= 1000;
    Polynomial p = P(std::to_string(a) + "*C^2 + " + std::to_string(b) + "*C + " + std::to_string(c));
    for (int x = -3; x <= 3; ++x) {
      RC_ASSERT(p.evaluate({{"C", Rational(x)}}) == Rational(std::int64_t{a} * x * x + std::int64_t{b} * x + c));
    }
  }));
}

TEST(Polynomial, TooManyTermsIsAnError) {
  EXPECT_THROW(P("(C + H + W + 1)^60"), Error);
}

}  // namespace
}  // namespace hw4::core

namespace hw4::core {
namespace {

Polynomial handwritten(const std::string& text) {
  return parse_expression(text, kFree, Spelling::kHandwritten);
}

// Every spelling people use for 38·C² + 6·C reads as that polynomial.
TEST(HandwrittenPolynomial, EverySpellingOfOnePolynomial) {
  const Polynomial want = P("38*C^2 + 6*C");
  for (const char* text : {"38C^2 + 6C", "38*C**2+6*C", "C(38C + 6)", "38C²+6C", "38C² + 6C",
                           "(38C + 6)C", "2C(19C + 3)", "38 C^2 + 6 C", "38·C²+6·C", "38×C²+6×C",
                           "6C + 38C²", "38*C^2 + 6*C", "C*(38*C + 6)"}) {
    EXPECT_EQ(handwritten(text), want) << text;
  }
  EXPECT_EQ(handwritten("C¹⁰"), P("C^10"));
  EXPECT_EQ(handwritten("C − 1"), P("C - 1"));
  EXPECT_EQ(handwritten("(C + 1)(C + 2)"), P("C^2 + 3*C + 2"));
  EXPECT_EQ(handwritten("2C H"), P("2*C*H"));
  EXPECT_THROW(handwritten("2CH"), Error);  // a run of letters is one symbol's name: CH
}

// The strict syntax (cnn-params sizes, SPEC) keeps refusing what only people write.
TEST(HandwrittenPolynomial, StrictSpellingIsUnchanged) {
  for (const char* text : {"38C", "C(C + 1)", "C**2", "C²", "2 C"}) {
    EXPECT_THROW(parse_expression(text, kFree), Error) << text;
  }
  EXPECT_EQ(error_of("2C"), "unexpected 'C' at position 2 of \"2C\"");
  EXPECT_THROW(handwritten("C⁹⁹"), Error);  // exponent above 64
  EXPECT_THROW(handwritten("2 3"), Error);  // two numbers side by side are not a product
}

}  // namespace
}  // namespace hw4::core
