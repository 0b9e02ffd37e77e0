// CNN layer specs, PyTorch's shape inference, and exact parameter and multiply-accumulate counts
// as polynomials in the free symbols (hw4 cnn-params).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hw4/core/polynomial.h"
#include "hw4/core/roots.h"

namespace hw4::core {

enum class LayerType {
  kConv2d,
  kLinear,
  kBatchNorm2d,
  kMaxPool2d,
  kAvgPool2d,
  kAdaptiveAvgPool2d,
  kFlatten,
  kDropout,
  kActivation,
  kConcat,
  kResidual,
  kSequential,
  kRepeat,
  kBlock,
};

// One layer as the input describes it. Sizes that may be symbolic (out, in, channels, groups,
// times) are polynomials; geometry (kernel, stride, padding, dilation) is concrete, [h, w].
// `pointer` is the JSON pointer of the layer's object, so shape errors can name it.
struct Layer {
  LayerType type = LayerType::kActivation;
  std::string type_name;  // as written: "conv2d", "relu", ...
  std::string pointer;
  std::string name;  // the row's label; for kBlock the block's name

  // conv2d, linear: out and the optional declared in; batchnorm2d: `in` holds `channels`.
  Polynomial out;
  std::optional<Polynomial> in;
  std::array<std::int64_t, 2> kernel{1, 1};
  std::array<std::int64_t, 2> stride{1, 1};
  std::array<std::int64_t, 2> padding{0, 0};
  std::array<std::int64_t, 2> dilation{1, 1};
  bool same_padding = false;  // padding "same" (stride 1 only, as PyTorch)
  Polynomial groups = Polynomial(1);
  bool bias = true;
  bool ceil_mode = false;                  // pools
  std::array<std::int64_t, 2> output{1, 1};  // adaptive_avgpool2d

  std::vector<std::vector<Layer>> branches;        // concat; an empty branch is the identity
  std::vector<Layer> body;                         // residual
  std::optional<std::vector<Layer>> shortcut;      // residual; absent is the identity
  std::vector<Layer> layers;                       // sequential, repeat
  Polynomial times;                                // repeat
};

// The shape of one sample (no batch dimension): [C, H, W] (rank 3) or [N] (rank 1). Without an
// `input` the spatial sizes are unknown (nullopt) and only channels are tracked.
struct Shape {
  int rank = 0;  // 0: nothing known yet
  std::vector<std::optional<Polynomial>> dims;

  bool known() const;  // rank > 0 and every dim known
  // "[C, 28, 28]" with each dim in polynomial text, "?" for an unknown one.
  std::string to_text() const;
  friend bool operator==(const Shape& a, const Shape& b) = default;
};

// What counts besides PyTorch's parameters; the defaults are SPEC's (torchvision's) MACs.
struct Conventions {
  bool bias_adds = false;          // count one add per output element of a biased conv/linear
  std::int64_t batchnorm_ops = 0;  // operations per element of a batchnorm2d (0, 1, 2 or 4)
  std::int64_t flops_per_mac = 2;  // FLOPs = flops_per_mac · MACs
};

struct ModelSpec {
  std::string name;
  std::string pointer;  // of the model's layer list
  std::vector<Layer> layers;
};

struct CompareSpec {
  std::string first;
  std::string second;
  std::string metric = "params";  // "params", "macs" or "flops"
  Domain domain;                  // default min 1
  std::string pointer;
};

struct NetworkSpec {
  Symbols symbols;
  std::optional<Shape> input;
  std::map<std::string, std::vector<Layer>> blocks;
  std::vector<ModelSpec> models;
  std::optional<CompareSpec> compare;
  Conventions conventions;
};

// One leaf layer's counts. With a symbolic `repeat` the row stands for every iteration
// (`multiplicity` = times, the path has "*"), counts per iteration.
struct LayerRow {
  std::string path;  // SPEC's path: "3/branches/1/0", "6/*/0"
  const Layer* layer = nullptr;
  Shape input;
  Shape output;
  Polynomial params;
  Polynomial macs;       // conv/linear multiply-accumulates (bias excluded)
  Polynomial extra_ops;  // bias adds and batchnorm ops per the conventions
  Polynomial in_per_group;  // conv: in/groups; linear: in
  Polynomial multiplicity = Polynomial(1);
};

struct ModelCount {
  std::string name;
  std::vector<LayerRow> rows;
  Polynomial params;
  Polynomial macs;   // with input only: MACs + extra_ops of every row
  Polynomial flops;  // flops_per_mac · macs
  Shape output;
  bool has_input = false;
  // A symbolic height/width went through a strided window: sizes assume divisibility.
  bool assumes_divisibility = false;
};

struct Crossing {
  RealRoot root;
  std::optional<Rational> value;  // the metric of either model there (null when irrational)
  double value_approx = 0;
};

struct Comparison {
  std::string first;
  std::string second;
  std::string metric;
  Polynomial first_metric;
  Polynomial second_metric;
  Polynomial difference;  // metric(first) - metric(second)
  // The one free symbol of the difference; empty when it is constant. With more than one
  // symbol `univariate` is false and there are no crossings nor sign.
  std::string symbol;
  bool univariate = true;
  std::vector<Crossing> crossings;
  std::optional<Sign> sign;
  Domain domain;
};

struct NetworkCount {
  std::vector<ModelCount> models;
  std::optional<Comparison> comparison;
};

// Counts every model of the spec and compares two when asked. Throws InputError at a layer's
// pointer for shape errors (channel mismatch, kernel larger than its input, concat or residual
// disagreement, groups not dividing channels, a recursive block) and Error(kMath) on overflow.
NetworkCount count_network(const NetworkSpec& spec);

// Work done so far against its limits, over all the models of a spec: counted layers and
// visited layers after expanding repeats, and the polynomial terms of the rows' counts (which
// bounds pathological symbolic sizes).
struct WorkBudget {
  std::size_t rows = 0;
  std::size_t visits = 0;
  std::size_t terms = 0;
  std::size_t max_rows = 50'000;
  std::size_t max_visits = 1'000'000;
  std::size_t max_terms = 500'000;
};

// Counts one model (used by count_network and by benchmarks); `budget` may be shared by the
// models of one spec (null: a fresh one). Exceeding it is an InputError at the layer.
ModelCount count_model(const NetworkSpec& spec, const ModelSpec& model,
                       WorkBudget* budget = nullptr);

// Compares two counted models on a metric over a domain.
Comparison compare_models(const ModelCount& first, const ModelCount& second,
                          const std::string& metric, const Domain& domain);

// PyTorch's output size of a window (conv or pool) along one axis, for a concrete input size:
// floor((n + 2p - d(k-1) - 1)/s) + 1, or with ceil_mode the ceiling, minus one when the last
// window would start in the right padding. Returns nullopt when the window does not fit.
std::optional<std::int64_t> window_output_size(std::int64_t n, std::int64_t kernel,
                                               std::int64_t stride, std::int64_t padding,
                                               std::int64_t dilation, bool ceil_mode);

}  // namespace hw4::core
