// Autoencoder data and PCA: the CSV parser's errors, the synthetic generator's statistics, the
// split, and the spectrum against scikit-learn's (reference cases) and against its own rank.
#include "hw4/core/autoencoder.h"

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "hw4/error.h"

namespace hw4::core {
namespace {

constexpr double kTol = 1e-9;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const std::string kRefDir = std::string(HW4_SOURCE_DIR) + "/tests/reference/autoencoder/";

std::string csv_error_of(const std::string& text, bool header = false) {
  try {
    parse_csv(text, header);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput);
    return e.what();
  }
  return "no error";
}

TEST(AutoencoderCsv, ParsesNumbersHeaderSpacesAndCrlf) {
  const auto x = parse_csv("a,b\r\n1, 2.5\r\n\r\n-3e2,+4\r\n", true);
  ASSERT_EQ(x.rows(), 2);
  ASSERT_EQ(x.cols(), 2);
  EXPECT_EQ(x(0, 1), 2.5);
  EXPECT_EQ(x(1, 0), -300.0);
  EXPECT_EQ(x(1, 1), 4.0);
}

TEST(AutoencoderCsv, NamesLineAndColumnOfEachError) {
  EXPECT_EQ(csv_error_of("1,2\n3,x\n"), "line 2, column 2: expected a number, got \"x\"");
  EXPECT_EQ(csv_error_of("1,2\n3,\n"), "line 2, column 2: empty cell, expected a number");
  EXPECT_EQ(csv_error_of("1,2\n3,nan\n"), "line 2, column 2: expected a finite number, got \"nan\"");
  EXPECT_EQ(csv_error_of("1,2\n3,1e999\n"),
            "line 2, column 2: expected a finite number, got \"1e999\"");
  EXPECT_EQ(csv_error_of("1,2,3\n\n4,5\n"),
            "line 3, column 2: the row ends after 2 columns, expected 3 columns as on line 1");
  EXPECT_EQ(csv_error_of("1,2\n4,5,6\n"),
            "line 2, column 3: extra column, expected 2 columns as on line 1");
  EXPECT_EQ(csv_error_of("\n \n"), "no data rows");
  EXPECT_EQ(csv_error_of("", true), "the file is empty, expected a header line");
}

TEST(AutoencoderSynthetic, HasTheSpecVarianceAndRank) {
  SyntheticSpec spec{200, 300, 3, 0.5, 11};
  const auto x = synthetic_data<double>(spec, 2);
  // Each entry has variance 1 + noise².
  const double variance = x.squaredNorm() / static_cast<double>(x.size());
  EXPECT_NEAR(variance, 1.25, 0.05);
  // Without noise the rank is exactly `rank`: the 4th PCA eigenvalue vanishes.
  spec.noise = 0;
  const auto clean = synthetic_data<double>(spec, 1);
  const PcaResult pca = pca_spectrum(clean, 1);
  EXPECT_EQ(pca.numerical_rank, 3);
  EXPECT_NEAR(pca.cumulative(2), 1.0, 1e-12);
  // Threads do not change the matrix; float is the double matrix rounded once.
  EXPECT_EQ(synthetic_data<double>(spec, 1), synthetic_data<double>(spec, 3));
  EXPECT_EQ(synthetic_data<float>(spec, 2), clean.cast<float>());
}

TEST(AutoencoderSynthetic, NormalsHaveUnitVariance) {
  const std::uint64_t key = stream_key(5, 3);
  double sum = 0, sum_sq = 0;
  constexpr int kCount = 200000;
  for (int i = 0; i < kCount; ++i) {
    const double z = counter_normal(key, static_cast<std::uint64_t>(i));
    sum += z;
    sum_sq += z * z;
  }
  EXPECT_NEAR(sum / kCount, 0.0, 0.01);
  EXPECT_NEAR(sum_sq / kCount, 1.0, 0.01);
}

TEST(AutoencoderSplit, IsASeededPartition) {
  const Split a = split_samples(10, 0.2, 3), b = split_samples(10, 0.2, 3),
              c = split_samples(10, 0.2, 4);
  EXPECT_EQ(a.test, b.test);
  EXPECT_EQ(a.test.size(), 2u);
  EXPECT_EQ(a.train.size(), 8u);
  std::vector<std::int64_t> all = a.train;
  all.insert(all.end(), a.test.begin(), a.test.end());
  std::sort(all.begin(), all.end());
  for (std::int64_t i = 0; i < 10; ++i) EXPECT_EQ(all[static_cast<std::size_t>(i)], i);
  EXPECT_NE(a.test, c.test);
  EXPECT_EQ(split_samples(3, 0.01, 1).test.size(), 1u);
  EXPECT_EQ(split_samples(3, 0.99, 1).train.size(), 1u);
  EXPECT_TRUE(split_samples(5, 0.0, 1).test.empty());
}

void expect_matches_reference(const SampleMatrix<double>& x, const std::string& name) {
  const auto expected = nlohmann::json::parse(read_file(kRefDir + name + ".expected.json"));
  for (const int threads : {1, 2}) {
    const PcaResult pca = pca_spectrum(x, threads);
    EXPECT_EQ(pca.samples, expected["samples"].get<std::int64_t>());
    EXPECT_EQ(pca.features, expected["features"].get<std::int64_t>());
    const auto& ratios = expected["explained_variance_ratio"];
    for (std::size_t k = 0; k < ratios.size(); ++k) {
      const double want = ratios[k].get<double>();
      EXPECT_NEAR(pca.ratio(static_cast<Eigen::Index>(k)), want, 1e-10 + 1e-7 * want) << k;
    }
    const auto& comps = expected["components_for"];
    EXPECT_EQ(pca.components_for[0], comps["0.9"].get<std::int64_t>());
    EXPECT_EQ(pca.components_for[1], comps["0.95"].get<std::int64_t>());
    EXPECT_EQ(pca.components_for[2], comps["0.99"].get<std::int64_t>());
  }
}

TEST(AutoencoderPca, MatchesScikitLearnOnSmallRows) {
  SampleMatrix<double> x(6, 3);
  x << -2.1, -2.9, 0.05, -1.8, -1.2, 0.1, -0.3, -0.7, -0.1, 0.1, 0.9, -0.05, 1.8, 1.2, 0.1, 2.3,
      2.7, -0.1;
  expect_matches_reference(x, "a01_rows_small");
}

TEST(AutoencoderPca, DigitsNeed29ComponentsFor95Percent) {
  const auto x = parse_csv(read_file(kRefDir + "digits.csv"), false);
  ASSERT_EQ(x.rows(), 1797);
  expect_matches_reference(x, "a02_digits");
  const PcaResult pca = pca_spectrum(x, 2);
  EXPECT_NEAR(pca.cumulative(27), 0.9499011267982516, 1e-9);  // 28 components fall short
  EXPECT_EQ(pca.components_for[1], 29);
}

TEST(AutoencoderPca, GramAndCovarianceAgree) {
  // 30 × 40 goes through the Gram matrix, its transpose through the covariance; both spectra
  // are the singular values² of the centred matrix, so they agree on the first min(n, d) − 1.
  const auto x = synthetic_data<double>({30, 40, 5, 0.3, 2}, 1);
  const PcaResult wide = pca_spectrum(x, 2);
  SampleMatrix<double> tall = x.transpose();
  // Centre the other way too so the spectra compare: double-centred data is centred per row
  // and per column, and then XᵀX and XXᵀ share their eigenvalues.
  SampleMatrix<double> both = x;
  both.rowwise() -= both.colwise().mean();
  both.colwise() -= both.rowwise().mean();
  const PcaResult a = pca_spectrum(both, 1);
  const PcaResult b = pca_spectrum(SampleMatrix<double>(both.transpose()), 1);
  EXPECT_TRUE(wide.used_gram);
  EXPECT_TRUE(a.used_gram);
  EXPECT_FALSE(b.used_gram);
  for (Eigen::Index k = 0; k < 29; ++k) {
    EXPECT_NEAR(a.eigenvalues(k) * 29.0, b.eigenvalues(k) * 39.0, kTol * a.eigenvalues(0)) << k;
  }
  EXPECT_EQ(wide.rank_bound, 29);
  EXPECT_EQ(pca_spectrum(tall, 1).rank_bound, 30);
}

TEST(AutoencoderPca, RejectsDegenerateData) {
  SampleMatrix<double> one(1, 3);
  one << 1, 2, 3;
  EXPECT_THROW(pca_spectrum(one, 1), Error);
  SampleMatrix<double> constant = SampleMatrix<double>::Constant(4, 3, 2.0);
  try {
    pca_spectrum(constant, 1);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "every feature is constant: the data has no variance");
  }
}

}  // namespace
}  // namespace hw4::core
