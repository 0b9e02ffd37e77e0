// Every CLI error message, in full, with its exit code; and -o never leaves a partial file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/command.h"
#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

namespace fs = std::filesystem;

void expect_error(const std::vector<std::string>& args, const std::string& stdin_text,
                  int exit_code, const std::string& message) {
  const CliResult r = run_cli(args, stdin_text);
  EXPECT_EQ(r.exit_code, exit_code);
  EXPECT_EQ(r.err, message);
  EXPECT_EQ(r.out, "");
}

TEST(CliErrors, UnknownCommandSuggests) {
  expect_error({"skipgrm"}, "", 2,
               "hw4: error: unknown command \"skipgrm\", did you mean \"skipgram\"? (hw4 --help "
               "lists them)\n");
}

TEST(CliErrors, UnknownMode) {
  expect_error({"skipgram", "pears"}, "", 2,
               "hw4: error: unknown mode \"pears\" of skipgram (modes: " +
                   [] {
                     std::string list;
                     for (const auto& m : cli::commands()) {
                       if (m.name != "skipgram") continue;
                       for (const auto& mode : m.modes) list += (list.empty() ? "" : ", ") + mode.name;
                     }
                     return list;
                   }() +
                   ")\n");
}

TEST(CliErrors, MissingFile) {
  expect_error({"skipgram", "pairs", "no-such-file.json"}, "", 2,
               "hw4: error: no-such-file.json: no such file\n");
}

TEST(CliErrors, DirectoryAsInput) {
  expect_error({"skipgram", "pairs", "/tmp"}, "", 2,
               "hw4: error: /tmp: is a directory, not a file\n");
}

TEST(CliErrors, SyntaxErrorIsOneLineWithLineAndColumn) {
  // The caret lines follow only on a terminal (report_error).
  expect_error({"skipgram", "pairs", "-"}, "{\"text\": \"a b\",\n \"window\": }\n", 2,
               "hw4: error: <stdin>:2:12: syntax error while parsing value - unexpected '}'; "
               "expected '[', '{', or a literal\n");
}

TEST(CliErrors, UnknownFieldSuggests) {
  expect_error({"skipgram", "pairs", "-"}, R"({"text": "a b", "windw": 2})", 2,
               "hw4: error: <stdin>:/windw: unknown field (did you mean \"window\"?)\n");
}

TEST(CliErrors, WrongTypeNamesPointer) {
  expect_error({"skipgram", "pairs"}, R"({"text": "a b", "window": "two"})", 2,
               "hw4: error: <stdin>:/window: expected an integer, got \"two\"\n");
}

TEST(CliErrors, MissingRequiredField) {
  expect_error({"skipgram", "pairs"}, R"({"window": 2})", 2,
               "hw4: error: <stdin>: missing required field \"text\"\n");
}

TEST(CliErrors, OutOfRange) {
  expect_error({"skipgram", "pairs"}, R"({"text": "a b", "window": 0})", 2,
               "hw4: error: <stdin>:/window: expected an integer from 1 to 1000, got 0\n");
}

TEST(CliErrors, NotAnObject) {
  expect_error({"skipgram", "pairs"}, "[1, 2]", 2,
               "hw4: error: <stdin>: expected an object, got a list\n");
}

TEST(CliErrors, NumberOverflow) {
  expect_error({"skipgram", "pairs"}, R"({"text": "a", "window": 1e400})", 2,
               "hw4: error: <stdin>: number overflow parsing '1e400'\n");
}

TEST(CliErrors, EmptyInput) {
  expect_error({"skipgram", "pairs"}, "", 2,
               "hw4: error: <stdin>:1:1: syntax error while parsing value - unexpected end of "
               "input; expected '[', '{', or a literal\n");
}

TEST(CliErrors, BadFormat) {
  const CliResult r = run_cli({"skipgram", "pairs", "--format", "html"}, R"({"text": "a", "window": 1})");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("hw4: error: --format: ", 0), 0u) << r.err;
}

TEST(CliErrors, UnwritableOutputIs74AndLeavesNothing) {
  expect_error({"skipgram", "pairs", "-o", "/nonexistent-dir/out.txt"},
               R"({"text": "a b", "window": 1})", 74,
               "hw4: error: cannot write /nonexistent-dir/out.txt: No such file or directory\n");
}

TEST(CliErrors, OutputFileIsCompleteAndAlone) {
  const fs::path dir = fs::temp_directory_path() / "hw4-output-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const CliResult r = run_cli({"skipgram", "pairs", "-o", (dir / "out.md").string(), "--format",
                               "markdown"},
                              R"({"text": "a b", "window": 1})");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  std::ifstream in(dir / "out.md");
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "# Skip-gram training pairs");
  // A bad input must not replace the existing file.
  const CliResult bad = run_cli({"skipgram", "pairs", "-o", (dir / "out.md").string()}, "{");
  EXPECT_EQ(bad.exit_code, 2);
  std::ifstream again(dir / "out.md");
  std::getline(again, first);
  EXPECT_EQ(first, "# Skip-gram training pairs");
  fs::remove_all(dir);
}

TEST(Cli, VersionAndHelp) {
  CliResult r = run_cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "hw4 " HW4_VERSION "\n");
  r = run_cli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("skipgram"), std::string::npos);
  for (const auto& command : cli::commands()) {
    for (const auto& mode : command.modes) {
      r = mode.name.empty() ? run_cli({command.name, "--help"})
                            : run_cli({command.name, mode.name, "--help"});
      EXPECT_EQ(r.exit_code, 0) << command.name << " " << mode.name;
      EXPECT_NE(r.out.find("example:\n  "), std::string::npos) << command.name << " " << mode.name;
    }
  }
}

TEST(Cli, NoArgumentsIsUsage) {
  const CliResult r = run_cli({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("usage: hw4"), std::string::npos);
}

}  // namespace
}  // namespace hw4::testing
