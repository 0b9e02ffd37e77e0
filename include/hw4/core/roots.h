// Real roots of a univariate polynomial with rational coefficients, and the exact sign of a
// polynomial over an interval: the verdict never depends on a floating-point evaluation.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "hw4/core/rational.h"

namespace hw4::core {

// One distinct real root. A rational root is exact (lo == hi == *exact). An irrational root
// lies strictly inside the open interval (lo, hi), whose ends are rationals that are not roots;
// the intervals of distinct roots are disjoint. `approx` is the double nearest the root (for an
// irrational root, to within an ulp or so of long double bisection).
struct RealRoot {
  std::optional<Rational> exact;
  double approx = 0;
  Rational lo;
  Rational hi;
  int multiplicity = 1;
};

// Every distinct real root of c[0] + c[1]·x + ... + c[n]·x^n, in increasing order. Rational
// roots come from the rational root theorem, the others are isolated with a Sturm sequence and
// refined by bisection. `avoid` lists rationals (such as a domain's bounds) that the isolating
// interval of an irrational root must not contain. The polynomial must not be identically
// zero. Throws Error(kMath) when exact arithmetic would overflow 64 bits.
std::vector<RealRoot> real_roots(const std::vector<Rational>& coefficients,
                                 const std::vector<Rational>& avoid = {});

// The value of c[0] + c[1]·x + ... at x, exactly.
Rational evaluate(const std::vector<Rational>& coefficients, const Rational& x);

// c(x) = constant · Π (q·x − p)^m · rest(x) over the rational roots p/q (lowest terms, q > 0)
// with multiplicity m; rest has integer coefficients with gcd 1, a positive leading one, and no
// rational root. For the derivation's factored difference (7C² − C = C·(7C − 1)).
struct Factorization {
  Rational constant;
  std::vector<std::pair<Rational, int>> linear;  // (root p/q, multiplicity)
  std::vector<Rational> rest;                    // coefficients, lowest power first
};
Factorization factor_rational(const std::vector<Rational>& coefficients,
                              const std::vector<RealRoot>& roots);

// A closed interval of the real line; a missing bound is infinite.
struct Domain {
  std::optional<Rational> min;
  std::optional<Rational> max;
};

enum class Sign { kPositive, kNegative, kZero, kNonnegative, kNonpositive, kMixed };

// SPEC's name of a sign: "positive", "negative", "zero", "nonnegative", "nonpositive", "mixed".
std::string_view sign_name(Sign sign);

// The sign of the polynomial over the domain, decided exactly from its roots (which must come
// from real_roots with the domain's bounds in `avoid`): kZero only when it is identically zero
// (or the domain is a single point where it vanishes), kNonnegative when it is >= 0 and vanishes
// somewhere in the domain, kMixed when it takes both signs there.
Sign sign_over(const std::vector<Rational>& coefficients, const std::vector<RealRoot>& roots,
               const Domain& domain);

}  // namespace hw4::core
