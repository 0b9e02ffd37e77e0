// `hw4 batch`: order and ids kept, bad lines become error objects and the stream goes on.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

using nlohmann::json;

TEST(Batch, KeepsOrderAndIdsAndSurvivesBadLines) {
  std::string input;
  const int kLines = 1500;  // several chunks of 256
  for (int i = 0; i < kLines; ++i) {
    if (i == 700) {
      input += "{not json\n";
    } else if (i == 701) {
      input += R"({"id": 701, "command": "skipgram", "mode": "pairs", "input": {"text": "a", "window": 0}})" "\n";
    } else if (i == 702) {
      input += R"({"id": 702, "command": "nope", "input": {}})" "\n";
    } else if (i == 703) {
      input += "\n";  // blank lines are skipped
    } else {
      input += json({{"id", i},
                     {"command", "skipgram"},
                     {"input", {{"text", "w" + std::to_string(i) + " x y"}, {"window", 1 + i % 3}}}})
                   .dump() +
               "\n";
    }
  }
  const CliResult r = run_cli({"batch"}, input);
  EXPECT_EQ(r.exit_code, 1);
  std::istringstream lines(r.out);
  std::string line;
  int expected_id = 0;
  while (std::getline(lines, line)) {
    if (expected_id == 703) ++expected_id;
    const json answer = json::parse(line);
    if (expected_id == 700) {
      EXPECT_TRUE(answer["id"].is_null());
      EXPECT_NE(answer["error"]["message"].get<std::string>().find("syntax error"), std::string::npos);
    } else if (expected_id == 701) {
      EXPECT_EQ(answer["id"], 701);
      EXPECT_EQ(answer["error"]["pointer"], "/input/window");
      EXPECT_EQ(answer["error"]["message"], "expected an integer from 1 to 1000, got 0");
    } else if (expected_id == 702) {
      EXPECT_EQ(answer["id"], 702);
      EXPECT_EQ(answer["error"]["pointer"], "/command");
    } else {
      ASSERT_EQ(answer["id"], expected_id) << line.substr(0, 200);
      EXPECT_EQ(answer["command"], "skipgram");
      EXPECT_EQ(answer["mode"], "pairs");
      EXPECT_EQ(answer["result"]["vocabulary"][0], "w" + std::to_string(expected_id));
    }
    ++expected_id;
  }
  EXPECT_EQ(expected_id, kLines);
}

TEST(Batch, AllGoodLinesExitZero) {
  const CliResult r = run_cli(
      {"batch"}, R"({"id": "a", "command": "skipgram", "mode": "pairs", "input": {"text": "a b", "window": 1}})");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(json::parse(r.out)["result"]["count"], 2);
}

TEST(Batch, RejectsArguments) {
  const CliResult r = run_cli({"batch", "file.ndjson"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hw4: error: batch takes no arguments, got \"file.ndjson\"\n");
}

}  // namespace
}  // namespace hw4::testing
