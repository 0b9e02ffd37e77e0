// The command line of one mode as CLI11 parses it: the options every mode has (INPUT, --format,
// -o, ...) and the mode's own field flags. run_mode parses argv with it, and the completion
// scripts and hw4(1) are written from it, so they offer exactly what the parser accepts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/command.h"

namespace hw4::cli {

// The options every mode has.
struct Options {
  std::string input;
  std::vector<std::string> arguments;  // after INPUT, for modes that take arguments
  std::string format;                  // empty: not given
  bool json = false;
  bool compact = false;
  bool standalone = false;
  std::string output;
  std::string plot;
  int precision = 6;
};

// What an option's value is, so a shell can complete it.
enum class ValueKind { kNone, kFile, kFormat, kOther };

// One option as the completion scripts and the man page show it.
struct OptionInfo {
  std::vector<std::string> names;  // "-o", "--output-file"; empty for a positional
  ValueKind value = ValueKind::kNone;
  std::string value_name;  // "FILE", "N", ... ("" for a switch)
  std::string help;
};

class ModeParser {
 public:
  ModeParser(const Command& command, const Mode& mode);
  ModeParser(const ModeParser&) = delete;
  ModeParser& operator=(const ModeParser&) = delete;

  // Parses the arguments after the mode's name. Throws CLI::ParseError (CLI::CallForHelp too).
  void parse(std::vector<std::string> args);
  std::string help() const { return app_.help(); }
  Options& options() { return options_; }

  // The formats --format accepts, the four every mode has first, aliases left out.
  const std::vector<std::string>& formats() const { return formats_; }
  // The named options and field flags, in --help's order.
  std::vector<OptionInfo> describe() const;

  // True when any of the mode's field flags was given.
  bool any_field_flag() const;
  // The given field flags as JSON fields (`--min-count 5`: {"min_count": 5}); a path flag made
  // absolute when `absolute_paths` (SPEC: relative to the working directory, not to the input).
  nlohmann::json field_values(bool absolute_paths) const;

 private:
  const Mode& mode_;
  CLI::App app_;
  Options options_;
  std::vector<std::string> formats_;
  std::vector<std::string> strings_;
  std::vector<std::int64_t> ints_;
  std::vector<double> doubles_;
  std::vector<std::vector<std::string>> lists_;
  std::vector<CLI::Option*> field_options_;
};

}  // namespace hw4::cli
