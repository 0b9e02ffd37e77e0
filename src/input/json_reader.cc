// JsonReader: typed, range-checked access to a JSON value that knows its own pointer.
#include "hw4/input/json_reader.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "hw4/error.h"

namespace hw4::input {

namespace {

// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
// transpositions ("widht" is one edit from "width") each cost 1.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i ? ", \"" : "\"") + items[i] + "\"";
  }
  return out;
}

}  // namespace

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  // Within two edits (more for long words), and never a replacement of the whole word.
  std::optional<std::string> best;
  if (word.size() <= 1 || word.size() > 200) return best;
  std::size_t best_distance = std::min(std::max<std::size_t>(2, word.size() / 3), word.size() - 1) + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string append_pointer(const std::string& pointer, std::string_view token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

JsonReader::JsonReader(const nlohmann::json& value, std::string pointer)
    : value_(&value), pointer_(std::move(pointer)) {}

void JsonReader::fail(const std::string& message) const { throw InputError(pointer_, message); }

std::string JsonReader::describe() const {
  if (value_->is_number_float() && !std::isfinite(value_->get<double>())) {
    return "a number out of range";
  }
  if (value_->is_object()) return value_->empty() ? "{}" : "an object";
  if (value_->is_array()) return value_->empty() ? "[]" : "a list";
  std::string s = value_->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

bool JsonReader::has(std::string_view key) const {
  if (!value_->is_object()) fail(fmt::format("expected an object, got {}", describe()));
  return value_->contains(key);
}

JsonReader JsonReader::at(std::string_view key) const {
  if (!has(key)) fail(fmt::format("missing required field \"{}\"", key));
  return JsonReader(value_->find(key).value(), append_pointer(pointer_, key));
}

std::optional<JsonReader> JsonReader::find(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return JsonReader(value_->find(key).value(), append_pointer(pointer_, key));
}

std::vector<std::string> JsonReader::keys() const {
  if (!value_->is_object()) fail(fmt::format("expected an object, got {}", describe()));
  std::vector<std::string> out;
  for (const auto& item : value_->items()) out.push_back(item.key());
  return out;
}

void JsonReader::allow_only(std::initializer_list<std::string_view> allowed) const {
  allow_only(std::vector<std::string>(allowed.begin(), allowed.end()));
}

void JsonReader::allow_only(const std::vector<std::string>& allowed) const {
  for (const std::string& key : keys()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    const auto suggestion = closest_match(key, allowed);
    throw InputError(append_pointer(pointer_, key),
                     suggestion ? fmt::format("unknown field (did you mean \"{}\"?)", *suggestion)
                                : fmt::format("unknown field (expected {})", quoted_list(allowed)));
  }
}

std::size_t JsonReader::size(std::size_t max_items) const {
  if (!value_->is_array()) fail(fmt::format("expected a list, got {}", describe()));
  if (value_->size() > max_items) {
    fail(fmt::format("list has {} items, over the limit of {}", value_->size(), max_items));
  }
  return value_->size();
}

JsonReader JsonReader::operator[](std::size_t index) const {
  size();
  return JsonReader((*value_)[index], append_pointer(pointer_, std::to_string(index)));
}

std::int64_t JsonReader::as_int(std::int64_t min, std::int64_t max) const {
  std::int64_t v = 0;
  if (value_->is_number_integer()) {
    if (value_->is_number_unsigned() &&
        value_->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      fail(fmt::format("expected an integer, got {} (too large)", describe()));
    }
    v = value_->get<std::int64_t>();
  } else if (value_->is_number_float() && std::isfinite(value_->get<double>()) &&
             std::floor(value_->get<double>()) == value_->get<double>() &&
             std::abs(value_->get<double>()) < 9.2e18) {
    v = static_cast<std::int64_t>(value_->get<double>());
  } else {
    fail(fmt::format("expected an integer, got {}", describe()));
  }
  if (v < min || v > max) {
    if (max == std::numeric_limits<std::int64_t>::max()) {
      fail(fmt::format("expected an integer >= {}, got {}", min, v));
    }
    if (min == std::numeric_limits<std::int64_t>::min()) {
      fail(fmt::format("expected an integer <= {}, got {}", max, v));
    }
    fail(fmt::format("expected an integer from {} to {}, got {}", min, max, v));
  }
  return v;
}

double JsonReader::as_double() const {
  if (!value_->is_number()) fail(fmt::format("expected a number, got {}", describe()));
  const double v = value_->get<double>();
  if (!std::isfinite(v)) fail("expected a finite number, got a number out of range");
  return v;
}

double JsonReader::as_double(double min, double max) const {
  const double v = as_double();
  if (v < min || v > max) {
    if (max == std::numeric_limits<double>::max()) {
      fail(fmt::format("expected a number >= {}, got {}", min, describe()));
    }
    if (min == -std::numeric_limits<double>::max()) {
      fail(fmt::format("expected a number <= {}, got {}", max, describe()));
    }
    fail(fmt::format("expected a number from {} to {}, got {}", min, max, describe()));
  }
  return v;
}

bool JsonReader::as_bool() const {
  if (!value_->is_boolean()) fail(fmt::format("expected true or false, got {}", describe()));
  return value_->get<bool>();
}

std::string JsonReader::as_string(std::size_t max_length) const {
  if (!value_->is_string()) fail(fmt::format("expected a string, got {}", describe()));
  const auto& s = value_->get_ref<const std::string&>();
  if (s.size() > max_length) {
    fail(fmt::format("string of {} bytes is over the limit of {}", s.size(), max_length));
  }
  return s;
}

std::string JsonReader::as_choice(std::initializer_list<std::string_view> choices) const {
  const std::vector<std::string> options(choices.begin(), choices.end());
  if (!value_->is_string()) {
    fail(fmt::format("expected one of {}, got {}", quoted_list(options), describe()));
  }
  const std::string s = value_->get<std::string>();
  if (std::find(options.begin(), options.end(), s) != options.end()) return s;
  const auto suggestion = closest_match(s, options);
  fail(fmt::format("expected one of {}, got {}{}", quoted_list(options), describe(),
                   suggestion ? fmt::format(" (did you mean \"{}\"?)", *suggestion) : ""));
}

std::int64_t JsonReader::int_or(std::string_view key, std::int64_t fallback, std::int64_t min,
                                std::int64_t max) const {
  const auto field = find(key);
  return field ? field->as_int(min, max) : fallback;
}

double JsonReader::double_or(std::string_view key, double fallback, double min, double max) const {
  const auto field = find(key);
  return field ? field->as_double(min, max) : fallback;
}

bool JsonReader::bool_or(std::string_view key, bool fallback) const {
  const auto field = find(key);
  return field ? field->as_bool() : fallback;
}

std::string JsonReader::string_or(std::string_view key, std::string fallback) const {
  const auto field = find(key);
  return field ? field->as_string() : fallback;
}

std::string JsonReader::choice_or(std::string_view key, std::string fallback,
                                  std::initializer_list<std::string_view> choices) const {
  const auto field = find(key);
  return field ? field->as_choice(choices) : fallback;
}

std::vector<double> JsonReader::as_vector(std::size_t max_items) const {
  const std::size_t n = size(max_items);
  std::vector<double> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back((*this)[i].as_double());
  return out;
}

Eigen::MatrixXd JsonReader::as_matrix(std::size_t max_rows, std::size_t max_cols) const {
  const std::size_t rows = size(max_rows);
  if (rows == 0) fail("expected a non-empty list of rows");
  const std::size_t cols = (*this)[0].size(max_cols);
  if (cols == 0) fail("expected rows with at least one value");
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  for (std::size_t r = 0; r < rows; ++r) {
    const JsonReader row = (*this)[r];
    if (row.size(max_cols) != cols) {
      row.fail(fmt::format("row has {} values, expected {} like row 0", row.size(max_cols), cols));
    }
    for (std::size_t c = 0; c < cols; ++c) {
      m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = row[c].as_double();
    }
  }
  return m;
}

}  // namespace hw4::input
