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
constexpr Eigen::Index kCentredBlock = 256;
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

template <typename Scalar>
PcaResult pca_spectrum(const SampleMatrix<Scalar>& all, int threads,
                       const std::vector<std::int64_t>* rows) {
  // The selected rows, as an index list (Eigen's indexed view).
  std::vector<Eigen::Index> index;
  if (rows != nullptr) {
    index.assign(rows->begin(), rows->end());
  } else {
    index.resize(static_cast<std::size_t>(all.rows()));
    for (Eigen::Index i = 0; i < all.rows(); ++i) index[static_cast<std::size_t>(i)] = i;
  }
  const auto data = all(index, Eigen::all);
  const Eigen::Index n = static_cast<Eigen::Index>(index.size()), d = all.cols();
  if (n < 2) {
    throw Error(ErrorKind::kMath, "PCA needs at least 2 samples, got " + std::to_string(n));
  }
  PcaResult result;
  result.samples = n;
  result.features = d;
  result.rank_bound = std::min<std::int64_t>(n - 1, d);
  result.used_gram = n <= d;
  Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(d);
  for (Eigen::Index i = 0; i < n; ++i) mean += data.row(i).template cast<double>();
  mean /= static_cast<double>(n);

  const Eigen::Index size = result.used_gram ? n : d;
  const Eigen::Index extent = result.used_gram ? d : n;  // what the blocks run over
  std::vector<Eigen::MatrixXd> partial(kParts, Eigen::MatrixXd::Zero(size, size));
  auto accumulate = [&](int part) {
    Eigen::MatrixXd block;
    const Eigen::Index begin = extent * part / kParts, end = extent * (part + 1) / kParts;
    for (Eigen::Index at = begin; at < end; at += kCentredBlock) {
      const Eigen::Index width = std::min(kCentredBlock, end - at);
      if (result.used_gram) {
        // Xc[:, block]: n × width; G += Xc[:, block]·Xc[:, block]ᵀ.
        block = data.middleCols(at, width).template cast<double>().rowwise() -
                mean.segment(at, width);
      } else {
        // Xc[block, :]ᵀ: d × width; C += Xc[block, :]ᵀ·Xc[block, :].
        block = (data.middleRows(at, width).template cast<double>().rowwise() - mean)
                    .transpose();
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

template PcaResult pca_spectrum<double>(const SampleMatrix<double>&, int,
                                        const std::vector<std::int64_t>*);
template PcaResult pca_spectrum<float>(const SampleMatrix<float>&, int,
                                       const std::vector<std::int64_t>*);

}  // namespace hw4::core
