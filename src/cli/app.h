// The command line: parses argv, reads input, runs a command, renders and writes the answer,
// and maps every error to SPEC's exit codes. The only code that knows streams and exit codes.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace hw4::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNo = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 70;
inline constexpr int kExitOutput = 74;

// Runs `hw4 args...` and returns the exit code.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err);

}  // namespace hw4::cli
