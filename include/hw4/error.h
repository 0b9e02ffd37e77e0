// The one exception hierarchy of hw4; cli::run maps each kind to an exit code.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace hw4 {

// What went wrong, which decides the exit code: kUsage and kInvalidInput and kMath -> 2,
// kOutput -> 74, kInternal -> 70.
enum class ErrorKind { kUsage, kInvalidInput, kMath, kOutput, kInternal };

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

// A position in the input text, 1-based, for JSON syntax errors.
struct TextPosition {
  std::size_t line = 0;
  std::size_t column = 0;
  std::string line_text;  // the offending line (or a window of a long one), shown under the message
  std::size_t caret = 0;  // 0-based offset in line_text of the character the caret points at
};

// Bad input at a JSON pointer (RFC 6901; "" is the whole document). The message is a short
// lowercase phrase without the pointer; the CLI prefixes the file name and the pointer.
class InputError : public Error {
 public:
  InputError(std::string pointer, const std::string& message)
      : Error(ErrorKind::kInvalidInput, message), pointer_(std::move(pointer)) {}
  InputError(TextPosition position, const std::string& message)
      : Error(ErrorKind::kInvalidInput, message), position_(std::move(position)) {}

  const std::string& pointer() const { return pointer_; }
  const std::optional<TextPosition>& position() const { return position_; }

 private:
  std::string pointer_;
  std::optional<TextPosition> position_;
};

}  // namespace hw4
