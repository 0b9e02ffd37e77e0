// Judging answers: numbers within a tolerance, polynomials by value, the rest exactly.
#include "hw4/derive/claims.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "hw4/core/polynomial.h"

namespace hw4::derive {

namespace {

using nlohmann::json;

// A number as written: a JSON number, or a string spelling a decimal ("0.140", "1e-3") or an
// exact rational ("80/49", "-3").
struct Numeric {
  double value = 0;
  std::optional<core::Rational> exact;  // the written value exactly, when it fits
  std::string written;                  // the spelling whose last digit sets the precision
  bool integer = false;                 // no decimal point or exponent: "26", 26, "1/7"
  bool floating = false;                // a JSON floating-point number (a computed value)
};

std::optional<Numeric> as_numeric(const json& v) {
  if (v.is_boolean()) return std::nullopt;
  Numeric n;
  if (v.is_number()) {
    n.value = v.get<double>();
    n.written = v.dump();
    n.integer = v.is_number_integer();
    n.floating = v.is_number_float();
  } else if (v.is_string()) {
    n.written = v.get<std::string>();
    if (n.written.empty() || n.written.size() > 100 ||
        n.written.find_first_not_of("0123456789+-./eE") != std::string::npos) {
      return std::nullopt;
    }
    n.integer = n.written.find_first_of(".eE") == std::string::npos;
  } else {
    return std::nullopt;
  }
  try {
    n.exact = core::parse_rational(n.written);
    if (v.is_string()) n.value = n.exact->to_double();
  } catch (const std::exception&) {
    if (v.is_string()) {  // a decimal too long for a rational, or not a number at all
      try {
        std::size_t used = 0;
        n.value = std::stod(n.written, &used);
        if (used != n.written.size() || n.written.find('/') != std::string::npos) return std::nullopt;
      } catch (const std::exception&) {
        return std::nullopt;
      }
    }
  }
  if (!std::isfinite(n.value)) return std::nullopt;
  return n;
}

bool is_polynomial_object(const json& v) {
  return v.is_object() && v.contains("text") && v.contains("terms");
}

// Every name in the texts is a free symbol of the polynomials compared.
core::Symbols free_symbols(const std::string& a, const std::string& b = "") {
  core::Symbols symbols;
  for (const std::string* text : {&a, &b}) {
    std::string name;
    for (char c : *text + " ") {
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
          (!name.empty() && std::isdigit(static_cast<unsigned char>(c)))) {
        name += c;
      } else if (!name.empty()) {
        symbols[name] = std::nullopt;
        name.clear();
      }
    }
  }
  return symbols;
}

// Two polynomial texts denote the same polynomial.
bool same_polynomial(const std::string& a, const std::string& b) {
  try {
    const core::Symbols symbols = free_symbols(a, b);
    constexpr auto kSpelling = core::Spelling::kHandwritten;
    return core::parse_expression(a, symbols, kSpelling) ==
           core::parse_expression(b, symbols, kSpelling);
  } catch (const std::exception&) {
    return false;
  }
}

// A number shown in words: 12 significant digits, JSON's shortest spelling.
std::string in_words(double x) {
  if (x == 0 || !std::isfinite(x)) return json(x == 0 ? 0.0 : x).dump();
  const double scale = std::pow(10.0, 11 - static_cast<int>(std::floor(std::log10(std::abs(x)))));
  const double rounded = std::round(x * scale) / scale;
  return std::isfinite(rounded) ? json(rounded).dump() : json(x).dump();
}

// A value with every float at 12 significant digits.
json rounded(const json& v) {
  if (v.is_number_float()) return json::parse(in_words(v.get<double>()));
  if (!v.is_structured()) return v;
  json out = v;
  for (json& item : out) item = rounded(item);
  return out;
}

std::string in_words(const json& v) {
  if (v.is_number_float()) return in_words(v.get<double>());
  if (v.is_string()) return v.get<std::string>();
  std::string s = rounded(v).dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 160 ? s.substr(0, 157) + "..." : s;
}

// Some item of a list or object, at any depth, is a number.
bool has_number(const json& v) {
  if (v.is_number()) return true;
  if (!v.is_structured()) return false;
  return std::any_of(v.begin(), v.end(), [](const json& item) { return has_number(item); });
}

// A string that reads as a polynomial with a symbol and some arithmetic ("38*C^2 + 6*C", not
// the word "positive").
bool reads_as_polynomial(const std::string& text) {
  return text.find_first_of("0123456789+-*/^() ") != std::string::npos && polynomial_text(text);
}

// The half-width of the accepted interval for a number given against an expected one, or
// nullopt when the comparison is exact.
std::optional<double> half_width(const Numeric& given, const Numeric& expected,
                                 const Tolerance& tolerance) {
  switch (tolerance.kind) {
    case Tolerance::Kind::kWritten:
      if (!given.integer) return written_tolerance(json(given.written));
      // An integer or a fraction against an exact value (a count, "80/49") is exact.
      if (!expected.floating && given.exact && expected.exact) return std::nullopt;
      return given.written.find('/') == std::string::npos ? 0.5 : 0.0;
    case Tolerance::Kind::kSigfigs:
      if (expected.value == 0) return 0.0;
      return 0.5 * std::pow(10.0, std::floor(std::log10(std::abs(expected.value))) -
                                      tolerance.sigfigs + 1);
    case Tolerance::Kind::kClose:
      return tolerance.atol + tolerance.rtol * std::abs(expected.value);
    case Tolerance::Kind::kExact:
      return std::nullopt;
  }
  return std::nullopt;
}

Judgement compare_numbers(const Numeric& given, const Numeric& expected,
                          const Tolerance& tolerance) {
  const auto width = half_width(given, expected, tolerance);
  if (!width) {
    const bool same = given.exact && expected.exact ? *given.exact == *expected.exact
                                                    : given.value == expected.value;
    return {same, "exact"};
  }
  // The (1 + 1e-12) keeps an edge written in decimal inside despite binary rounding.
  const bool inside = std::abs(given.value - expected.value) <= *width * (1 + 1e-12);
  const char* why = tolerance.kind == Tolerance::Kind::kWritten ? ", the precision written"
                    : tolerance.kind == Tolerance::Kind::kSigfigs ? ", the significant figures asked"
                                                                   : ", atol + rtol·|expected|";
  return {inside, "compared to ±" + in_words(*width) + why};
}

Judgement compare(const json& given, const json& expected_value, const Tolerance& tolerance) {
  const json& expected = is_polynomial_object(expected_value) && !given.is_string()
                             ? expected_value["value"]
                             : expected_value;
  if (given.is_string() && given == expected) return {true, "identical"};
  if (const auto g = as_numeric(given)) {
    if (const auto e = as_numeric(expected)) return compare_numbers(*g, *e, tolerance);
    if (given.is_number()) return {false, "the result is not a number"};
  }
  if (given.is_string()) {
    const json& text = is_polynomial_object(expected) ? expected["text"] : expected;
    if (text == given) return {true, "identical"};
    if (text.is_string() && same_polynomial(given.get<std::string>(), text.get<std::string>())) {
      return {true, "the same polynomial"};
    }
    return {false, "different"};
  }
  if (given.is_array() && expected.is_array()) {
    if (given.size() != expected.size()) return {false, "lists of different lengths"};
    for (std::size_t i = 0; i < given.size(); ++i) {
      Judgement item = compare(given[i], expected[i], tolerance);
      if (!item.agrees) return {false, "item " + std::to_string(i) + ": " + item.evidence};
    }
    return {true, "every item agrees"};
  }
  if (given.is_object() && expected.is_object()) {
    for (const auto& [key, value] : given.items()) {
      if (!expected.contains(key)) return {false, "field " + key + ": missing"};
      Judgement field = compare(value, expected[key], tolerance);
      if (!field.agrees) return {false, "field " + key + ": " + field.evidence};
    }
    return {true, "every field agrees"};
  }
  return {given == expected, given == expected ? "identical" : "different"};
}

// The rule of a tolerance, in words, for lists and for answers not yet given.
std::string rule_words(const Tolerance& tolerance) {
  switch (tolerance.kind) {
    case Tolerance::Kind::kWritten:
      return "to the digits written, ± half a unit in the last one (an integer exactly)";
    case Tolerance::Kind::kSigfigs:
      return "to " + std::to_string(tolerance.sigfigs) + " significant figures";
    case Tolerance::Kind::kClose:
      return "within " + in_words(tolerance.atol) + " + " + in_words(tolerance.rtol) +
             "·|expected|";
    case Tolerance::Kind::kExact:
      return "exactly";
  }
  return "";
}

}  // namespace

Judgement judge(const json& given, const json& expected, const Tolerance& tolerance) {
  return compare(given, expected, tolerance);
}

std::string accepted(const json& given, const json& expected_value, const Tolerance& tolerance) {
  const json& expected = is_polynomial_object(expected_value) && !given.is_string()
                             ? expected_value["value"]
                             : expected_value;
  const json& text = is_polynomial_object(expected_value) ? expected_value["text"] : expected;
  if (text.is_string() && !as_numeric(text) &&
      (is_polynomial_object(expected_value) || reads_as_polynomial(text.get<std::string>()))) {
    return text.get<std::string>() + " in any spelling (as 38*C^2 + 6*C may be written 38C^2 + 6C, "
                                     "38*C**2+6*C, C(38C + 6) or 38C²+6C)";
  }
  if (const auto e = as_numeric(expected)) {
    const std::string value = in_words(expected);
    const auto g = as_numeric(given);
    if (!g && tolerance.kind == Tolerance::Kind::kWritten) return value + " " + rule_words(tolerance);
    const auto width = half_width(g.value_or(Numeric{}), *e, tolerance);
    if (!width || *width == 0) return "exactly " + value;
    return "any number in [" + in_words(e->value - *width) + ", " + in_words(e->value + *width) +
           "]: " + value + " ± " + in_words(*width) + " (" + rule_words(tolerance) + ")";
  }
  if (has_number(expected)) {
    return in_words(expected) + ", item by item, each number " + rule_words(tolerance);
  }
  return "exactly " + in_words(expected);
}

std::optional<std::string> polynomial_text(const std::string& text) {
  const core::Symbols symbols = free_symbols(text);
  if (symbols.empty()) return std::nullopt;
  try {
    return core::parse_expression(text, symbols, core::Spelling::kHandwritten).to_text();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

double written_tolerance(const json& number) {
  if (number.is_number_integer()) return 0.5;
  // The shortest round-trip spelling is the one the user wrote, but for trailing zeros; a
  // string keeps them.
  const std::string s = number.is_string() ? number.get<std::string>() : number.dump();
  const auto e = s.find_first_of("eE");
  const std::string mantissa = s.substr(0, e);
  int exponent = 0;
  if (e != std::string::npos) {
    try {
      exponent = std::stoi(s.substr(e + 1));
    } catch (const std::exception&) {
      exponent = 0;
    }
  }
  const auto dot = mantissa.find('.');
  const int decimals = dot == std::string::npos ? 0 : static_cast<int>(mantissa.size() - dot - 1);
  return 0.5 * std::pow(10.0, -(decimals - exponent));
}

ClaimCheck check_claim(const json& result, const std::string& pointer, const json& claimed) {
  ClaimCheck check{pointer, claimed, nullptr, false, ""};
  const json::json_pointer at(pointer);
  if (!result.contains(at)) {
    check.evidence = "the result has no value at this pointer";
    return check;
  }
  check.actual = result.at(at);
  const Judgement j = judge(claimed, check.actual, Tolerance{});
  check.confirmed = j.agrees;
  check.evidence = j.evidence;
  return check;
}

}  // namespace hw4::derive
