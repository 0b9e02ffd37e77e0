// Exact rational arithmetic with overflow detection.
#include "hw4/core/rational.h"

#include <cmath>
#include <limits>

#include "hw4/error.h"

namespace hw4::core {
namespace {

using i128 = Int128;

constexpr i128 kMax = std::numeric_limits<std::int64_t>::max();

[[noreturn]] void overflow() {
  throw Error(ErrorKind::kMath, "a count is too large for exact 64-bit arithmetic");
}

i128 abs128(i128 v) { return v < 0 ? -v : v; }

i128 gcd128(i128 a, i128 b) {
  a = abs128(a);
  b = abs128(b);
  while (b != 0) {
    i128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Checked 128-bit product of two values that each fit in an int64 plus a little: the operands
// of every operation below are int64, so their products never overflow 128 bits, but sums of
// two products can reach 2^127; those are checked with __builtin overflow helpers.
i128 add128(i128 a, i128 b) {
  i128 r;
  if (__builtin_add_overflow(a, b, &r)) overflow();
  return r;
}
i128 mul128(i128 a, i128 b) {
  i128 r;
  if (__builtin_mul_overflow(a, b, &r)) overflow();
  return r;
}

}  // namespace

Rational::Rational(std::int64_t num, std::int64_t den) {
  *this = from_int128(num, den);
}

Rational Rational::from_int128(i128 num, i128 den) {
  if (den == 0) throw Error(ErrorKind::kMath, "division by zero");
  if (den < 0) {
    num = -num;
    den = -den;
  }
  i128 g = gcd128(num, den);
  if (g > 1) {
    num /= g;
    den /= g;
  }
  // INT64_MIN is excluded so that negation and abs never overflow.
  if (num > kMax || num < -kMax || den > kMax) overflow();
  Rational r;
  r.num_ = static_cast<std::int64_t>(num);
  r.den_ = static_cast<std::int64_t>(den);
  return r;
}

double Rational::to_double() const {
  return static_cast<double>(num_) / static_cast<double>(den_);
}

std::string Rational::to_string() const {
  if (den_ == 1) return std::to_string(num_);
  return std::to_string(num_) + "/" + std::to_string(den_);
}

std::int64_t Rational::floor() const {
  std::int64_t q = num_ / den_;
  if (num_ % den_ != 0 && num_ < 0) --q;
  return q;
}

std::int64_t Rational::ceil() const {
  std::int64_t q = num_ / den_;
  if (num_ % den_ != 0 && num_ > 0) ++q;
  return q;
}

Rational Rational::pow(std::int64_t exponent) const {
  Rational base = *this;
  if (exponent < 0) {
    base = Rational(1) / base;
    exponent = -exponent;
  }
  Rational result(1);
  while (exponent > 0) {
    if (exponent & 1) result *= base;
    exponent >>= 1;
    if (exponent > 0) base *= base;
  }
  return result;
}

Rational Rational::operator-() const {
  Rational r = *this;
  r.num_ = -r.num_;
  return r;
}

Rational operator+(const Rational& a, const Rational& b) {
  if (a.den_ == 1 && b.den_ == 1) return Rational::from_int128(i128{a.num_} + b.num_, 1);
  i128 num = add128(mul128(a.num_, b.den_), mul128(b.num_, a.den_));
  return Rational::from_int128(num, mul128(a.den_, b.den_));
}

Rational operator-(const Rational& a, const Rational& b) { return a + (-b); }

Rational operator*(const Rational& a, const Rational& b) {
  if (a.den_ == 1 && b.den_ == 1) return Rational::from_int128(i128{a.num_} * b.num_, 1);
  return Rational::from_int128(i128{a.num_} * b.num_, i128{a.den_} * b.den_);
}

Rational operator/(const Rational& a, const Rational& b) {
  if (b.num_ == 0) throw Error(ErrorKind::kMath, "division by zero");
  return Rational::from_int128(i128{a.num_} * b.den_, i128{a.den_} * b.num_);
}

std::strong_ordering operator<=>(const Rational& a, const Rational& b) {
  return i128{a.num_} * b.den_ <=> i128{b.num_} * a.den_;
}

Rational parse_rational(const std::string& text) {
  auto bad = [&]() -> Error {
    return Error(ErrorKind::kInvalidInput, "expected an exact number such as 1, 1/7 or 0.5, got \"" +
                                               text + "\"");
  };
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  i128 mantissa = 0;
  std::int64_t scale = 0;  // value = mantissa * 10^scale
  bool digits = false;
  bool dot = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      mantissa = add128(mul128(mantissa, 10), c - '0');
      if (mantissa > kMax) overflow();
      if (dot) --scale;
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!digits) throw bad();
  Rational value;
  if (i < text.size() && text[i] == '/') {
    if (dot) throw bad();
    Rational den = parse_rational(text.substr(i + 1));
    if (!den.is_integer() || text.find_first_of("+-.eE", i + 1) != std::string::npos) throw bad();
    value = Rational::from_int128(mantissa, 1) / den;
    return negative ? -value : value;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    bool exp_negative = false;
    if (j < text.size() && (text[j] == '-' || text[j] == '+')) exp_negative = text[j++] == '-';
    if (j == text.size()) throw bad();
    std::int64_t e = 0;
    for (; j < text.size(); ++j) {
      if (text[j] < '0' || text[j] > '9') throw bad();
      e = e * 10 + (text[j] - '0');
      if (e > 40) overflow();
    }
    scale += exp_negative ? -e : e;
    i = text.size();
  }
  if (i != text.size()) throw bad();
  value = Rational::from_int128(mantissa, 1) * Rational(10).pow(scale);
  return negative ? -value : value;
}

}  // namespace hw4::core
