// Runs the CLI in-process (so the sanitizers see everything) and captures its streams.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "cli/app.h"

namespace hw4::testing {

struct CliResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

inline CliResult run_cli(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  CliResult r;
  r.exit_code = cli::run(args, in, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

inline std::string source_path(const std::string& relative) {
  return std::string(HW4_SOURCE_DIR) + "/" + relative;
}

}  // namespace hw4::testing
