// Claim checking for `solve`: numbers at their written precision, polynomials by value.
#include "hw4/derive/claims.h"

#include <cctype>
#include <cmath>
#include <optional>

#include "hw4/core/polynomial.h"

namespace hw4::derive {

namespace {

using nlohmann::json;

// A number, or an exact rational written as a string ("80/49", "-3"), as a double.
std::optional<double> as_number(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.get_ref<const std::string&>();
  const auto slash = s.find('/');
  try {
    std::size_t used = 0;
    const double numerator = std::stod(s.substr(0, slash), &used);
    if (used != (slash == std::string::npos ? s.size() : slash)) return std::nullopt;
    if (slash == std::string::npos) return numerator;
    const double denominator = std::stod(s.substr(slash + 1), &used);
    if (used != s.size() - slash - 1 || denominator == 0) return std::nullopt;
    return numerator / denominator;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Every name in the texts is a free symbol of the polynomials compared.
core::Symbols free_symbols(const std::string& a, const std::string& b) {
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
    return core::parse_expression(a, symbols) == core::parse_expression(b, symbols);
  } catch (const std::exception&) {
    return false;
  }
}

bool matches(const json& claimed, const json& actual, std::string& evidence) {
  if (claimed.is_number() && !claimed.is_boolean()) {
    const auto value = as_number(actual);
    if (!value) {
      evidence = "the result is not a number";
      return false;
    }
    // An integer claimed against an integer or an exact rational is compared exactly.
    if (claimed.is_number_integer() && (actual.is_number_integer() || actual.is_string())) {
      evidence = "exact";
      return *value == claimed.get<double>();
    }
    const double tolerance = written_tolerance(claimed);
    evidence = "compared to ±" + json(tolerance).dump() + ", the precision written";
    return std::abs(*value - claimed.get<double>()) <= tolerance * (1 + 1e-12);
  }
  if (claimed.is_string()) {
    const std::string& text = claimed.get_ref<const std::string&>();
    const json& actual_text = actual.is_object() && actual.contains("text") ? actual["text"] : actual;
    if (actual_text == claimed) {
      evidence = "identical";
      return true;
    }
    if (actual_text.is_string() && same_polynomial(text, actual_text.get<std::string>())) {
      evidence = "the same polynomial";
      return true;
    }
    evidence = "different";
    return false;
  }
  if (claimed.is_array() && actual.is_array()) {
    if (claimed.size() != actual.size()) {
      evidence = "lists of different lengths";
      return false;
    }
    for (std::size_t i = 0; i < claimed.size(); ++i) {
      if (!matches(claimed[i], actual[i], evidence)) {
        evidence = "item " + std::to_string(i) + ": " + evidence;
        return false;
      }
    }
    evidence = "every item agrees";
    return true;
  }
  if (claimed.is_object() && actual.is_object()) {
    for (const auto& [key, value] : claimed.items()) {
      if (!actual.contains(key) || !matches(value, actual[key], evidence)) {
        evidence = "field " + key + ": " + (actual.contains(key) ? evidence : "missing");
        return false;
      }
    }
    evidence = "every field agrees";
    return true;
  }
  evidence = claimed == actual ? "identical" : "different";
  return claimed == actual;
}

}  // namespace

double written_tolerance(const json& number) {
  if (number.is_number_integer()) return 0.5;
  // The shortest round-trip spelling is the one the user wrote, but for trailing zeros.
  const std::string s = number.dump();
  const auto e = s.find_first_of("eE");
  const std::string mantissa = s.substr(0, e);
  const int exponent = e == std::string::npos ? 0 : std::stoi(s.substr(e + 1));
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
  check.confirmed = matches(claimed, check.actual, check.evidence);
  return check;
}

}  // namespace hw4::derive
