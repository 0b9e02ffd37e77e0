// Hostile input against every command and mode in the table: each ends with exit 2, a first
// line "hw4: error: ...", nothing on standard output, and within a second.
#include <gtest/gtest.h>

#include <chrono>

#include "cli/command.h"
#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

struct Hostile {
  std::string name;
  std::string text;
};

std::vector<Hostile> hostile_inputs() {
  return {
      {"Empty", ""},
      {"Truncated", "{\"a\": [1, 2"},
      {"Binary", std::string("\x00\x01\xff\xfe\x80garbage", 12)},
      {"DeepNesting", std::string(200000, '[') + std::string(200000, ']')},
      {"DeepObjects", [] {
         std::string s;
         for (int i = 0; i < 100000; ++i) s += "{\"a\":";
         return s + "1" + std::string(100000, '}');
       }()},
      {"NaNLiteral", "{\"x\": NaN}"},
      {"HugeNumber", "{\"x\": 1e400}"},
      {"TopLevelList", "[1, 2, 3]"},
      {"TopLevelString", "\"hello\""},
      {"UnknownField", "{\"zzz_unknown_field\": 1}"},
      {"InvalidUtf8", "{\"text\": \"\xff\xfe\"}"},
  };
}

struct Case {
  std::string command, mode;
  Hostile input;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const auto& command : cli::commands()) {
    for (const auto& mode : command.modes) {
      for (const auto& h : hostile_inputs()) out.push_back({command.name, mode.name, h});
    }
  }
  return out;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.command << " " << c.mode << " " << c.input.name; }

class HostileInput : public ::testing::TestWithParam<Case> {};

TEST_P(HostileInput, IsExit2WithOneClearLine) {
  const Case& c = GetParam();
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> args = {c.command};
  if (!c.mode.empty()) args.push_back(c.mode);
  args.push_back("-");
  const CliResult r = run_cli(args, c.input.text);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("hw4: error: <stdin>", 0), 0u) << r.err;
  EXPECT_LT(seconds, 1.0);
}

INSTANTIATE_TEST_SUITE_P(EveryMode, HostileInput, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           std::string name = param_info.param.command + "_" + param_info.param.mode + "_" +
                                              param_info.param.input.name;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace hw4::testing
