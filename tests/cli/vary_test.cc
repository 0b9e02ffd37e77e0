// hw4 vary: the draws SPEC's generator gives (against draws.py, written independently), the same
// variants on every run and for everyone when a student is added, keys that `solve` confirms,
// invalid draws redrawn, and `grade --variants`.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kKey = source_path("tests/reference/vary/key.json");

class Vary : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("hw4-vary-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path roster(const std::string& name, const std::vector<std::string>& ids) {
    const fs::path path = dir_ / name;
    std::ofstream out(path);
    for (const std::string& id : ids) out << id << "\n";
    return path;
  }
  CliResult vary(const std::string& key, const std::vector<std::string>& how, const fs::path& out) {
    std::vector<std::string> args = {"vary", key};
    args.insert(args.end(), how.begin(), how.end());
    args.push_back("-o");
    args.push_back(out.string());
    return run_cli(args);
  }
  static std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path dir_;
};

// variants.csv's params against draws.py's, for two seeds and several variant ids.
TEST_F(Vary, DrawsAreSpecsGenerator) {
  const json reference = json::parse(read(source_path("tests/reference/vary/draws.json")));
  for (const auto& [seed, variants] : reference.items()) {
    std::vector<std::string> ids;
    for (const auto& [id, problems] : variants.items()) ids.push_back(id);
    const fs::path out = dir_ / ("out-" + seed);
    const CliResult r = vary(kKey, {"--students", roster("ids-" + seed, ids).string(), "--seed", seed}, out);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::istringstream csv(read(out / "variants.csv"));
    std::string line;
    std::getline(csv, line);
    EXPECT_EQ(line, "id,problem,seed,params");
    std::size_t rows = 0;
    while (std::getline(csv, line)) {
      const std::size_t a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
      const std::string id = line.substr(0, a), problem = line.substr(a + 1, b - a - 1);
      std::string params = line.substr(c + 2, line.size() - c - 3);  // unquote the CSV field
      for (std::size_t q = params.find("\"\""); q != std::string::npos; q = params.find("\"\"", q + 1)) {
        params.erase(q, 1);
      }
      EXPECT_EQ(json::parse(params), variants[id][problem]) << id << " " << problem;
      ++rows;
    }
    EXPECT_EQ(rows, ids.size() * 2);
  }
}

TEST_F(Vary, SameOnEveryRunAndAddingAStudentChangesNoOneElse) {
  ASSERT_EQ(vary(kKey, {"--students", roster("a", {"ann", "ben"}).string(), "--seed", "7"}, dir_ / "one").exit_code, 0);
  ASSERT_EQ(vary(kKey, {"--students", roster("b", {"ann", "ben"}).string(), "--seed", "7"}, dir_ / "two").exit_code, 0);
  ASSERT_EQ(vary(kKey, {"--students", roster("c", {"zoe", "ann", "ben"}).string(), "--seed", "7"}, dir_ / "three").exit_code, 0);
  for (const std::string id : {"ann", "ben"}) {
    for (const std::string file : {"problems.json", "key.json"}) {
      EXPECT_EQ(read(dir_ / "one" / id / file), read(dir_ / "two" / id / file));
      EXPECT_EQ(read(dir_ / "one" / id / file), read(dir_ / "three" / id / file));
    }
  }
  EXPECT_EQ(read(dir_ / "one" / "variants.csv"), read(dir_ / "two" / "variants.csv"));
  // Another seed draws other inputs.
  ASSERT_EQ(vary(kKey, {"--students", roster("d", {"ann"}).string(), "--seed", "8"}, dir_ / "four").exit_code, 0);
  EXPECT_NE(read(dir_ / "one" / "ann" / "key.json"), read(dir_ / "four" / "ann" / "key.json"));
}

TEST_F(Vary, EveryVariantsKeyPassesSolve) {
  ASSERT_EQ(vary(kKey, {"--variants", "12", "--seed", "1"}, dir_ / "out").exit_code, 0);
  EXPECT_TRUE(fs::exists(dir_ / "out" / "v01" / "problems.json"));
  EXPECT_TRUE(fs::exists(dir_ / "out" / "v12" / "key.json"));
  for (const std::string id : {"v01", "v05", "v12"}) {
    const CliResult r = run_cli({"solve", (dir_ / "out" / id / "key.json").string(), "--json"});
    EXPECT_EQ(r.exit_code, 0) << id << ": " << r.err;
    const json problems = json::parse(read(dir_ / "out" / id / "problems.json"));
    for (const json& p : problems["problems"]) {
      EXPECT_FALSE(p.contains("claim"));
      EXPECT_FALSE(p.contains("grade"));
      EXPECT_FALSE(p.contains("vary"));
    }
  }
}

TEST_F(Vary, InvalidDrawsAreRedrawnAndAHundredFailuresAreExit2) {
  std::ofstream(dir_ / "some.json") << R"({"problems": [{"id": "w", "command": "skipgram", "mode": "pairs",
      "input": {"text": "a b c", "window": 1}, "grade": {"/count": {}},
      "vary": {"/input/window": {"choices": [0, 0, 0, 2]}}}]})";
  ASSERT_EQ(vary((dir_ / "some.json").string(), {"--variants", "5", "--seed", "x"}, dir_ / "out").exit_code, 0);
  for (const std::string id : {"v1", "v2", "v3", "v4", "v5"}) {
    const json key = json::parse(read(dir_ / "out" / id / "key.json"));
    EXPECT_EQ(key["problems"][0]["input"]["window"], 2);
  }
  std::ofstream(dir_ / "none.json") << R"({"problems": [{"id": "w", "command": "skipgram", "mode": "pairs",
      "input": {"text": "a b c", "window": 1}, "vary": {"/input/window": {"choices": [0, -1]}}}]})";
  const CliResult r = vary((dir_ / "none.json").string(), {"--variants", "2", "--seed", "x"}, dir_ / "bad");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("problem w: no valid input in 100 draws"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "bad"));  // nothing written
}

TEST_F(Vary, GradeVariantsGradesEachStudentAgainstTheirOwnKey) {
  ASSERT_EQ(vary(kKey, {"--students", roster("r", {"ann", "ben"}).string(), "--seed", "s1"}, dir_ / "out").exit_code, 0);
  // ann answers her own key's claims; ben hands in ann's answers; cy has no variant.
  const json key = json::parse(read(dir_ / "out" / "ann" / "key.json"));
  json answers;
  for (const json& p : key["problems"]) answers[p["id"].get<std::string>()] = p["claim"];
  std::ofstream(dir_ / "subs.ndjson") << json{{"student", "ann"}, {"answers", answers}}.dump() << "\n"
                                      << json{{"student", "ben"}, {"answers", answers}}.dump() << "\n"
                                      << json{{"student", "cy"}, {"answers", answers}}.dump() << "\n";
  const CliResult r = run_cli({"grade", "--variants", (dir_ / "out").string(),
                               (dir_ / "subs.ndjson").string(), "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // cy's row is an error
  const json students = json::parse(r.out)["result"]["students"];
  ASSERT_EQ(students.size(), 3u);
  EXPECT_EQ(students[0]["score"], students[0]["max_score"]);
  EXPECT_LT(students[1]["score"].get<double>(), students[1]["max_score"].get<double>());
  EXPECT_TRUE(students[2]["score"].is_null());
  EXPECT_NE(students[2]["error"].get<std::string>().find("no variant for student \"cy\""), std::string::npos);
}

}  // namespace
}  // namespace hw4::testing
