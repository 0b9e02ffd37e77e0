// Real roots of univariate rational polynomials (rational root theorem + Sturm sequences) and
// the exact sign of a polynomial over an interval.
#include "hw4/core/roots.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <utility>

#include "hw4/error.h"

namespace hw4::core {
namespace {

using Poly = std::vector<Rational>;  // c[i] is the coefficient of x^i

void trim(Poly& p) {
  while (!p.empty() && p.back().is_zero()) p.pop_back();
}

int degree(const Poly& p) { return static_cast<int>(p.size()) - 1; }

Poly derivative(const Poly& p) {
  Poly d;
  for (std::size_t i = 1; i < p.size(); ++i) d.push_back(p[i] * Rational(static_cast<std::int64_t>(i)));
  trim(d);
  return d;
}

// Long division a = q·b + r; b nonzero.
std::pair<Poly, Poly> divide(Poly a, const Poly& b) {
  trim(a);
  Poly q(a.size() >= b.size() ? a.size() - b.size() + 1 : 0);
  const Rational lead = b.back();
  while (!a.empty() && a.size() >= b.size()) {
    std::size_t shift = a.size() - b.size();
    Rational f = a.back() / lead;
    q[shift] = f;
    for (std::size_t i = 0; i < b.size(); ++i) a[shift + i] -= f * b[i];
    a.back() = Rational(0);  // exact by construction
    trim(a);
  }
  trim(q);
  return {q, a};
}

// Scales to leading coefficient ±1 keeping the sign, so Sturm sign variations are unchanged
// and the numbers stay small.
Poly normalized(Poly p) {
  trim(p);
  if (p.empty()) return p;
  Rational lead = p.back();
  Rational scale = lead.sign() < 0 ? -lead : lead;
  for (auto& c : p) c /= scale;
  return p;
}

Poly monic(Poly p) {
  trim(p);
  if (p.empty()) return p;
  Rational lead = p.back();
  for (auto& c : p) c /= lead;
  return p;
}

Poly gcd(Poly a, Poly b) {
  trim(a);
  trim(b);
  while (!b.empty()) {
    Poly r = divide(a, b).second;
    a = std::move(b);
    b = normalized(std::move(r));
  }
  return monic(std::move(a));
}

Rational eval(const Poly& p, const Rational& x) {
  Rational v;
  for (std::size_t i = p.size(); i-- > 0;) v = v * x + p[i];
  return v;
}

long double eval_ld(const Poly& p, long double x) {
  long double v = 0;
  for (std::size_t i = p.size(); i-- > 0;) v = v * x + static_cast<long double>(p[i].to_double());
  return v;
}

// The same polynomial scaled to integer coefficients with gcd 1 and a positive leading one.
std::vector<std::int64_t> primitive_integer(const Poly& p) {
  Int128 lcm = 1;
  for (const auto& c : p) {
    lcm = lcm / std::gcd(static_cast<std::int64_t>(lcm), c.den()) * c.den();
    if (lcm > std::numeric_limits<std::int64_t>::max()) {
      throw Error(ErrorKind::kMath, "coefficients too large for exact root finding");
    }
  }
  std::vector<std::int64_t> out;
  std::int64_t g = 0;
  for (const auto& c : p) {
    Rational v = c * Rational(static_cast<std::int64_t>(lcm));
    out.push_back(v.num());
    g = std::gcd(g, v.num());
  }
  if (g == 0) g = 1;
  if (out.back() < 0) g = -g;
  for (auto& v : out) v /= g;
  return out;
}

std::vector<std::int64_t> divisors(std::int64_t n) {
  n = n < 0 ? -n : n;
  // Trial division up to 10^7 keeps this under ~50 ms; counts beyond that are not homework.
  if (n > 100'000'000'000'000LL) {
    throw Error(ErrorKind::kMath, "coefficients too large for exact root finding");
  }
  std::vector<std::int64_t> small, large;
  for (std::int64_t d = 1; d * d <= n; ++d) {
    if (n % d == 0) {
      small.push_back(d);
      if (d != n / d) large.push_back(n / d);
    }
  }
  small.insert(small.end(), large.rbegin(), large.rend());
  return small;
}

// True when x might be a root: a long double Horner evaluation that is far from zero relative to
// its rounding error bound proves it is not, so the exact (overflow-prone) check runs only for
// genuine candidates.
bool maybe_root(const Poly& p, const Rational& x) {
  long double xv = static_cast<long double>(x.num()) / static_cast<long double>(x.den());
  long double v = 0;
  long double magnitude = 0;
  for (std::size_t i = p.size(); i-- > 0;) {
    long double c = static_cast<long double>(p[i].num()) / static_cast<long double>(p[i].den());
    v = v * xv + c;
    magnitude = magnitude * std::fabs(xv) + std::fabs(c);
  }
  return std::fabs(v) <= 1e-9L * magnitude;
}

// Rational roots of p (rational root theorem on its integer form), each once, increasing.
std::vector<Rational> rational_roots(const Poly& p) {
  std::vector<Rational> roots;
  std::vector<std::int64_t> a = primitive_integer(p);
  std::size_t low = 0;
  while (low < a.size() && a[low] == 0) ++low;
  if (low > 0) roots.emplace_back(0);
  if (a.size() - low <= 1) return roots;
  Poly reduced(p.begin() + static_cast<std::ptrdiff_t>(low), p.end());
  std::vector<std::int64_t> ps = divisors(a[low]);
  std::vector<std::int64_t> qs = divisors(a.back());
  for (std::int64_t q : qs) {
    for (std::int64_t n : ps) {
      if (std::gcd(n, q) != 1) continue;
      for (std::int64_t s : {-1, 1}) {
        Rational x(s * n, q);
        if (maybe_root(reduced, x) && eval(reduced, x).is_zero()) roots.push_back(x);
      }
    }
  }
  std::sort(roots.begin(), roots.end());
  return roots;
}

struct Sturm {
  std::vector<Poly> chain;

  explicit Sturm(const Poly& p) {
    chain.push_back(normalized(p));
    chain.push_back(normalized(derivative(p)));
    while (!chain.back().empty() && degree(chain.back()) > 0) {
      Poly r = divide(chain[chain.size() - 2], chain.back()).second;
      for (auto& c : r) c = -c;
      r = normalized(std::move(r));
      if (r.empty()) break;
      chain.push_back(std::move(r));
    }
  }

  int variations(const Rational& x) const {
    int count = 0;
    int last = 0;
    for (const auto& s : chain) {
      int sg = eval(s, x).sign();
      if (sg == 0) continue;
      if (last != 0 && sg != last) ++count;
      last = sg;
    }
    return count;
  }

  // Distinct roots in (a, b].
  int count(const Rational& a, const Rational& b) const { return variations(a) - variations(b); }
};

Rational midpoint(const Rational& a, const Rational& b) { return (a + b) / Rational(2); }

// Shrinks the isolating interval (lo, hi) of a simple root of h until `point` is not inside.
void exclude(const Poly& h, Rational& lo, Rational& hi, const Rational& point) {
  if (!(lo < point && point < hi)) return;
  int s_point = eval(h, point).sign();
  int s_lo = eval(h, lo).sign();
  if (s_point == s_lo) {
    lo = point;
  } else {
    hi = point;
  }
}

double refine_to_double(const Poly& h, const Rational& lo_r, const Rational& hi_r) {
  long double lo = static_cast<long double>(lo_r.to_double());
  long double hi = static_cast<long double>(hi_r.to_double());
  int s_lo = eval(h, lo_r).sign();
  for (int i = 0; i < 200; ++i) {
    long double mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    long double v = eval_ld(h, mid);
    if (v == 0) return static_cast<double>(mid);
    if ((v > 0) == (s_lo > 0)) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return static_cast<double>((lo + hi) / 2);
}

}  // namespace

Rational evaluate(const std::vector<Rational>& coefficients, const Rational& x) {
  return eval(coefficients, x);
}

std::vector<RealRoot> real_roots(const std::vector<Rational>& coefficients,
                                 const std::vector<Rational>& avoid) {
  Poly p = coefficients;
  trim(p);
  if (p.empty()) throw Error(ErrorKind::kMath, "the zero polynomial has every number as a root");
  if (degree(p) == 0) return {};
  std::vector<RealRoot> roots;
  // Divide out every rational root with its multiplicity; what is left (w) has only irrational
  // roots, usually of low degree, which keeps the exact Sturm sequence small.
  Poly w = p;
  for (const Rational& r : rational_roots(p)) {
    RealRoot root;
    root.exact = r;
    root.approx = r.to_double();
    root.lo = root.hi = r;
    root.multiplicity = 0;
    while (degree(w) >= 1 && eval(w, r).is_zero()) {
      w = divide(w, Poly{-r, Rational(1)}).first;
      ++root.multiplicity;
    }
    roots.push_back(root);
  }
  // Square-free part of the rest: every irrational root once.
  Poly h = degree(w) >= 1 ? monic(divide(w, gcd(w, derivative(w))).first) : Poly{};
  if (degree(h) >= 1) {
    Sturm sturm(h);
    // Cauchy's bound: every root has |x| < 1 + max |c_i / c_n|.
    Rational bound(0);
    for (std::size_t i = 0; i + 1 < h.size(); ++i) {
      Rational a = h[i] / h.back();
      if (a.sign() < 0) a = -a;
      bound = std::max(bound, a);
    }
    bound = Rational(bound.floor() + 2);
    std::vector<std::pair<Rational, Rational>> stack{{-bound, bound}};
    std::vector<std::pair<Rational, Rational>> isolated;
    while (!stack.empty()) {
      auto [a, b] = stack.back();
      stack.pop_back();
      int n = sturm.count(a, b);
      if (n == 0) continue;
      if (n == 1) {
        isolated.emplace_back(a, b);
        continue;
      }
      Rational m = midpoint(a, b);
      stack.emplace_back(a, m);
      stack.emplace_back(m, b);
    }
    // h has no rational root, so no bisection point is a root and each interval (a, b] holds
    // its root strictly inside.
    for (auto [lo, hi] : isolated) {
      for (const auto& r : roots) exclude(h, lo, hi, *r.exact);
      for (const auto& x : avoid) exclude(h, lo, hi, x);
      RealRoot root;
      root.lo = lo;
      root.hi = hi;
      root.approx = refine_to_double(h, lo, hi);
      // Multiplicity: r is a root of the k-th derivative of w for k < multiplicity.
      Poly d = derivative(w);
      root.multiplicity = 1;
      while (degree(d) >= 1) {
        Poly common = gcd(h, d);
        if (degree(common) < 1 || Sturm(common).count(lo, hi) == 0) break;
        ++root.multiplicity;
        d = derivative(d);
      }
      roots.push_back(root);
    }
  }
  std::sort(roots.begin(), roots.end(), [](const RealRoot& a, const RealRoot& b) {
    // Exact roots lie outside every isolating interval and intervals are disjoint.
    return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
  });
  // Shrink isolating intervals until they touch no neighbour, so that a rational point lies
  // strictly between any two consecutive roots (sign_over tests one in each gap).
  for (std::size_t i = 0; i < roots.size(); ++i) {
    RealRoot& r = roots[i];
    if (r.exact) continue;
    for (int guard = 0; guard < 200; ++guard) {
      bool touches_left = i > 0 && !(roots[i - 1].hi < r.lo);
      bool touches_right = i + 1 < roots.size() && !(r.hi < roots[i + 1].lo);
      if (!touches_left && !touches_right) break;
      exclude(h, r.lo, r.hi, midpoint(r.lo, r.hi));
    }
  }
  return roots;
}

Factorization factor_rational(const std::vector<Rational>& coefficients,
                              const std::vector<RealRoot>& roots) {
  Factorization f;
  Poly w = coefficients;
  trim(w);
  for (const auto& r : roots) {
    if (!r.exact) continue;
    const Poly linear{Rational(-r.exact->num()), Rational(r.exact->den())};
    for (int k = 0; k < r.multiplicity; ++k) w = divide(w, linear).first;
    f.linear.emplace_back(*r.exact, r.multiplicity);
  }
  if (w.empty()) return f;
  std::vector<std::int64_t> a = primitive_integer(w);
  f.constant = w.back() / Rational(a.back());
  for (std::int64_t v : a) f.rest.emplace_back(v);
  return f;
}

std::string_view sign_name(Sign sign) {
  switch (sign) {
    case Sign::kPositive:
      return "positive";
    case Sign::kNegative:
      return "negative";
    case Sign::kZero:
      return "zero";
    case Sign::kNonnegative:
      return "nonnegative";
    case Sign::kNonpositive:
      return "nonpositive";
    case Sign::kMixed:
      return "mixed";
  }
  return "mixed";
}

Sign sign_over(const std::vector<Rational>& coefficients, const std::vector<RealRoot>& roots,
               const Domain& domain) {
  Poly p = coefficients;
  trim(p);
  if (p.empty()) return Sign::kZero;
  bool positive = false;
  bool negative = false;
  bool zero = false;
  auto note = [&](const Rational& x) {
    int s = eval(p, x).sign();
    positive |= s > 0;
    negative |= s < 0;
    zero |= s == 0;
  };
  auto in_domain = [&](const Rational& x) {
    return (!domain.min || *domain.min <= x) && (!domain.max || x <= *domain.max);
  };
  if (domain.min) note(*domain.min);
  if (domain.max) note(*domain.max);
  for (const auto& r : roots) {
    if (r.exact) {
      zero |= in_domain(*r.exact);
    } else {
      // The interval excludes the bounds, so it lies wholly inside or outside the domain.
      zero |= in_domain(r.lo) && in_domain(r.hi);
    }
  }
  // One test point in each root-free segment (a, b) that meets the domain.
  std::optional<Rational> a;  // nullopt: -infinity
  for (std::size_t i = 0; i <= roots.size(); ++i) {
    std::optional<Rational> b;
    if (i < roots.size()) b = roots[i].lo;
    std::optional<Rational> lo = a;
    if (domain.min && (!lo || *lo < *domain.min)) lo = domain.min;
    std::optional<Rational> hi = b;
    if (domain.max && (!hi || *domain.max < *hi)) hi = domain.max;
    std::optional<Rational> t;
    if (lo && hi) {
      if (*lo < *hi) t = midpoint(*lo, *hi);
    } else if (lo) {
      t = *lo + Rational(1);
    } else if (hi) {
      t = *hi - Rational(1);
    } else {
      t = Rational(0);
    }
    if (t) note(*t);
    if (i < roots.size()) a = roots[i].hi;
  }
  if (positive && negative) return Sign::kMixed;
  if (positive) return zero ? Sign::kNonnegative : Sign::kPositive;
  if (negative) return zero ? Sign::kNonpositive : Sign::kNegative;
  return Sign::kZero;
}

}  // namespace hw4::core
