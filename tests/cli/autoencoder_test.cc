// `hw4 autoencoder` through the CLI: every input error in full (exit 2, before any allocation
// for the absurd sizes), the reference-shaped results, and the plots.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

namespace fs = std::filesystem;

void expect_input_error(const std::string& mode, const std::string& input,
                        const std::string& message) {
  const CliResult r = run_cli({"autoencoder", mode, "-"}, input);
  EXPECT_EQ(r.exit_code, 2) << input;
  EXPECT_EQ(r.err, "hw4: error: <stdin>:" + message + "\n") << input;
  EXPECT_EQ(r.out, "");
}

const std::string kSmall = R"("data": {"synthetic": {"samples": 8, "features": 20}})";

TEST(AutoencoderCli, DataErrors) {
  expect_input_error("analyze", R"({"data": {}})",
                     R"(/data: expected exactly one of "rows", "csv" or "synthetic")");
  expect_input_error("analyze", R"({"data": {"rows": [[1]], "csv": "x.csv"}})",
                     R"(/data: expected exactly one of "rows", "csv" or "synthetic")");
  expect_input_error("analyze", R"({"data": {"rows": [[1, 2]], "header": true}})",
                     R"(/data/header: applies to "csv" only)");
  expect_input_error("analyze", R"({"data": {"rows": []}})", "/data/rows: expected at least one row");
  expect_input_error("analyze", R"({"data": {"rows": [[]]}})",
                     "/data/rows/0: expected at least one feature");
  expect_input_error("analyze", R"({"data": {"rows": [[1, 2]]}})",
                     "/data: expected at least 2 samples, got 1");
  expect_input_error("train", R"({"data": {"rows": [[1, 2]]}})",
                     "/data: expected at least 2 samples to split off a test set, got 1");
  expect_input_error("analyze", R"({"data": {"synthetic": {"samples": 5, "features": 100, "rank": 9}}})",
                     "/data/synthetic/rank: expected an integer from 1 to 5, got 9");
}

TEST(AutoencoderCli, AbsurdSizesFailBeforeAllocating) {
  // A terabyte of synthetic data, a 160-million-parameter network, a batch of 40 million
  // activations, 1e15 operations: each is refused while reading, before anything is allocated.
  expect_input_error("analyze",
                     R"({"data": {"synthetic": {"samples": 1000000, "features": 1000000}}})",
                     "/data/synthetic: 1000000 samples × 1000000 features = 1000000000000 values, "
                     "over the limit of 33554432");
  expect_input_error(
      "train", R"({"data": {"synthetic": {"samples": 800, "features": 20000}}, "model": {"hidden": [4000]}})",
      "/model: the network has 160156016 parameters with 20000 features, over the limit of "
      "50000000");
  expect_input_error("train",
                     R"({"data": {"synthetic": {"samples": 1000, "features": 10}}, "test_fraction": 0,
                         "model": {"hidden": [40000]}, "train": {"batch_size": 1000}})",
                     "/train/batch_size: a batch of 1000 × 40000 activations is over the limit of "
                     "33554432 values");
  expect_input_error("train",
                     R"({"data": {"synthetic": {"samples": 800, "features": 20000}}, "train": {"epochs": 100000}})",
                     "/train: the run needs about 1.4e+15 floating-point operations, over the limit "
                     "of 2e+13: fewer epochs, samples or parameters");
  // 6000 rows whose first has 6000 values: refused before the other rows are even read.
  std::string rows = "[[0";
  for (int i = 1; i < 6000; ++i) rows += ",0";
  rows += "]";
  for (int i = 1; i < 6000; ++i) rows += ",[0]";
  rows += "]";
  expect_input_error("analyze", R"({"data": {"rows": )" + rows + "}}",
                     "/data/rows: 6000 samples × 6000 features = 36000000 values, over the limit "
                     "of 33554432");
}

TEST(AutoencoderCli, ModelAndScheduleErrors) {
  expect_input_error("train", "{" + kSmall + R"(, "train": {"learning_rate": 0}})",
                     "/train/learning_rate: expected a number > 0, got 0");
  expect_input_error("train", "{" + kSmall + R"(, "train": {"momentum": 0.9}})",
                     R"(/train/momentum: applies to "sgd" only)");
  expect_input_error("train", "{" + kSmall + R"(, "model": {"laten": 3}})",
                     R"(/model/laten: unknown field (did you mean "latent"?))");
  expect_input_error("train", "{" + kSmall + R"(, "model": {"activation": "softmax"}})",
                     R"(/model/activation: expected one of "relu", "leaky_relu", "tanh", )"
                     R"("sigmoid", "linear", got "softmax")");
  expect_input_error("train", "{" + kSmall + R"(, "model": {"hidden": [0]}})",
                     "/model/hidden/0: expected an integer from 1 to 1000000, got 0");
  expect_input_error("train", "{" + kSmall + R"(, "robustness": {"noise_std": [-1]}})",
                     "/robustness/noise_std/0: expected a number from 0 to 1000000, got -1");
  expect_input_error("train", "{" + kSmall + R"(, "test_fraction": 0.95})",
                     "/test_fraction: expected a number from 0 to 0.9, got 0.95");
}

TEST(AutoencoderCli, ConstantDataHasNoSpectrum) {
  const CliResult r = run_cli({"autoencoder", "analyze", "-"}, R"({"data": {"rows": [[1, 2], [1, 2]]}})");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hw4: error: <stdin>: every feature is constant: the data has no variance\n");
}

class AutoencoderCsvCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("hw4_ae_csv_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  // Runs analyze on {"data": {"csv": csv}} written next to the CSV, so the path is relative.
  CliResult analyze(const std::string& csv, bool header = false) {
    const std::string input = write("in.json", R"({"data": {"csv": ")" + csv + R"(", "header": )" +
                                                   (header ? "true" : "false") + "}}");
    input_ = input;
    return run_cli({"autoencoder", "analyze", input, "--json"});
  }
  fs::path dir_;
  std::string input_;
};

TEST_F(AutoencoderCsvCli, NamesLineAndColumn) {
  write("bad.csv", "1,2,3\n4,x,6\n");
  CliResult r = analyze("bad.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hw4: error: " + input_ +
                       ":/data/csv: bad.csv: line 2, column 2: expected a number, got \"x\"\n");
  write("ragged.csv", "1,2,3\n4,6\n");
  r = analyze("ragged.csv");
  EXPECT_EQ(r.err, "hw4: error: " + input_ +
                       ":/data/csv: ragged.csv: line 2, column 2: the row ends after 2 columns, "
                       "expected 3 columns as on line 1\n");
  r = analyze("missing.csv");
  EXPECT_EQ(r.err, "hw4: error: " + input_ + ":/data/csv: missing.csv: no such file\n");
}

TEST_F(AutoencoderCsvCli, RefusesTooManyCellsBeforeParsing) {
  // 6000 lines of 6000 empty cells: counted by commas, never parsed or allocated.
  std::string line(5999, ',');
  line += '\n';
  std::string text;
  text.reserve(line.size() * 6000);
  for (int i = 0; i < 6000; ++i) text += line;
  write("huge.csv", text);
  const CliResult r = analyze("huge.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hw4: error: " + input_ +
                       ":/data/csv: huge.csv: 6000 samples × 6000 features = 36000000 values, "
                       "over the limit of 33554432\n");
}

TEST_F(AutoencoderCsvCli, ReadsHeaderAndAgreesWithRows) {
  write("small.csv", "a,b,c\n-2.1,-2.9,0.05\n-1.8,-1.2,0.1\n-0.3,-0.7,-0.1\n0.1,0.9,-0.05\n"
                     "1.8,1.2,0.1\n2.3,2.7,-0.1\n");
  const CliResult from_csv = analyze("small.csv", true);
  ASSERT_EQ(from_csv.exit_code, 0) << from_csv.err;
  const CliResult from_rows = run_cli(
      {"autoencoder", "analyze", source_path("data/examples/autoencoder/analyze/rows_small.json"),
       "--json"});
  ASSERT_EQ(from_rows.exit_code, 0);
  const auto a = nlohmann::json::parse(from_csv.out)["result"];
  const auto b = nlohmann::json::parse(from_rows.out)["result"];
  EXPECT_EQ(a["explained_variance_ratio"], b["explained_variance_ratio"]);
  EXPECT_EQ(a["components_for"], b["components_for"]);
}

TEST(AutoencoderCli, PlotsTheScreeAndTheLossCurves) {
  const fs::path dir = fs::temp_directory_path() / "hw4_ae_plot_test";
  fs::create_directories(dir);
  const std::string scree = (dir / "scree.svg").string(), loss = (dir / "loss.svg").string();
  CliResult r = run_cli({"autoencoder", "analyze",
                         source_path("data/examples/autoencoder/analyze/digits.json"), "--plot",
                         scree});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(scree);
  const std::string svg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("95%"), std::string::npos);
  r = run_cli({"autoencoder", "train", "-", "--plot", loss},
              "{" + kSmall + R"(, "train": {"epochs": 2}})");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(loss));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace hw4::testing
