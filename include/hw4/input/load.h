// Reading JSON documents from files and standard input, with syntax errors located by line and
// column and nesting bounded before the parser can recurse.
#pragma once

#include <filesystem>
#include <istream>
#include <string>

#include <nlohmann/json.hpp>

namespace hw4::input {

// Limits that hold for every input (README "Limits").
inline constexpr std::size_t kMaxInputBytes = 256u << 20;  // 256 MiB of JSON text
inline constexpr int kMaxNestingDepth = 256;

struct Document {
  std::string name;                // as shown in error messages: the path, or "<stdin>"
  std::filesystem::path base_dir;  // relative paths inside the document resolve against it
  nlohmann::json json;
};

// Parses text; throws InputError with a TextPosition on a syntax error, and InputError at the
// pointer "" for nesting deeper than kMaxNestingDepth.
Document parse_document(const std::string& text, std::string name,
                        std::filesystem::path base_dir);

// Reads a whole file ("-" reads `stdin_stream`); throws InputError for a missing, unreadable,
// directory or oversized file.
Document load_document(const std::string& path, std::istream& stdin_stream);

// Reads a whole text file (CSV, corpus) with the same checks and a size limit.
std::string read_text_file(const std::filesystem::path& path, std::size_t max_bytes);

}  // namespace hw4::input
