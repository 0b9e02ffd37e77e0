// PCA's explained-variance spectrum through the smaller of the Gram and covariance matrices.
#include <algorithm>
#include <cmath>
#include <string>
#include <thread>

#include <Eigen/Eigenvalues>

#include "hw4/core/autoencoder.h"
#include "hw4/error.h"

namespace hw4::core {

namespace {

// Features (Gram) or samples (covariance) are centred and multiplied block by block, so no
// centred copy of the whole matrix is made and each block stays in cache.
constexpr Eigen::Index kBlock = 256;
// A fixed number of partial sums (one per thread at most), so the rounding does not depend on
// the number of threads.
constexpr int kParts = 2;

}  // namespace

std::int64_t components_for(const Eigen::VectorXd& cumulative, double t) {
  for (Eigen::Index k = 0; k < cumulative.size(); ++k) {
    if (cumulative(k) >= t - 1e-12) return k + 1;
  }
  return cumulative.size();
}

PcaResult pca_spectrum(const SampleMatrix<double>& data, int threads) {
  const Eigen::Index n = data.rows(), d = data.cols();
  if (n < 2) {
    throw Error(ErrorKind::kMath, "PCA needs at least 2 samples, got " + std::to_string(n));
  }
  PcaResult result;
  result.samples = n;
  result.features = d;
  result.rank_bound = std::min<std::int64_t>(n - 1, d);
  result.used_gram = n <= d;
  const Eigen::RowVectorXd mean = data.colwise().mean();

  const Eigen::Index size = result.used_gram ? n : d;
  const Eigen::Index extent = result.used_gram ? d : n;  // what the blocks run over
  std::vector<Eigen::MatrixXd> partial(kParts, Eigen::MatrixXd::Zero(size, size));
  auto accumulate = [&](int part) {
    Eigen::MatrixXd block;
    const Eigen::Index begin = extent * part / kParts, end = extent * (part + 1) / kParts;
    for (Eigen::Index at = begin; at < end; at += kBlock) {
      const Eigen::Index width = std::min(kBlock, end - at);
      if (result.used_gram) {
        // Xc[:, block]: n × width; G += Xc[:, block]·Xc[:, block]ᵀ.
        block = data.middleCols(at, width).rowwise() - mean.segment(at, width);
      } else {
        // Xc[block, :]ᵀ: d × width; C += Xc[block, :]ᵀ·Xc[block, :].
        block = (data.middleRows(at, width).rowwise() - mean).transpose();
      }
      partial[static_cast<std::size_t>(part)].selfadjointView<Eigen::Lower>().rankUpdate(block);
    }
  };
  if (threads >= 2) {
    std::thread helper(accumulate, 1);
    accumulate(0);
    helper.join();
  } else {
    for (int part = 0; part < kParts; ++part) accumulate(part);
  }
  Eigen::MatrixXd scatter = partial[0];
  for (int part = 1; part < kParts; ++part) scatter += partial[static_cast<std::size_t>(part)];
  partial.clear();

  const double trace = scatter.diagonal().sum();
  if (!(trace > 0)) {
    throw Error(ErrorKind::kMath, "every feature is constant: the data has no variance");
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(scatter, Eigen::EigenvaluesOnly);
  if (solver.info() != Eigen::Success) {
    throw Error(ErrorKind::kMath, "the eigenvalue solver did not converge");
  }
  const double scale = 1.0 / static_cast<double>(n - 1);
  // Eigen returns increasing eigenvalues; PCA lists them decreasing.
  const Eigen::Index count = std::min(n, d);
  result.eigenvalues = solver.eigenvalues().reverse().head(count).cwiseMax(0.0) * scale;
  result.total_variance = trace * scale;
  result.ratio = result.eigenvalues / result.total_variance;
  result.cumulative.resize(count);
  double running = 0;
  for (Eigen::Index k = 0; k < count; ++k) {
    running += result.eigenvalues(k);
    result.cumulative(k) = running / result.total_variance;
  }
  const double floor = 1e-10 * result.eigenvalues(0);
  result.numerical_rank = (result.eigenvalues.array() > floor).count();
  for (const double t : kPcaThresholds) {
    result.thresholds.push_back(t);
    result.components_for.push_back(components_for(result.cumulative, t));
  }
  return result;
}

}  // namespace hw4::core
