// The pointer-tracking reader every command reads its input through: each type, range, shape
// and unknown-key error names the JSON pointer of the offending value.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

namespace hw4::input {

// Default bound on any list's length when the caller names none.
inline constexpr std::size_t kDefaultMaxItems = 1'000'000;

class JsonReader {
 public:
  // `value` must outlive the reader and every reader derived from it.
  explicit JsonReader(const nlohmann::json& value, std::string pointer = "");

  const std::string& pointer() const { return pointer_; }
  const nlohmann::json& json() const { return *value_; }

  bool is_null() const { return value_->is_null(); }
  bool is_object() const { return value_->is_object(); }
  bool is_array() const { return value_->is_array(); }
  bool is_string() const { return value_->is_string(); }
  bool is_number() const { return value_->is_number(); }

  // Objects. at() requires the key; find() returns nullopt when it is absent (a JSON null counts
  // as given). Both throw when this is not an object.
  bool has(std::string_view key) const;
  JsonReader at(std::string_view key) const;
  std::optional<JsonReader> find(std::string_view key) const;
  std::vector<std::string> keys() const;
  // Throws for the first key not in `allowed`, suggesting the closest allowed one.
  void allow_only(std::initializer_list<std::string_view> allowed) const;
  void allow_only(const std::vector<std::string>& allowed) const;

  // Arrays: size() throws unless this is an array of at most max_items elements.
  std::size_t size(std::size_t max_items = kDefaultMaxItems) const;
  JsonReader operator[](std::size_t index) const;

  // Scalars, each with its range checked.
  std::int64_t as_int(std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                      std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
  double as_double() const;  // any finite number
  double as_double(double min, double max) const;
  bool as_bool() const;
  std::string as_string(std::size_t max_length = 1 << 20) const;
  // One of `choices`; the error lists them.
  std::string as_choice(std::initializer_list<std::string_view> choices) const;

  // Optional fields with defaults (absent -> default; present -> checked as above).
  std::int64_t int_or(std::string_view key, std::int64_t fallback,
                      std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                      std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
  double double_or(std::string_view key, double fallback,
                   double min = -std::numeric_limits<double>::max(),
                   double max = std::numeric_limits<double>::max()) const;
  bool bool_or(std::string_view key, bool fallback) const;
  std::string string_or(std::string_view key, std::string fallback) const;
  std::string choice_or(std::string_view key, std::string fallback,
                        std::initializer_list<std::string_view> choices) const;

  // A list of finite numbers; a matrix as a list of equal-length rows (ragged rows are an error
  // at the row's pointer). Sizes are checked before anything is allocated.
  std::vector<double> as_vector(std::size_t max_items = kDefaultMaxItems) const;
  Eigen::MatrixXd as_matrix(std::size_t max_rows = 100'000, std::size_t max_cols = 100'000) const;

  // Throws InputError(pointer(), message).
  [[noreturn]] void fail(const std::string& message) const;

  // A short JSON rendering of the value for messages: "x", 3, [1, 2], {...}.
  std::string describe() const;

 private:
  const nlohmann::json* value_;
  std::string pointer_;
};

// "did you mean ...": the closest candidate within a small edit distance, or nullopt.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

// Appends an RFC 6901 token to a pointer ("~" -> "~0", "/" -> "~1").
std::string append_pointer(const std::string& pointer, std::string_view token);

}  // namespace hw4::input
