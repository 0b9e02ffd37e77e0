// How per-sample losses combine into one number: summed (as the problem set writes L) or averaged.
#pragma once

namespace hw4::core {

enum class Reduction { kSum, kMean };

// The factor each per-sample term is multiplied by: 1 for a sum, 1/count for a mean.
inline double reduction_scale(Reduction reduction, long count) {
  return reduction == Reduction::kSum ? 1.0 : 1.0 / static_cast<double>(count);
}

}  // namespace hw4::core
