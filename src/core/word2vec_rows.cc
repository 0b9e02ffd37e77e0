// How many rows each thread of the skip-gram trainer copies (word2vec_rows.h).
#include "core/word2vec_rows.h"

#include <cmath>

namespace hw4::core::w2v {

std::array<std::size_t, 2> replicated_rows(const std::vector<std::int64_t>& counts,
                                           const Word2VecOptions& options, std::size_t row_vectors) {
  constexpr double kMinReads = 3;  // per kTailSyncTokens
  double tokens = 0, noise_total = 0;
  for (std::int64_t c : counts) {
    tokens += static_cast<double>(c);
    noise_total += std::pow(static_cast<double>(c), 0.75);
  }
  const double pairs = static_cast<double>(kTailSyncTokens) * (options.window + 1);
  const std::size_t budget = std::min(counts.size(), kReplicaBytes / (2 * 2 * row_vectors * sizeof(Vec)));
  std::array<std::size_t, 2> rows{0, 0};
  while (rows[0] < budget && pairs * static_cast<double>(counts[rows[0]]) / tokens >= kMinReads) ++rows[0];
  while (rows[1] < budget) {
    const double c = static_cast<double>(counts[rows[1]]);
    if (pairs * (c / tokens + options.negative * std::pow(c, 0.75) / noise_total) < kMinReads) break;
    ++rows[1];
  }
  return rows;
}

}  // namespace hw4::core::w2v
