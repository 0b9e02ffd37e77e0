// CNN layer specs, PyTorch's shape inference, and exact parameter and multiply-accumulate counts
// as polynomials in the free symbols (hw4 cnn-params).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hw4/core/layer_kinds.h"
#include "hw4/core/polynomial.h"
#include "hw4/core/roots.h"

namespace hw4::core {

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

// One leaf layer's counts (count_leaf's) where it sits in the model. With a symbolic `repeat`
// the row stands for every iteration (`multiplicity` = times, the path has "*"), counts per
// iteration.
struct LayerRow : LeafCount {
  std::string path;  // SPEC's path: "3/branches/1/0", "6/*/0"
  const Layer* layer = nullptr;
  Shape input;
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

}  // namespace hw4::core
