// Exact rational numbers over 64-bit integers, for parameter counts and polynomial roots.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace hw4::core {

// 128-bit integers for exact intermediates (a GCC/Clang extension; __extension__ keeps
// -Wpedantic quiet).
__extension__ typedef __int128 Int128;

// A fraction num/den in lowest terms with den > 0. Every operation computes in 128-bit
// integers and reduces; a result whose numerator or denominator does not fit in an int64 (or
// equals INT64_MIN, so negation is always safe) throws Error(ErrorKind::kMath) rather than
// returning a wrong number. Division by zero throws Error(kMath) too.
class Rational {
 public:
  constexpr Rational() = default;
  constexpr Rational(std::int64_t value) : num_(value) {}  // NOLINT: integers convert implicitly
  // Throws Error(kMath) when den == 0 or the reduced fraction does not fit.
  Rational(std::int64_t num, std::int64_t den);

  std::int64_t num() const { return num_; }
  std::int64_t den() const { return den_; }
  bool is_integer() const { return den_ == 1; }
  bool is_zero() const { return num_ == 0; }
  int sign() const { return (num_ > 0) - (num_ < 0); }

  // The nearest double (correctly rounded when num and den are below 2^53).
  double to_double() const;
  // "p" or "p/q" (SPEC's exact string), e.g. "-80/49".
  std::string to_string() const;

  // floor and ceiling as integers.
  std::int64_t floor() const;
  std::int64_t ceil() const;

  // Integer power; a negative exponent inverts (throws on zero).
  Rational pow(std::int64_t exponent) const;

  Rational operator-() const;
  friend Rational operator+(const Rational& a, const Rational& b);
  friend Rational operator-(const Rational& a, const Rational& b);
  friend Rational operator*(const Rational& a, const Rational& b);
  friend Rational operator/(const Rational& a, const Rational& b);
  Rational& operator+=(const Rational& b) { return *this = *this + b; }
  Rational& operator-=(const Rational& b) { return *this = *this - b; }
  Rational& operator*=(const Rational& b) { return *this = *this * b; }
  Rational& operator/=(const Rational& b) { return *this = *this / b; }

  friend bool operator==(const Rational& a, const Rational& b) = default;
  friend std::strong_ordering operator<=>(const Rational& a, const Rational& b);

  // Builds num/den from 128-bit parts, reducing; throws Error(kMath) when it does not fit.
  static Rational from_int128(Int128 num, Int128 den);

 private:
  std::int64_t num_ = 0;
  std::int64_t den_ = 1;
};

// Parses "3", "-2/7", "0.25", "1e-3" (a decimal is read exactly: "0.1" is 1/10). Throws
// Error(kInvalidInput) on anything else and Error(kMath) when it does not fit.
Rational parse_rational(const std::string& text);

}  // namespace hw4::core
