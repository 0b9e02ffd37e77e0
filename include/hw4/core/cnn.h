// CNN layer specs, PyTorch's shape inference, and exact parameter and multiply-accumulate counts
// as polynomials in the free symbols (hw4 cnn-params).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hw4/core/layer_kinds.h"
#include "hw4/core/polynomial.h"
#include "hw4/core/roots.h"

namespace hw4::core {

// One node of an exported graph, counted by its importer through count_leaf (layer_kinds.h).
// `layer` labels its row: type_name is the op type, name is empty.
struct GraphNode {
  std::string path;  // the node's name, or <op_type>_<index> when unnamed
  Layer layer;
  Shape output;       // the node's first output without the batch dimension
  Polynomial params;  // floating-point initializers read, per use
  Polynomial buffers;  // batch-norm running statistics read, per use
  Polynomial macs;    // per sample
};

// A model read from an exported graph (an ONNX file): its nodes in graph order and what the
// file says about itself (SPEC: cnn-params, "Exported models").
struct GraphModel {
  std::vector<GraphNode> nodes;
  std::int64_t opset = 0;
  std::string producer;                   // "name version"
  std::int64_t initializer_elements = 0;  // every initializer once, whatever its type
  std::vector<std::string> uncounted;     // op types holding float initializers, adding 0 MACs
  std::string unknown_shape_node;  // a counted node whose shape stays unknown: MACs unknown
  bool from_pytorch = false;  // PyTorch with convolutions: eval exports fold batch norms (a note)
};

struct ModelSpec {
  std::string name;
  std::string pointer;  // of the model's layer list
  std::vector<Layer> layers;
  std::shared_ptr<const GraphModel> graph = nullptr;  // an imported model: `layers` is empty
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
  std::shared_ptr<const GraphModel> graph;  // an imported model
  Polynomial buffers;                       // an imported model's batch-norm statistics
  bool macs_known = true;  // false when an imported node's shape stays unknown
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
