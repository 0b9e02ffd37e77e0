// Exact multivariate polynomials and the size-expression parser.
#include "hw4/core/polynomial.h"

#include <algorithm>
#include <cctype>

#include "hw4/error.h"

namespace hw4::core {
namespace {

Monomial multiply(const Monomial& a, const Monomial& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  Monomial out;
  out.reserve(a.size() + b.size());
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].first < a[i].first) {
      out.push_back(b[j++]);
    } else {
      out.emplace_back(a[i].first, a[i].second + b[j].second);
      ++i;
      ++j;
    }
  }
  return out;
}

int total_degree(const Monomial& m) {
  int d = 0;
  for (const auto& [name, e] : m) d += e;
  return d;
}

}  // namespace

std::string monomial_key(const Monomial& monomial) {
  if (monomial.empty()) return "1";
  std::string key;
  for (const auto& [name, e] : monomial) {
    if (!key.empty()) key += '*';
    key += name;
    if (e > 1) {
      key += '^';
      key += std::to_string(e);
    }
  }
  return key;
}

Polynomial::Polynomial(Rational constant) {
  if (!constant.is_zero()) terms_.push_back({{}, constant});
}

Polynomial Polynomial::symbol(const std::string& name) {
  Polynomial p;
  p.terms_.push_back({{{name, 1}}, Rational(1)});
  return p;
}

void Polynomial::normalize() {
  std::sort(terms_.begin(), terms_.end(),
            [](const Term& a, const Term& b) { return a.monomial < b.monomial; });
  std::vector<Term> out;
  out.reserve(terms_.size());
  for (auto& t : terms_) {
    if (!out.empty() && out.back().monomial == t.monomial) {
      out.back().coefficient += t.coefficient;
    } else {
      out.push_back(std::move(t));
    }
  }
  std::erase_if(out, [](const Term& t) { return t.coefficient.is_zero(); });
  terms_ = std::move(out);
}

std::optional<Rational> Polynomial::constant_value() const {
  if (terms_.empty()) return Rational(0);
  if (terms_.size() == 1 && terms_[0].monomial.empty()) return terms_[0].coefficient;
  return std::nullopt;
}

std::optional<std::int64_t> Polynomial::integer_value() const {
  auto c = constant_value();
  if (!c || !c->is_integer()) return std::nullopt;
  return c->num();
}

std::set<std::string> Polynomial::symbols() const {
  std::set<std::string> out;
  for (const auto& t : terms_) {
    for (const auto& [name, e] : t.monomial) out.insert(name);
  }
  return out;
}

int Polynomial::degree() const {
  int d = 0;
  for (const auto& t : terms_) d = std::max(d, total_degree(t.monomial));
  return d;
}

Polynomial Polynomial::operator-() const {
  Polynomial p = *this;
  for (auto& t : p.terms_) t.coefficient = -t.coefficient;
  return p;
}

Polynomial& Polynomial::operator+=(const Polynomial& b) {
  // Fast path for the common all-constant case (concrete networks).
  if (is_constant() && b.is_constant()) {
    return *this = Polynomial(constant_value().value() + b.constant_value().value());
  }
  terms_.insert(terms_.end(), b.terms_.begin(), b.terms_.end());
  normalize();
  return *this;
}

Polynomial operator+(const Polynomial& a, const Polynomial& b) {
  Polynomial p = a;
  p += b;
  return p;
}

Polynomial operator-(const Polynomial& a, const Polynomial& b) { return a + (-b); }

Polynomial operator*(const Polynomial& a, const Polynomial& b) {
  if (a.is_constant() && b.is_constant()) {
    return Polynomial(a.constant_value().value() * b.constant_value().value());
  }
  // Bounds the work of pathological inputs such as (A+B+C+D)^64.
  if (a.terms_.size() * b.terms_.size() > 10'000) {
    throw Error(ErrorKind::kMath, "a polynomial has too many terms (more than 10000)");
  }
  Polynomial p;
  p.terms_.reserve(a.terms_.size() * b.terms_.size());
  for (const auto& x : a.terms_) {
    for (const auto& y : b.terms_) {
      p.terms_.push_back({multiply(x.monomial, y.monomial), x.coefficient * y.coefficient});
    }
  }
  p.normalize();
  return p;
}

Polynomial operator/(const Polynomial& a, const Rational& b) {
  if (b.is_zero()) throw Error(ErrorKind::kMath, "division by zero");
  Polynomial p = a;
  for (auto& t : p.terms_) t.coefficient /= b;
  return p;
}

Polynomial Polynomial::pow(int exponent) const {
  Polynomial result(1);
  for (int i = 0; i < exponent; ++i) result *= *this;
  return result;
}

bool operator==(const Polynomial& a, const Polynomial& b) {
  if (a.terms_.size() != b.terms_.size()) return false;
  for (std::size_t i = 0; i < a.terms_.size(); ++i) {
    if (a.terms_[i].monomial != b.terms_[i].monomial ||
        a.terms_[i].coefficient != b.terms_[i].coefficient) {
      return false;
    }
  }
  return true;
}

std::optional<Rational> Polynomial::constant_ratio(const Polynomial& b) const {
  if (b.is_zero()) return std::nullopt;
  if (is_zero()) return Rational(0);
  if (terms_.size() != b.terms_.size()) return std::nullopt;
  Rational q = terms_[0].coefficient / b.terms_[0].coefficient;
  for (std::size_t i = 0; i < terms_.size(); ++i) {
    if (terms_[i].monomial != b.terms_[i].monomial ||
        terms_[i].coefficient != q * b.terms_[i].coefficient) {
      return std::nullopt;
    }
  }
  return q;
}

Polynomial Polynomial::substitute(const std::string& name, const Rational& value) const {
  Polynomial p;
  for (const auto& t : terms_) {
    Term u{{}, t.coefficient};
    for (const auto& [s, e] : t.monomial) {
      if (s == name) {
        u.coefficient *= value.pow(e);
      } else {
        u.monomial.emplace_back(s, e);
      }
    }
    p.terms_.push_back(std::move(u));
  }
  p.normalize();
  return p;
}

Rational Polynomial::evaluate(const std::map<std::string, Rational>& values) const {
  Rational sum;
  for (const auto& t : terms_) {
    Rational v = t.coefficient;
    for (const auto& [s, e] : t.monomial) {
      auto it = values.find(s);
      if (it == values.end()) {
        throw Error(ErrorKind::kInvalidInput, "no value for symbol '" + s + "'");
      }
      v *= it->second.pow(e);
    }
    sum += v;
  }
  return sum;
}

std::vector<Rational> Polynomial::coefficients_in(const std::string& name) const {
  std::vector<Rational> c(static_cast<std::size_t>(degree()) + 1);
  for (const auto& t : terms_) {
    if (t.monomial.empty()) {
      c[0] += t.coefficient;
    } else if (t.monomial.size() == 1 && t.monomial[0].first == name) {
      c[static_cast<std::size_t>(t.monomial[0].second)] += t.coefficient;
    } else {
      throw Error(ErrorKind::kMath, "polynomial has symbols other than '" + name + "'");
    }
  }
  return c;
}

Polynomial Polynomial::from_coefficients(const std::string& name, const std::vector<Rational>& c) {
  Polynomial p;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c[i].is_zero()) continue;
    Monomial m;
    if (i > 0) m.emplace_back(name, static_cast<int>(i));
    p.terms_.push_back({std::move(m), c[i]});
  }
  p.normalize();
  return p;
}

std::vector<Term> Polynomial::display_terms() const {
  std::vector<std::pair<std::string, Term>> keyed;
  keyed.reserve(terms_.size());
  for (const auto& t : terms_) keyed.emplace_back(monomial_key(t.monomial), t);
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    int da = total_degree(a.second.monomial);
    int db = total_degree(b.second.monomial);
    if (da != db) return da > db;
    return a.first < b.first;
  });
  std::vector<Term> out;
  out.reserve(keyed.size());
  for (auto& [key, t] : keyed) out.push_back(std::move(t));
  return out;
}

std::string Polynomial::to_text() const {
  if (terms_.empty()) return "0";
  std::string out;
  bool first = true;
  for (const auto& t : display_terms()) {
    Rational c = t.coefficient;
    if (first) {
      if (c.sign() < 0) out += "-";
    } else {
      out += c.sign() < 0 ? " - " : " + ";
    }
    first = false;
    Rational magnitude = c.sign() < 0 ? -c : c;
    if (t.monomial.empty()) {
      out += magnitude.to_string();
    } else if (magnitude == Rational(1)) {
      out += monomial_key(t.monomial);
    } else {
      out += magnitude.to_string() + "*" + monomial_key(t.monomial);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> Polynomial::keyed_terms() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(terms_.size());
  for (const auto& t : terms_) out.emplace_back(monomial_key(t.monomial), t.coefficient.to_string());
  std::sort(out.begin(), out.end());
  return out;
}

bool is_symbol_name(std::string_view name) {
  if (name.empty()) return false;
  auto first = static_cast<unsigned char>(name[0]);
  if (!std::isalpha(first) && name[0] != '_') return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return std::isalnum(c) || ch == '_';
  });
}

namespace {

// Recursive-descent parser: expr := term (('+'|'-') term)*; term := unary (('*'|'/') unary)*;
// unary := ('-'|'+') unary | power; power := primary ('^' unary)?; primary := integer | symbol
// | '(' expr ')'. Handwritten spelling adds, in term, a factor that follows another directly (a
// symbol or '(' after it: "38C", "C(38C + 6)"), and in power, "**" and superscript digits.
class Parser {
 public:
  Parser(std::string_view text, const Symbols& symbols, Spelling spelling)
      : text_(text), symbols_(symbols), handwritten_(spelling == Spelling::kHandwritten) {}

  Polynomial parse() {
    skip_space();
    if (pos_ == text_.size()) fail("empty expression");
    Polynomial p = expr();
    skip_space();
    if (pos_ != text_.size()) unexpected();
    return p;
  }

 private:
  static constexpr int kMaxExponent = 64;
  static constexpr int kMaxDepth = 100;

  [[noreturn]] void fail(const std::string& message) const {
    throw Error(ErrorKind::kInvalidInput, message);
  }
  [[noreturn]] void unexpected() const {
    if (pos_ >= text_.size()) fail("unexpected end of expression \"" + std::string(text_) + "\"");
    fail("unexpected '" + std::string(1, text_[pos_]) + "' at position " +
         std::to_string(pos_ + 1) + " of \"" + std::string(text_) + "\"");
  }
  void skip_space() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  bool accept(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  // A multi-byte spelling (UTF-8 signs, "**"), handwritten texts only.
  bool accept_handwritten(std::string_view spelling) {
    skip_space();
    if (!handwritten_ || text_.substr(pos_, spelling.size()) != spelling) return false;
    pos_ += spelling.size();
    return true;
  }
  bool accept_times() { return accept_handwritten("·") || accept_handwritten("×") || accept('*'); }
  bool accept_minus() { return accept('-') || accept_handwritten("−"); }
  // A handwritten product by juxtaposition: a symbol or '(' right after a factor.
  bool implicit_product() {
    skip_space();
    if (!handwritten_ || pos_ >= text_.size()) return false;
    const auto c = static_cast<unsigned char>(text_[pos_]);
    return std::isalpha(c) || c == '_' || c == '(';
  }
  // The value of superscript digits ("²", "¹⁰") at the position, or -1 when there are none.
  std::int64_t superscript() {
    static constexpr std::string_view kDigits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::int64_t value = -1;
    for (bool found = handwritten_; found;) {
      found = false;
      for (std::int64_t d = 0; d < 10; ++d) {
        const std::string_view digit = kDigits[d];
        if (text_.substr(pos_, digit.size()) != digit) continue;
        pos_ += digit.size();
        value = std::min<std::int64_t>((value < 0 ? 0 : value) * 10 + d, kMaxExponent + 1);
        found = true;
        break;
      }
    }
    return value;
  }

  Polynomial expr() {
    if (++depth_ > kMaxDepth) fail("expression nested too deeply");
    Polynomial p = term();
    for (;;) {
      if (accept('+')) {
        p += term();
      } else if (accept_minus()) {
        p += -term();
      } else {
        break;
      }
    }
    --depth_;
    return p;
  }

  Polynomial term() {
    Polynomial p = unary();
    for (;;) {
      if (accept_times() || implicit_product()) {
        p *= unary();
      } else if (accept('/')) {
        Polynomial d = unary();
        auto c = d.constant_value();
        if (!c) fail("division by a non-constant expression in \"" + std::string(text_) + "\"");
        if (c->is_zero()) fail("division by zero in \"" + std::string(text_) + "\"");
        p = p / *c;
      } else {
        break;
      }
    }
    return p;
  }

  Polynomial unary() {
    if (++depth_ > kMaxDepth) fail("expression nested too deeply");
    Polynomial p;
    if (accept_minus()) {
      p = -unary();
    } else if (accept('+')) {
      p = unary();
    } else {
      p = power();
    }
    --depth_;
    return p;
  }

  Polynomial power() {
    Polynomial base = primary();
    std::int64_t n = superscript();
    if (n < 0) {
      if (!accept('^') && !accept_handwritten("**")) return base;
      Polynomial e = unary();
      auto c = e.constant_value();
      if (!c || !c->is_integer()) {
        fail("exponent must be a constant integer in \"" + std::string(text_) + "\"");
      }
      n = c->num();
    }
    if (n > kMaxExponent) fail("exponent " + std::to_string(n) + " is too large (at most 64)");
    if (n < 0) {
      auto b = base.constant_value();
      if (!b) fail("negative exponent of a non-constant expression in \"" + std::string(text_) + "\"");
      if (b->is_zero()) fail("division by zero in \"" + std::string(text_) + "\"");
      return Polynomial(b->pow(n));
    }
    return base.pow(static_cast<int>(n));
  }

  Polynomial primary() {
    skip_space();
    if (pos_ >= text_.size()) unexpected();
    char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      Polynomial p = expr();
      if (!accept(')')) {
        skip_space();
        if (pos_ >= text_.size()) fail("missing ')' in \"" + std::string(text_) + "\"");
        unexpected();
      }
      return p;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t start = pos_;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      if (pos_ < text_.size() &&
          ((!handwritten_ && std::isalpha(static_cast<unsigned char>(text_[pos_]))) ||
           text_[pos_] == '.')) {
        unexpected();
      }
      return Polynomial(parse_rational(std::string(text_.substr(start, pos_ - start))));
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = pos_;
      while (pos_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
        ++pos_;
      }
      std::string name(text_.substr(start, pos_ - start));
      auto it = symbols_.find(name);
      if (it == symbols_.end()) fail("unknown symbol '" + name + "'");
      if (it->second) return Polynomial(*it->second);
      return Polynomial::symbol(name);
    }
    unexpected();
  }

  std::string_view text_;
  const Symbols& symbols_;
  bool handwritten_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

Polynomial parse_expression(std::string_view text, const Symbols& symbols, Spelling spelling) {
  if (text.size() > 10'000) throw Error(ErrorKind::kInvalidInput, "expression is too long");
  return Parser(text, symbols, spelling).parse();
}

}  // namespace hw4::core
