// The count formulas of cnn-params' layers, shared by the JSON layers and imported graphs.
#include "hw4/core/layer_counts.h"

namespace hw4::core {

Polynomial conv_params(const Polynomial& out, const Polynomial& in_per_group,
                       std::int64_t kernel_volume, bool bias) {
  return out * (in_per_group * Polynomial(kernel_volume) + Polynomial(bias ? 1 : 0));
}

Polynomial conv_macs(const Polynomial& out, const Polynomial& positions,
                     const Polynomial& in_per_group, std::int64_t kernel_volume) {
  return out * positions * in_per_group * Polynomial(kernel_volume);
}

Polynomial conv_transpose_macs(const Polynomial& in, const Polynomial& positions,
                               const Polynomial& out_per_group, std::int64_t kernel_volume) {
  return in * positions * out_per_group * Polynomial(kernel_volume);
}

Polynomial linear_params(const Polynomial& out, const Polynomial& in, bool bias) {
  return out * (in + Polynomial(bias ? 1 : 0));
}

Polynomial linear_macs(const Polynomial& positions, const Polynomial& in, const Polynomial& out) {
  return positions * in * out;
}

Polynomial recurrent_macs(const Polynomial& steps, std::int64_t directions, std::int64_t gates,
                          const Polynomial& hidden, const Polynomial& input) {
  return steps * Polynomial(directions * gates) * hidden * (input + hidden);
}

}  // namespace hw4::core
