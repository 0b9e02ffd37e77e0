// hw4 grade: each diagnosis found on an answer made with the mistake (worked here by hand, or by
// a second computation), never on a right answer; one unreadable submission is one error row; a
// key that does not solve stops before any submission is read; the output formats.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kKey = source_path("data/examples/grade/key.json");

double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

struct Mistake {
  std::string problem, pointer;
  json given;
  std::string code;
};

// The example key (data/examples/grade/key.json): a 3-channel 32×32 input, conv 3×3 stride 2
// padding 1 to C, batch norm, conv 3×3 padding 1 to C, 2×2 max pool; a mean-reduced GAN
// discriminator; the seed's skip-gram gradient.
std::vector<Mistake> mistakes() {
  const std::vector<double> real = {1.5, -0.5}, fake = {-1.0, 0.25};
  double sum_total = 0;  // Σ(1 − σ(real)) − Σσ(fake): the mean's 1/M left out of both sums
  for (double z : real) sum_total += 1 - sigmoid(z);
  for (double z : fake) sum_total -= sigmoid(z);
  return {
      // 27C + 9C² without biases, batch norm's 2C: 9C² + 29C.
      {"1", "/models/model/params/text", "9C^2 + 29C", "bias_left_out"},
      // Batch norm counted 4C: 28C + 4C + 9C² + C.
      {"1", "/models/model/params/text", "9C^2 + 33C", "running_stats_counted"},
      // 2·(16·16·27·C + 16·16·9·C²).
      {"1", "/models/model/macs/text", "4608C^2 + 13824C", "flops_for_macs"},
      {"1", "/models/model/flops/text", "2304C^2 + 6912C", "macs_for_flops"},
      // (32 − 3) // 2 + 1 = 15, 15 − 3 + 1 = 13, 13 // 2 = 6.
      {"1", "/models/model/output_shape", json::parse(R"(["C", 6, 6])"), "padding_ignored"},
      // 32 + 2 − 3 + 1 = 32 twice, then a 2×2 pool moving 1: 31.
      {"1", "/models/model/output_shape", json::parse(R"(["C", 31, 31])"), "stride_ignored"},
      {"2", "/grad_logits_total", std::round(sum_total * 1e4) / 1e4, "mean_factor_left_out"},
      {"2", "/grad_logits_total", std::round(-sum_total / 2 * 1e4) / 1e4, "sign_flipped"},
      // The seed answer sheet's S′(y)·S(y) at these numbers.
      {"3", "/grad_scores", json::parse("[0.2371, 0.2695, -1.035, 0.5284]"), "softmax_jacobian"},
      {"3", "/grad_scores", json::parse("[-0.2291, -0.2511, 0.8666, -0.3864]"), "sign_flipped"},
  };
}

// The right answers, as a student might spell them.
const std::vector<Mistake> kRight = {
    {"1", "/models/model/params/text", "C(9C + 31)", ""},
    {"1", "/models/model/macs/text", "2304C² + 6912C", ""},
    {"1", "/models/model/flops/text", "4608*C**2 + 13824*C", ""},
    {"1", "/models/model/output_shape", json::parse(R"(["C", 8, 8])"), ""},
    {"2", "/grad_logits_total", -0.0131, ""},
    {"3", "/grad_scores", json::parse("[0.229, 0.2511, -0.8666, 0.3864]"), ""},
};

// Grades one submission per case through standard input and returns the result.
json grade(const std::vector<Mistake>& cases) {
  std::string ndjson;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    json answers;
    answers[cases[i].problem][cases[i].pointer] = cases[i].given;
    ndjson += json{{"student", "case" + std::to_string(i)}, {"answers", answers}}.dump() + "\n";
  }
  const CliResult r = run_cli({"grade", kKey, "-", "--json"}, ndjson);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out)["result"];
}

const json& answer_of(const json& student, const std::string& problem, const std::string& pointer) {
  for (const json& p : student["problems"]) {
    if (p["id"] != problem) continue;
    for (const json& a : p["answers"]) {
      if (a["pointer"] == pointer) return a;
    }
  }
  throw std::runtime_error("no answer " + problem + pointer);
}

TEST(Grade, EachDiagnosisFindsTheMistakeMade) {
  const std::vector<Mistake> cases = mistakes();
  const json result = grade(cases);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const json& a = answer_of(result["students"][i], cases[i].problem, cases[i].pointer);
    EXPECT_EQ(a["verdict"], "wrong") << cases[i].code;
    ASSERT_TRUE(a.contains("diagnosis")) << cases[i].code << ": " << a.dump();
    EXPECT_EQ(a["diagnosis"]["code"], cases[i].code) << a.dump();
  }
  // Each diagnosis is counted in the question statistics.
  std::size_t diagnosed = 0;
  for (const json& q : result["questions"]) {
    for (const json& w : q["wrong_answers"]) diagnosed += w.contains("diagnosis") ? 1 : 0;
  }
  EXPECT_EQ(diagnosed, cases.size());
}

TEST(Grade, RightAnswersNeverCarryADiagnosis) {
  const json result = grade(kRight);
  for (std::size_t i = 0; i < kRight.size(); ++i) {
    const json& a = answer_of(result["students"][i], kRight[i].problem, kRight[i].pointer);
    EXPECT_EQ(a["verdict"], "correct") << a.dump();
    EXPECT_FALSE(a.contains("diagnosis")) << a.dump();
  }
  // A wrong answer no known mistake gives has none either.
  const json wrong = grade({{"1", "/models/model/params/text", "10C^2 + 31C", ""}});
  EXPECT_FALSE(answer_of(wrong["students"][0], "1", "/models/model/params/text").contains("diagnosis"));
}

TEST(Grade, UnreadableSubmissionsAreTheirRowsAndTheRestAreGraded) {
  const CliResult r = run_cli({"grade", kKey, source_path("data/examples/grade/submissions"), "--json",
                               source_path("no-such-submission.json")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const json students = json::parse(r.out)["result"]["students"];
  std::map<std::string, json> by_id;
  for (const json& s : students) by_id[s["student"]] = s;
  EXPECT_TRUE(by_id["broken"]["score"].is_null());
  EXPECT_NE(by_id["broken"]["error"].get<std::string>().find("broken.json:2:1: syntax error"), std::string::npos);
  EXPECT_EQ(by_id["fay"]["error"], "fay.json:/answers: expected an object {problem id: {pointer: value}}");
  EXPECT_EQ(by_id["no-such-submission"]["error"], "no-such-submission.json: no such file");
  EXPECT_EQ(by_id["ada"]["score"], 12);
  // A missing answer scores 0 and counts, but is not a wrong answer.
  const json& dee = answer_of(by_id["dee"], "2", "/objective");
  EXPECT_EQ(dee["verdict"], "missing");
  EXPECT_EQ(dee["points"], 0);
}

TEST(Grade, NdjsonLinesThatCannotBeReadAreNamedByLine) {
  const CliResult r = run_cli({"grade", kKey, "-", "--json"},
                              "{\"student\": \"a\", \"answers\": {\"4\": {\"/count\": 8}}}\n\nnot json\n"
                              "{\"student\": \"b\", \"answers\": {}, \"extra\": 1}\n");
  EXPECT_EQ(r.exit_code, 1);
  const json students = json::parse(r.out)["result"]["students"];
  ASSERT_EQ(students.size(), 3u);
  EXPECT_EQ(students[1]["student"], "line 3");
  EXPECT_EQ(students[2]["student"], "line 4");
  EXPECT_NE(students[2]["error"].get<std::string>().find("<stdin>:4:/extra: "), std::string::npos);
}

TEST(Grade, AKeyThatDoesNotSolveStopsBeforeAnySubmissionIsRead) {
  const fs::path dir = fs::temp_directory_path() / ("hw4-grade-key-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "key.json") << R"({"problems": [{"id": "1", "command": "skipgram", "mode": "pairs",
      "input": {"text": "a b", "window": 1}, "grade": {"/nothing": {}}}]})";
  // Standard input is a submission stream that would fail if it were read.
  const CliResult r = run_cli({"grade", (dir / "key.json").string(), "-"}, "not json\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("key.json:/problems/0/grade/~1nothing: the result has no value at this pointer"),
            std::string::npos) << r.err;
  std::ofstream(dir / "bad.json") << R"({"problems": [{"id": "1", "command": "skipgram", "mode": "pairs",
      "input": {"text": "a b", "window": 0}, "grade": {"/count": {"tolerance": {"sigfigs": 0}}}}]})";
  const CliResult bad = run_cli({"grade", (dir / "bad.json").string(), "-"}, "not json\n");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.json:/problems/0/"), std::string::npos) << bad.err;
  fs::remove_all(dir);
}

TEST(Grade, GradescopeResultsForOneSubmission) {
  const CliResult r = run_cli({"grade", kKey, source_path("data/examples/grade/submissions/cy.json"),
                               "--format", "gradescope"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json results = json::parse(r.out);
  EXPECT_EQ(results["score"], 4);
  ASSERT_EQ(results["tests"].size(), 9u);
  const json& first = results["tests"][0];
  EXPECT_EQ(first["name"], "1 /models/model/flops/text");
  EXPECT_EQ(first["number"], "1");
  EXPECT_EQ(first["status"], "failed");
  EXPECT_NE(first["output"].get<std::string>().find("MACs were given where FLOPs"), std::string::npos);
  const CliResult two = run_cli({"grade", kKey, source_path("data/examples/grade/submissions"),
                                 "--format", "gradescope"});
  EXPECT_EQ(two.exit_code, 2);
}

TEST(Grade, OutputFileExtensionPicksTheGradebook) {
  const fs::path csv = fs::temp_directory_path() / ("hw4-gradebook-" + std::to_string(::getpid()) + ".csv");
  const CliResult r = run_cli({"grade", kKey, source_path("data/examples/grade/submissions/ada.json"),
                               "-o", csv.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "student,name,1,2,3,4,total,max,percent,error");
  fs::remove(csv);
}

}  // namespace
}  // namespace hw4::testing
