// `hw4 skipgram train` and `hw4 skipgram similar` through the CLI: errors, flags, files, gensim.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_cli.h"
#include "hw4/core/word2vec.h"

namespace hw4::testing {
namespace {

namespace fs = std::filesystem;

void spit(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// A scratch folder with a small two-topic corpus: lines of words a0..a5 or b0..b5.
class SkipgramTrainCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("hw4-w2v-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sub");
    std::mt19937 gen(7);
    std::string text;
    for (int s = 0; s < 400; ++s) {
      const char topic = s % 2 == 0 ? 'a' : 'b';
      for (int k = 0; k < 8; ++k) text += std::string(k ? " " : "") + topic + std::to_string(gen() % 6);
      text += "\n";
    }
    spit(dir_ / "sub" / "corpus.txt", text);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes `json` to sub/in.json and runs the mode on it.
  CliResult run_input(const std::string& mode, const std::string& json,
                      std::vector<std::string> extra = {}) {
    spit(dir_ / "sub" / "in.json", json);
    std::vector<std::string> args = {"skipgram", mode, (dir_ / "sub" / "in.json").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
  }
  std::string in_json() const { return (dir_ / "sub" / "in.json").string(); }

  // The files in sub/ other than the corpora and the input.
  std::vector<std::string> outputs() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_ / "sub")) {
      const std::string n = e.path().filename().string();
      if (n != "in.json" && n != "folder" && n.find(".txt") == std::string::npos) names.push_back(n);
    }
    return names;
  }

  fs::path dir_;
};

TEST_F(SkipgramTrainCli, BadCorporaAndSettingsAreInputErrorsThatWriteNothing) {
  fs::create_directories(dir_ / "sub" / "folder");
  spit(dir_ / "sub" / "empty.txt", "");
  spit(dir_ / "sub" / "binary.txt", std::string("a b\0c\n", 6));
  spit(dir_ / "sub" / "blank.txt", " \n\t\r\n");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("corpus": "missing.txt")", "/corpus: \"missing.txt\": no such file"},
      {R"("corpus": "folder")", "/corpus: \"folder\": is a directory, not a file"},
      {R"("corpus": "empty.txt")", "/corpus: \"empty.txt\": empty file"},
      {R"("corpus": "binary.txt")", "/corpus: \"binary.txt\": not text (it contains NUL bytes)"},
      {R"("corpus": "blank.txt")", "/corpus: \"blank.txt\": no words"},
      {R"("corpus": "corpus.txt", "dim": 0)", "/dim: expected an integer from 1 to 10000, got 0"},
      {R"("corpus": "corpus.txt", "window": 0)", "/window: expected an integer from 1 to 1000, got 0"},
      {R"("corpus": "corpus.txt", "negative": -1)",
       "/negative: expected an integer from 1 to 1000, got -1"},
      {R"("corpus": "corpus.txt", "alpha": 0.01, "min_alpha": 0.1)",
       "/min_alpha: expected a number <= alpha (0.01), got 0.1"},
      {R"("corpus": "corpus.txt", "min_count": 1000)",
       "/min_count: no word occurs at least 1000 times (the most frequent occurs 303)"},
      {R"("corpus": "corpus.txt", "format": "xml")",
       "/format: expected one of \"text\", \"binary\", got \"xml\""},
      {R"("corpus": "corpus.txt", "dimm": 3)", "/dimm: unknown field (did you mean \"dim\"?)"},
  };
  for (const auto& [fields, message] : cases) {
    const CliResult r = run_input("train", "{" + fields + R"(, "output": "v.vec", "epochs": 1})");
    EXPECT_EQ(r.exit_code, 2) << fields;
    EXPECT_EQ(r.err, "hw4: error: " + in_json() + ":" + message + "\n") << fields;
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(outputs().empty()) << fields;
  }
}

TEST_F(SkipgramTrainCli, FlagsWinAndInputPathsAreRelativeToTheInputFile) {
  const CliResult r = run_input(
      "train", R"({"corpus": "corpus.txt", "dim": 3, "min_count": 1, "output": "v.vec", "threads": 1})",
      {"--dim", "7", "--epochs", "2", "--query", "a0,zz", "--topn", "3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out)["result"];
  EXPECT_EQ(j["settings"]["dim"], 7);
  EXPECT_EQ(j["vocabulary_size"], 12);
  EXPECT_EQ(j["corpus_words"], 3200);
  ASSERT_EQ(j["epochs"].size(), 2u);
  for (const auto& e : j["epochs"]) EXPECT_EQ(e["words"], 3200);
  EXPECT_EQ(j["neighbors"][0]["word"], "a0");
  EXPECT_EQ(j["neighbors"][0]["neighbors"].size(), 3u);
  EXPECT_TRUE(j["neighbors"][1]["neighbors"].is_null());  // "zz" is unknown: a note
  EXPECT_EQ(slurp(dir_ / "sub" / "v.vec").substr(0, 5), "12 7\n");
  EXPECT_EQ(outputs(), std::vector<std::string>{"v.vec"});
}

TEST_F(SkipgramTrainCli, PathFlagsAreRelativeToTheWorkingDirectory) {
  // SPEC: paths inside an input file are relative to its folder, paths given as flags to the
  // working directory, even when both are used at once.
  const fs::path cwd = fs::current_path();
  fs::current_path(dir_);
  const CliResult r = run_input("train", R"({"corpus": "corpus.txt", "epochs": 1, "dim": 4})",
                                {"--output", "here.vec"});
  fs::current_path(cwd);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "here.vec"));
  EXPECT_FALSE(fs::exists(dir_ / "sub" / "here.vec"));
}

TEST_F(SkipgramTrainCli, TextAndBinaryOutputsHoldTheSameVectors) {
  const std::string base = R"({"corpus": "corpus.txt", "min_count": 1, "dim": 10, "threads": 1, "seed": 3, )";
  ASSERT_EQ(run_input("train", base + R"("output": "v.vec"})").exit_code, 0);
  ASSERT_EQ(run_input("train", base + R"("output": "v.bin"})").exit_code, 0);
  ASSERT_EQ(run_input("train", base + R"("output": "w.out", "format": "binary"})").exit_code, 0);
  const core::WordVectors text = core::parse_word2vec(slurp(dir_ / "sub" / "v.vec"));
  const std::string bin_bytes = slurp(dir_ / "sub" / "v.bin");
  EXPECT_EQ(bin_bytes, slurp(dir_ / "sub" / "w.out"));
  const core::WordVectors bin = core::parse_word2vec(bin_bytes);
  EXPECT_EQ(text.words, bin.words);
  EXPECT_EQ(text.values, bin.values);  // one thread, same seed: bit-identical
  EXPECT_EQ(bin_bytes.size(), 6 + 12 * (3 + 10 * 4 + 1));  // "12 10\n" + "a0 " floats "\n"
}

TEST_F(SkipgramTrainCli, VectorsLoadInGensim) {
  const std::string base = R"({"corpus": "corpus.txt", "min_count": 1, "dim": 10, "threads": 1, )";
  ASSERT_EQ(run_input("train", base + R"("output": "v.vec"})").exit_code, 0);
  ASSERT_EQ(run_input("train", base + R"("output": "v.bin"})").exit_code, 0);
  const fs::path script = dir_ / "load.py";
  spit(script,
       "import sys\n"
       "try:\n"
       "    from gensim.models import KeyedVectors\n"
       "except ImportError:\n"
       "    sys.exit(77)\n"
       "t = KeyedVectors.load_word2vec_format(sys.argv[1])\n"
       "b = KeyedVectors.load_word2vec_format(sys.argv[2], binary=True)\n"
       "assert t.index_to_key == b.index_to_key and (t.vectors == b.vectors).all()\n"
       "print(len(t), t.vector_size, t.index_to_key[0], repr(float(t.vectors[0][0])))\n");
  const std::string cmd = "/usr/bin/python3 " + script.string() + " " +
                          (dir_ / "sub" / "v.vec").string() + " " +
                          (dir_ / "sub" / "v.bin").string() + " > " + (dir_ / "out.txt").string();
  const int status = std::system(cmd.c_str());
  if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
    GTEST_SKIP() << "python3-gensim is not installed";
  }
  ASSERT_EQ(status, 0);
  const core::WordVectors ours = core::parse_word2vec(slurp(dir_ / "sub" / "v.vec"));
  std::ostringstream want;
  want << "12 10 " << ours.words[0] << " ";
  EXPECT_EQ(slurp(dir_ / "out.txt").substr(0, want.str().size()), want.str());
  EXPECT_FLOAT_EQ(std::stof(slurp(dir_ / "out.txt").substr(want.str().size())), ours.values[0]);
}

TEST(SkipgramSimilarCli, ExampleMatchesGensim) {
  // gensim 4.2: KeyedVectors.load_word2vec_format("royal.vec").most_similar("king", topn=3),
  // most_similar(positive=["king", "woman"], negative=["man"], topn=3) and
  // evaluate_word_analogies("royal_questions.txt").
  const CliResult r = run_cli({"skipgram", "similar",
                               source_path("data/examples/skipgram/similar/royal.json"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out)["result"];
  const auto& king = j["neighbors"][0]["neighbors"];
  EXPECT_EQ(king[0]["word"], "man");
  EXPECT_NEAR(king[0]["similarity"].get<double>(), 0.8136984705924988, 1e-6);
  EXPECT_EQ(king[1]["word"], "prince");
  EXPECT_NEAR(king[1]["similarity"].get<double>(), 0.5065488815307617, 1e-6);
  EXPECT_EQ(king[2]["word"], "queen");
  EXPECT_NEAR(king[2]["similarity"].get<double>(), 0.35444125533103943, 1e-6);
  const auto& answers = j["analogies"][0]["answers"];
  EXPECT_EQ(answers[0]["word"], "queen");
  EXPECT_NEAR(answers[0]["similarity"].get<double>(), 0.9628551602363586, 1e-6);
  EXPECT_EQ(answers[1]["word"], "princess");
  EXPECT_NEAR(answers[1]["similarity"].get<double>(), 0.6223776340484619, 1e-6);
  EXPECT_EQ(answers[2]["word"], "girl");
  EXPECT_NEAR(answers[2]["similarity"].get<double>(), 0.4426521360874176, 1e-6);
  // evaluate_word_analogies("royal_questions.txt"): 0.875, sections gender 4/0, age 3/0,
  // oov 0/0 (its one question skipped), food 0/1.
  EXPECT_EQ(j["evaluation"]["accuracy"], 0.875);
  EXPECT_EQ(j["evaluation"]["skipped"], 1);
  EXPECT_EQ(j["evaluation"]["sections"][3]["incorrect"], 1);
}

TEST(SkipgramSimilarCli, FlagsAloneNameTheData) {
  const CliResult r = run_cli({"skipgram", "similar", "--vectors",
                               source_path("data/examples/skipgram/similar/royal.vec"), "--query",
                               "bread", "--topn", "1", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out)["result"];
  EXPECT_EQ(j["neighbors"][0]["neighbors"][0]["word"], "wine");
}

TEST(SkipgramSimilarCli, Errors) {
  const std::string vec = source_path("data/examples/skipgram/similar/royal.vec");
  auto error = [&](const std::string& json) {
    const CliResult r = run_cli({"skipgram", "similar", "-"}, json);
    EXPECT_EQ(r.exit_code, 2) << json;
    return r.err;
  };
  EXPECT_EQ(error(R"({"vectors": ")" + vec + R"(", "query": ["king", "kingg"]})"),
            "hw4: error: <stdin>:/query/1: \"kingg\" is not in the vocabulary\n");
  EXPECT_EQ(error(R"({"vectors": ")" + vec + R"(", "analogy": [["king", "man"]]})"),
            "hw4: error: <stdin>:/analogy/0: expected 3 words [a, b, c], got 2\n");
  EXPECT_EQ(error(R"({"vectors": ")" + vec + R"(", "analogy": [["king", "man", "wman"]]})"),
            "hw4: error: <stdin>:/analogy/0/2: \"wman\" is not in the vocabulary\n");
  EXPECT_EQ(error(R"({"vectors": ")" + source_path("data/examples/skipgram/similar/royal.json") +
                  R"("})"),
            "hw4: error: <stdin>:/vectors: \"" +
                source_path("data/examples/skipgram/similar/royal.json") +
                "\": line 1: expected a header \"<words> <dim>\" with two positive integers\n");
  EXPECT_EQ(error(R"({"vectors": "no-such.vec"})"),
            "hw4: error: <stdin>:/vectors: \"no-such.vec\": no such file\n");
}

}  // namespace
}  // namespace hw4::testing
