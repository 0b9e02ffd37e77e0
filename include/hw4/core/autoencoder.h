// Autoencoder analysis (SPEC section autoencoder): the data (inline rows, CSV text, the seed's
// synthetic low-rank generator), the seeded train/test split and PCA's explained-variance
// spectrum. The trainer is in autoencoder_train.h.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "hw4/core/counter_random.h"

namespace hw4::core {

// A data matrix with one sample per row (samples × features), row-major so that a sample is
// contiguous: the layout the network module's batches use.
template <typename Scalar>
using SampleMatrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Bounds checked before anything is allocated.
inline constexpr std::int64_t kMaxDataCells = std::int64_t{1} << 25;  // 33.5 M: 256 MiB of double
inline constexpr std::int64_t kMaxSamples = 1'000'000;
inline constexpr std::int64_t kMaxFeatures = 1'000'000;

// The seed's synthetic data: X = U·V/√rank + noise·E with U (samples × rank), V (rank ×
// features) and E (samples × features) of independent standard normal entries, so that every
// entry has variance 1 + noise² and X has rank `rank` plus noise.
struct SyntheticSpec {
  std::int64_t samples = 800;
  std::int64_t features = 20000;
  std::int64_t rank = 10;
  double noise = 0.01;
  std::uint64_t seed = 7;
};

// The synthetic matrix's normals come from the counter-based generator (counter_random.h).
// Entry (i, j) of U, V, E uses index i·cols + j of its own stream.
// Streams: 1 = U, 2 = V, 3 = E; 16 = the train/test split; others are the trainer's.

// Generates the synthetic matrix in double or float (each entry is computed in double and
// rounded once). Uses up to `threads` threads; the result does not depend on their number.
// Preconditions (checked by the reader): sizes within the bounds above, 1 ≤ rank ≤
// min(samples, features), noise ≥ 0.
template <typename Scalar>
SampleMatrix<Scalar> synthetic_data(const SyntheticSpec& spec, int threads = 1);

// The shape of a CSV text: rows and fields per row, found without storing any value, so the
// caller can check limits before parsing. Throws Error(kInvalidInput, "line L, column C: ...")
// for a ragged row or an empty text.
struct CsvShape {
  std::int64_t rows = 0;
  std::int64_t columns = 0;
};
CsvShape csv_shape(std::string_view text, bool header);

// Parses comma-separated numbers (one sample per line; blank lines and a final newline are
// ignored; spaces around a number are allowed; "\r\n" line ends too). With `header` the first
// line is skipped. Throws Error(kInvalidInput, "line L, column C: expected a number, got \"x\"")
// naming the 1-based line and column (the field's number) of a non-numeric, non-finite or
// missing cell, and the ragged-row error of csv_shape().
SampleMatrix<double> parse_csv(std::string_view text, bool header);

// A seeded split of sample indices into train and test sets: round(fraction·n) test samples,
// at least one of each when 0 < fraction and n ≥ 2. Both lists are in increasing order.
struct Split {
  std::vector<std::int64_t> train;
  std::vector<std::int64_t> test;
};
Split split_samples(std::int64_t samples, double test_fraction, std::uint64_t seed);

// PCA's spectrum: the eigenvalues of the sample covariance Xcᵀ·Xc/(n − 1) of the centred data
// Xc, in decreasing order, computed in double. With n ≤ d it diagonalises the n × n Gram matrix
// Xc·Xcᵀ (same non-zero eigenvalues, n³ instead of d³); otherwise the d × d matrix Xcᵀ·Xc.
struct PcaResult {
  std::int64_t samples = 0;
  std::int64_t features = 0;
  std::int64_t rank_bound = 0;        // min(n − 1, d): centring removes one dimension
  bool used_gram = false;             // the n × n Gram matrix rather than the covariance
  double total_variance = 0;          // Σ λ = trace of the covariance = ‖Xc‖²_F/(n − 1)
  Eigen::VectorXd eigenvalues;        // min(n, d) values, decreasing, negatives (round-off) → 0
  Eigen::VectorXd ratio;              // λ_k / Σ λ
  Eigen::VectorXd cumulative;         // Σ_{i ≤ k} ratio_i
  std::int64_t numerical_rank = 0;    // eigenvalues above 1e-12 · λ_1 (n − 1 at most)
  std::vector<double> thresholds;     // 0.9, 0.95, 0.99
  std::vector<std::int64_t> components_for;  // smallest k with cumulative_k ≥ t, per threshold
};

inline constexpr double kPcaThresholds[] = {0.9, 0.95, 0.99};

// Throws Error(kMath) when there are fewer than 2 samples or every feature is constant. With
// `rows`, only those samples (the training rows) are used. Float data is widened block by block,
// so the sums are double either way.
template <typename Scalar>
PcaResult pca_spectrum(const SampleMatrix<Scalar>& data, int threads = 1,
                       const std::vector<std::int64_t>* rows = nullptr);

// The smallest k (1-based) whose cumulative ratio reaches t (≥ t − 1e-12, so that a spectrum that
// reaches t exactly is not pushed one further by round-off).
std::int64_t components_for(const Eigen::VectorXd& cumulative, double t);

// Threads to use by default: the hardware's, at least 1.
int default_threads();

}  // namespace hw4::core
