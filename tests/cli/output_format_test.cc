// How the output format is chosen (--format, --json, -o FILE's extension) and how JSON is laid
// out: one line for programs and files, indented on a terminal, the same value either way.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

namespace fs = std::filesystem;

const std::string kPairs = R"({"text": "a rose is a rose", "window": 1})";

// Runs the real binary under a pseudo-terminal (util-linux `script`), as a person at a shell.
std::string run_on_terminal(const std::string& arguments) {
  const std::string command = "script -qec '" + std::string(HW4_BINARY) + " " + arguments +
                              "' /dev/null < /dev/null";
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  ::pclose(pipe);
  std::string lf;  // the terminal turns "\n" into "\r\n"
  for (char c : out) {
    if (c != '\r') lf += c;
  }
  return lf;
}

TEST(OutputFormat, JsonIsOneLineOffATerminal) {
  const CliResult r = run_cli({"skipgram", "pairs", "--format", "json"}, kPairs);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1);
  EXPECT_EQ(nlohmann::json::parse(r.out)["command"], "skipgram");
}

TEST(OutputFormat, JsonFlagIsShortForFormatJson) {
  const CliResult flag = run_cli({"skipgram", "pairs", "--json"}, kPairs);
  const CliResult format = run_cli({"skipgram", "pairs", "--format", "json"}, kPairs);
  ASSERT_EQ(flag.exit_code, 0) << flag.err;
  EXPECT_EQ(flag.out, format.out);
}

TEST(OutputFormat, IndentedOnATerminalCompactWhenAskedAndBothTheSameValue) {
  const std::string input = source_path("data/examples/skipgram/pairs/rose.json");
  const std::string indented = run_on_terminal("skipgram pairs " + input + " --json");
  const std::string compact = run_on_terminal("skipgram pairs " + input + " --json --compact");
  ASSERT_FALSE(indented.empty());
  EXPECT_NE(indented.find("\n  \"command\": \"skipgram\""), std::string::npos) << indented;
  EXPECT_EQ(compact.find('\n'), compact.size() - 1) << compact;
  EXPECT_EQ(nlohmann::json::parse(indented), nlohmann::json::parse(compact));
}

TEST(OutputFormat, OutputFileExtensionPicksTheFormat) {
  TempDir dir;
  for (const auto& [name, starts] : {std::pair{"a.md", "# Skip-gram"}, {"a.json", "{\"command\":"},
                                     {"a.tex", "\\documentclass"}, {"a.txt", "Skip-gram"},
                                     {"a.out", "Skip-gram"}}) {
    const fs::path file = dir.path / name;
    const CliResult r = run_cli({"skipgram", "pairs", "-o", file.string()}, kPairs);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(slurp(file).rfind(starts, 0), 0u) << name << ":\n" << slurp(file).substr(0, 200);
  }
  // --format wins over the extension.
  const fs::path file = dir.path / "b.md";
  ASSERT_EQ(run_cli({"skipgram", "pairs", "-o", file.string(), "--format", "json"}, kPairs).exit_code, 0);
  EXPECT_EQ(slurp(file).rfind("{\"command\":", 0), 0u);
}

TEST(OutputFormat, BatchKeepsOneLinePerRequest) {
  const CliResult r = run_cli(
      {"batch"}, R"({"id": 1, "command": "skipgram", "mode": "pairs", "input": {"text": "a b", "window": 1}})"
                 "\n"
                 R"({"id": 2, "command": "skipgram", "input": {"text": "a b c", "window": 1}})"
                 "\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    EXPECT_EQ(nlohmann::json::parse(line)["id"], count + 1);
  }
  EXPECT_EQ(count, 2);
}

}  // namespace
}  // namespace hw4::testing
