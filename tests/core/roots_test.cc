// Tests of real root finding and the exact sign verdict against polynomials built from known
// roots (the oracle) and against brute-force sampling.
#include "hw4/core/roots.h"

#include <algorithm>
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "hw4/error.h"

namespace hw4::core {
namespace {

using Poly = std::vector<Rational>;

Poly multiply(const Poly& a, const Poly& b) {
  Poly c(a.size() + b.size() - 1);
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = 0; j < b.size(); ++j) c[i + j] += a[i] * b[j];
  }
  return c;
}

TEST(RealRoots, SeedDifferences) {
  // 7C^2 - C: roots 0 and 1/7.
  auto r = real_roots({0, -1, 7});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].exact, Rational(0));
  EXPECT_EQ(r[1].exact, Rational(1, 7));
  EXPECT_EQ(r[1].approx, 1.0 / 7.0);
  // C^2 - C: 0 and 1; positive on C >= 1 except at 1.
  auto s = real_roots({0, -1, 1}, {Rational(1)});
  EXPECT_EQ(sign_over({0, -1, 1}, s, {Rational(1), std::nullopt}), Sign::kNonnegative);
  EXPECT_EQ(sign_over({0, -1, 7}, r, {Rational(1), std::nullopt}), Sign::kPositive);
}

TEST(RealRoots, IrrationalRootsAreApproximatedAndMarkedInexact) {
  // x^2 - 2.
  auto r = real_roots({-2, 0, 1});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_FALSE(r[0].exact.has_value());
  EXPECT_DOUBLE_EQ(r[0].approx, -std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(r[1].approx, std::sqrt(2.0));
  EXPECT_LT(r[1].lo, r[1].hi);
  // x^3 - 2: one real root, the cube root of 2.
  auto c = real_roots({-2, 0, 0, 1});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_DOUBLE_EQ(c[0].approx, std::cbrt(2.0));
}

TEST(RealRoots, DoubleRootsAppearOnceWithMultiplicity) {
  // (x - 1/2)^2 (x + 3)
  Poly p = multiply(multiply({Rational(-1, 2), 1}, {Rational(-1, 2), 1}), {3, 1});
  auto r = real_roots(p);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].exact, Rational(-3));
  EXPECT_EQ(r[1].exact, Rational(1, 2));
  EXPECT_EQ(r[1].multiplicity, 2);
  EXPECT_EQ(sign_over(p, r, {Rational(0), std::nullopt}), Sign::kNonnegative);
  EXPECT_EQ(sign_over(p, r, {Rational(-4), std::nullopt}), Sign::kMixed);
  // (x^2 - 2)^2: irrational double roots.
  Poly q = multiply({-2, 0, 1}, {-2, 0, 1});
  auto rq = real_roots(q, {Rational(1)});
  ASSERT_EQ(rq.size(), 2u);
  EXPECT_EQ(rq[1].multiplicity, 2);
  EXPECT_EQ(sign_over(q, rq, {Rational(1), std::nullopt}), Sign::kNonnegative);
  EXPECT_EQ(sign_over(q, rq, {Rational(2), std::nullopt}), Sign::kPositive);
}

TEST(RealRoots, ConstantsAndZero) {
  EXPECT_TRUE(real_roots({5}).empty());
  EXPECT_THROW(real_roots({}), Error);
  EXPECT_EQ(sign_over({}, {}, {Rational(1), std::nullopt}), Sign::kZero);
  EXPECT_EQ(sign_over({-3}, {}, {Rational(1), std::nullopt}), Sign::kNegative);
}

TEST(RealRoots, DomainWithUpperBound) {
  // (x - 1)(x - 3) on [2, 4] is mixed, on [1.5, 2.5] negative, on [3, 5] nonnegative.
  Poly p = multiply({-1, 1}, {-3, 1});
  auto r = real_roots(p);
  EXPECT_EQ(sign_over(p, r, {Rational(2), Rational(4)}), Sign::kMixed);
  EXPECT_EQ(sign_over(p, r, {Rational(3, 2), Rational(5, 2)}), Sign::kNegative);
  EXPECT_EQ(sign_over(p, r, {Rational(3), Rational(5)}), Sign::kNonnegative);
  EXPECT_EQ(sign_over(p, r, {std::nullopt, Rational(1)}), Sign::kNonnegative);
}

// Oracle: polynomials built from random rational roots (some doubled) and a quadratic factor
// with known irrational or no real roots; the sign verdict is checked by exact sampling at a
// fine grid plus every exact root.
TEST(RealRoots, MatchesConstructedRootsAndBruteForceSign) {
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<int> num(-12, 12), den(1, 3), count(0, 3), coin(0, 1);
  for (int trial = 0; trial < 300; ++trial) {
    // p = lead · Π (x - r)^m · (x^2 + q0) with the factors kept, so the oracle's sign at any
    // point is a product of factor signs (no overflow-prone expansion).
    Rational lead(num(rng) == 0 ? 1 : num(rng));
    if (lead.is_zero()) lead = Rational(1);
    Poly p{lead};
    std::vector<std::pair<Rational, int>> factors;
    std::vector<Rational> exact;
    int n = count(rng);
    for (int i = 0; i < n; ++i) {
      Rational r(num(rng), den(rng));
      int m = 1 + coin(rng);
      for (int k = 0; k < m; ++k) p = multiply(p, {-r, 1});
      factors.emplace_back(r, m);
      exact.push_back(r);
    }
    std::optional<int> quadratic;  // x^2 + q0
    std::vector<double> irrational;
    if (coin(rng)) {
      // x^2 - k with k not a square: roots ±sqrt(k); or x^2 + k: none.
      int k = std::uniform_int_distribution<int>(2, 30)(rng);
      if (static_cast<int>(std::lround(std::sqrt(k))) * static_cast<int>(std::lround(std::sqrt(k))) == k) ++k;
      quadratic = coin(rng) ? -k : k;
      p = multiply(p, {Rational(*quadratic), 0, 1});
      if (*quadratic < 0) irrational = {-std::sqrt(k), std::sqrt(k)};
    }
    if (p.size() == 1) continue;
    std::sort(exact.begin(), exact.end());
    exact.erase(std::unique(exact.begin(), exact.end()), exact.end());
    Domain domain{Rational(num(rng), den(rng)), std::nullopt};
    std::vector<RealRoot> roots;
    ASSERT_NO_THROW(roots = real_roots(p, {*domain.min})) << "trial " << trial;
    ASSERT_EQ(roots.size(), exact.size() + irrational.size());
    std::vector<Rational> got_exact;
    std::vector<double> got_irrational;
    double last = -1e300;
    for (const auto& r : roots) {
      EXPECT_GE(r.approx, last);
      last = r.approx;
      if (r.exact) {
        got_exact.push_back(*r.exact);
      } else {
        got_irrational.push_back(r.approx);
      }
    }
    EXPECT_EQ(got_exact, exact);
    ASSERT_EQ(got_irrational.size(), irrational.size());
    for (std::size_t i = 0; i < irrational.size(); ++i) {
      EXPECT_NEAR(got_irrational[i], irrational[i], 1e-14 * std::abs(irrational[i]));
    }
    // Brute force: signs on a grid from the bound to bound + 30 step 1/2, at every rational
    // root, and at ±1/1000 around each irrational one.
    auto sign_at = [&](const Rational& x) {
      int s = lead.sign();
      for (const auto& [r, m] : factors) {
        int f = (x - r).sign();
        s *= m == 2 ? f * f : f;
      }
      if (quadratic) s *= (x * x + Rational(*quadratic)).sign();
      return s;
    };
    std::vector<Rational> points;
    for (int i = 0; i <= 60; ++i) points.push_back(*domain.min + Rational(i, 2));
    for (const auto& r : exact) points.push_back(r);
    for (double r : irrational) {
      points.emplace_back(std::lround(r * 1000) - 1, 1000);
      points.emplace_back(std::lround(r * 1000) + 1, 1000);
    }
    std::sort(points.begin(), points.end());
    const std::size_t n_points = points.size();
    for (std::size_t i = 0; i + 1 < n_points; ++i) {
      points.push_back((points[i] + points[i + 1]) / Rational(2));
    }
    bool pos = false, neg = false, zero = false;
    for (const auto& x : points) {
      if (x < *domain.min) continue;
      int s = sign_at(x);
      pos |= s > 0;
      neg |= s < 0;
      zero |= s == 0;
    }
    Sign want = pos && neg ? Sign::kMixed
                : pos      ? (zero ? Sign::kNonnegative : Sign::kPositive)
                : neg      ? (zero ? Sign::kNonpositive : Sign::kNegative)
                           : Sign::kZero;
    EXPECT_EQ(sign_over(p, roots, domain), want) << "trial " << trial << [&] {
      std::string t = " min " + domain.min->to_string() + " lead " + lead.to_string();
      for (auto& [r, m] : factors) t += " (x-" + r.to_string() + ")^" + std::to_string(m);
      if (quadratic) t += " x^2+" + std::to_string(*quadratic);
      for (auto& r : roots) t += " [" + r.lo.to_string() + "," + r.hi.to_string() + "]";
      return t;
    }();
  }
}

TEST(RealRoots, SignNames) {
  EXPECT_EQ(sign_name(Sign::kNonnegative), "nonnegative");
  EXPECT_EQ(sign_name(Sign::kMixed), "mixed");
}

}  // namespace
}  // namespace hw4::core
