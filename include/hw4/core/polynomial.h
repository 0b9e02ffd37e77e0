// Exact multivariate polynomials with rational coefficients, the size-expression parser, and
// the SPEC's polynomial text format ("38*C^2 + 6*C").
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hw4/core/rational.h"

namespace hw4::core {

// A product of symbols with positive exponents, sorted by symbol name; empty is the constant 1.
using Monomial = std::vector<std::pair<std::string, int>>;

// SPEC's monomial key: symbols in alphabetical order joined by '*', "^e" when e > 1
// ("C^2*H"); the constant monomial's key is "1".
std::string monomial_key(const Monomial& monomial);

struct Term {
  Monomial monomial;
  Rational coefficient;
};

// A polynomial kept canonical: terms sorted by monomial, no zero coefficients, so == is
// structural equality. All arithmetic is exact; overflow throws Error(kMath).
class Polynomial {
 public:
  Polynomial() = default;                    // zero
  Polynomial(Rational constant);             // NOLINT: numbers convert implicitly
  Polynomial(std::int64_t constant) : Polynomial(Rational(constant)) {}  // NOLINT
  Polynomial(int constant) : Polynomial(Rational(constant)) {}           // NOLINT
  static Polynomial symbol(const std::string& name);

  const std::vector<Term>& terms() const { return terms_; }
  bool is_zero() const { return terms_.empty(); }
  bool is_constant() const {
    return terms_.empty() || (terms_.size() == 1 && terms_.front().monomial.empty());
  }
  // The value when constant, else nullopt.
  std::optional<Rational> constant_value() const;
  // The value when constant and whole, else nullopt.
  std::optional<std::int64_t> integer_value() const;
  // The symbols that occur, sorted.
  std::set<std::string> symbols() const;
  // Highest total degree (0 for constants and zero).
  int degree() const;

  Polynomial operator-() const;
  friend Polynomial operator+(const Polynomial& a, const Polynomial& b);
  friend Polynomial operator-(const Polynomial& a, const Polynomial& b);
  friend Polynomial operator*(const Polynomial& a, const Polynomial& b);
  // Division by a nonzero constant (throws Error(kMath) on zero).
  friend Polynomial operator/(const Polynomial& a, const Rational& b);
  Polynomial& operator+=(const Polynomial& b);
  Polynomial& operator*=(const Polynomial& b) { return *this = *this * b; }
  Polynomial pow(int exponent) const;  // exponent >= 0

  friend bool operator==(const Polynomial& a, const Polynomial& b);

  // The quotient a/b when it is a constant (a = q·b), else nullopt; b must be nonzero.
  std::optional<Rational> constant_ratio(const Polynomial& b) const;

  // Replaces `name` by `value` everywhere.
  Polynomial substitute(const std::string& name, const Rational& value) const;
  // The value with every symbol given; throws Error(kInvalidInput) naming a missing symbol.
  Rational evaluate(const std::map<std::string, Rational>& values) const;

  // Coefficients c0, c1, ... of a polynomial in the single symbol `name` (no other symbol may
  // occur; throws Error(kMath) otherwise).
  std::vector<Rational> coefficients_in(const std::string& name) const;
  static Polynomial from_coefficients(const std::string& name, const std::vector<Rational>& c);

  // SPEC's text: terms by descending total degree then by key, coefficient 1 left out,
  // others joined with '*', " + " / " - " between terms, "0" for zero.
  std::string to_text() const;
  // SPEC's `terms` object as (key, exact coefficient string), in byte order of the key.
  std::vector<std::pair<std::string, std::string>> keyed_terms() const;
  // The terms in SPEC's text order (descending total degree, then by key).
  std::vector<Term> display_terms() const;

 private:
  void normalize();
  std::vector<Term> terms_;
};

// The symbol table of an input: a symbol bound to a number is substituted, null keeps it free.
using Symbols = std::map<std::string, std::optional<Rational>>;

// How an expression may be spelled. kStrict is SPEC's size-expression syntax (cnn-params sizes);
// kHandwritten also reads answers as people write them: a product by juxtaposition ("38C",
// "C(38C + 6)", "(C + 1)(C + 2)", "2 C H"), "**" for "^", superscript exponents ("C²"), and the
// signs "·", "×" and "−". Every strict text means the same in both.
enum class Spelling { kStrict, kHandwritten };

// Parses a size expression: integers, symbols, + - * /, parentheses, ^ with a constant integer
// exponent ("2*C", "C/4", "(C+1)*C", "C^2"). Division is by constants only. Throws
// Error(kInvalidInput) with a short message ("unknown symbol 'D'") on bad text.
Polynomial parse_expression(std::string_view text, const Symbols& symbols,
                            Spelling spelling = Spelling::kStrict);

// True when `name` is a valid symbol name: a letter or '_' then letters, digits, '_'.
bool is_symbol_name(std::string_view name);

}  // namespace hw4::core
