// Reading rnn-equal inputs through the pointer-tracking JsonReader.
#include "cli/read_rnn.h"

#include <fmt/format.h>

namespace hw4::cli {
namespace {

// Large enough for any hand-written or scaled weights, small enough that no sum of them
// overflows to inf (at most 16 hidden units).
constexpr double kMaxWeight = 1e9;
constexpr double kMaxBound = 1e6;

}  // namespace

core::RnnActivation read_rnn_activation(const input::JsonReader& in) {
  const std::string name = in.choice_or("activation", "step", {"step", "step_ge", "sigmoid"});
  if (name == "step_ge") return core::RnnActivation::kStepGe;
  if (name == "sigmoid") return core::RnnActivation::kSigmoid;
  return core::RnnActivation::kStep;
}

core::RnnWeights read_rnn_weights(const input::JsonReader& weights) {
  weights.allow_only({"W", "b", "v", "c0", "r", "c", "y0"});
  core::RnnWeights w;
  const input::JsonReader matrix = weights.at("W");
  w.W = matrix.as_matrix(core::kRnnMaxHidden, 64);
  if (w.W.cols() != 2) {
    matrix[0].fail(fmt::format("expected 2 columns (the weights of a_t and b_t), got {}", w.W.cols()));
  }
  for (Eigen::Index i = 0; i < w.W.rows(); ++i) {
    for (Eigen::Index j = 0; j < 2; ++j) {
      if (std::abs(w.W(i, j)) > kMaxWeight) {
        matrix[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)].fail(
            "expected a number with |value| <= 1e9");
      }
    }
  }
  const auto units = static_cast<std::size_t>(w.W.rows());
  auto read_vector = [&](std::string_view key) {
    const input::JsonReader field = weights.at(key);
    const std::vector<double> values = field.as_vector(core::kRnnMaxHidden);
    if (values.size() != units) {
      field.fail(
          fmt::format("expected {} entries (one per row of W), got {}", units, values.size()));
    }
    Eigen::VectorXd out(static_cast<Eigen::Index>(units));
    for (std::size_t i = 0; i < units; ++i) {
      if (std::abs(values[i]) > kMaxWeight) {
        field[i].fail("expected a number with |value| <= 1e9");
      }
      out(static_cast<Eigen::Index>(i)) = values[i];
    }
    return out;
  };
  w.b = read_vector("b");
  w.v = read_vector("v");
  w.c0 = weights.at("c0").as_double(-kMaxWeight, kMaxWeight);
  w.r = weights.at("r").as_double(-kMaxWeight, kMaxWeight);
  w.c = weights.at("c").as_double(-kMaxWeight, kMaxWeight);
  w.y0 = weights.double_or("y0", 1.0, -kMaxWeight, kMaxWeight);
  return w;
}

std::vector<int> read_rnn_bits(const input::JsonReader& bits) {
  const std::size_t n = bits.size(core::kRnnMaxRunLength);
  std::vector<int> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const input::JsonReader item = bits[i];
    if (!item.is_number() || (item.json() != 0 && item.json() != 1)) {
      item.fail("expected 0 or 1, got " + item.describe());
    }
    out[i] = item.json() == 1 ? 1 : 0;
  }
  return out;
}

void read_rnn_strings(const input::JsonReader& in, std::vector<int>* a, std::vector<int>* b) {
  *a = read_rnn_bits(in.at("a"));
  *b = read_rnn_bits(in.at("b"));
  if (a->size() != b->size()) {
    in.at("b").fail(fmt::format("expected {} bits, as many as a, got {}", a->size(), b->size()));
  }
}

int read_rnn_max_length(const input::JsonReader& in) {
  return static_cast<int>(
      in.int_or("max_length", core::kRnnDefaultMaxLength, 1, core::kRnnMaxExhaustiveLength));
}

core::RnnBounds read_rnn_bounds(const input::JsonReader& in, core::RnnActivation g) {
  const double fallback = g == core::RnnActivation::kSigmoid ? 10.0 : 1.0;
  core::RnnBounds bounds{fallback, fallback, fallback, fallback, fallback, fallback};
  const auto field = in.find("bounds");
  if (!field) return bounds;
  auto positive = [](const input::JsonReader& r) {
    const double x = r.as_double(0, kMaxBound);
    if (x <= 0) r.fail("expected a bound > 0, got " + r.describe());
    return x;
  };
  if (field->is_number()) {
    const double x = positive(*field);
    return {x, x, x, x, x, x};
  }
  if (!field->is_object())
    field->fail("expected a number or an object {W, b, v, c0, r, c}, got " + field->describe());
  field->allow_only({"W", "b", "v", "c0", "r", "c"});
  auto group = [&](std::string_view key, double* out) {
    if (const auto g2 = field->find(key)) *out = positive(*g2);
  };
  group("W", &bounds.W);
  group("b", &bounds.b);
  group("v", &bounds.v);
  group("c0", &bounds.c0);
  group("r", &bounds.r);
  group("c", &bounds.c);
  return bounds;
}

}  // namespace hw4::cli
