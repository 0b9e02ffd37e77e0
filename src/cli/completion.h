// `hw4 completion bash|zsh|fish`: a completion script written from the command table, the tools
// and each mode's parser (commands, modes, flags, formats, file arguments).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace hw4::cli {

// The shells hw4 writes a completion script for.
const std::vector<std::string>& shells();

// Prints the script for args = {SHELL}; --help prints usage. Throws Error(kUsage).
int run_completion(const std::vector<std::string>& args, std::ostream& out);

}  // namespace hw4::cli
