// Loading JSON documents: files and standard input, size limits, nesting limits, and syntax
// errors turned into line, column and the offending line (never nlohmann's own message text).
#include "hw4/input/load.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include "hw4/error.h"

namespace hw4::input {

namespace {

struct TooDeep {};

TextPosition position_of(const std::string& text, std::size_t byte) {
  // nlohmann's byte is 1-based: the position of the last character read.
  const std::size_t at = std::min(byte == 0 ? 0 : byte - 1, text.size());
  const std::size_t newline = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
  const std::size_t begin = newline == std::string::npos ? 0 : newline + 1;
  std::size_t end = text.find('\n', begin);
  if (end == std::string::npos) end = text.size();
  TextPosition pos;
  pos.line = 1 + static_cast<std::size_t>(
                     std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(begin), '\n'));
  pos.column = at - begin + 1;
  // Minified JSON can be one enormous line: show a window around the column.
  const std::size_t from = at > begin + 60 ? at - 60 : begin;
  const std::size_t to = std::min(end, from + 120);
  pos.line_text = text.substr(from, to - from);
  for (char& c : pos.line_text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  pos.caret = at - from;
  return pos;
}

// nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, column 5:
// syntax error while parsing value - unexpected '}'; ...": keep what follows the location.
std::string syntax_message(const std::string& what) {
  const auto colon = what.find(": ", what.find("column"));
  std::string msg = colon == std::string::npos ? what : what.substr(colon + 2);
  return msg;
}

// Appends the rest of `in` to `text`, refusing more than `max_bytes` in all (a pipe has no size
// to check up front, so the limit is checked as the text grows).
void append_stream(std::istream& in, std::size_t max_bytes, std::string& text) {
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      throw InputError("", fmt::format("input is over the limit of {} bytes", max_bytes));
    }
  }
  if (in.bad()) throw InputError("", "read error");
}

}  // namespace

Document parse_document(const std::string& text, std::string name,
                        std::filesystem::path base_dir) {
  Document doc{std::move(name), std::move(base_dir), nullptr};
  try {
    // The parser itself is iterative; the callback stops absurd nesting before anything walks it.
    doc.json = nlohmann::json::parse(
        text, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
          if (depth > kMaxNestingDepth) throw TooDeep{};
          return true;
        });
  } catch (const TooDeep&) {
    throw InputError("", fmt::format("nesting deeper than {} levels", kMaxNestingDepth));
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(position_of(text, e.byte), syntax_message(e.what()));
  } catch (const nlohmann::json::exception& e) {
    // out_of_range.406 "number overflow parsing '1e400'" carries no position.
    const std::string what = e.what();
    throw InputError("", what.substr(what.find(']') + 2));
  }
  return doc;
}

std::string read_text_file(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) throw InputError("", "no such file");
  if (std::filesystem::is_directory(status)) throw InputError("", "is a directory, not a file");
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError("", fmt::format("cannot read: {}", std::strerror(errno)));
  std::string text;
  if (std::filesystem::is_regular_file(status)) {
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes) {
      throw InputError("", fmt::format("file is {} bytes, over the limit of {}", size, max_bytes));
    }
    if (!ec) text.reserve(size);
  }
  append_stream(file, max_bytes, text);
  return text;
}

Document load_document(const std::string& path, std::istream& stdin_stream) {
  if (path == "-") {
    std::string text;
    append_stream(stdin_stream, kMaxInputBytes, text);
    return parse_document(text, "<stdin>", std::filesystem::current_path());
  }
  std::filesystem::path p(path);
  std::string text = read_text_file(p, kMaxInputBytes);
  return parse_document(text, path, std::filesystem::absolute(p).parent_path());
}

}  // namespace hw4::input
