// ONNX model -> core::GraphModel: the ONNX module reads and shape-infers the model, and each node
// is counted here by core's layer kinds.
#include "cli/read_onnx.h"

#include <algorithm>
#include <new>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "cli/onnx_module.h"
#include "hw4/core/layer_kinds.h"
#include "hw4/error.h"

namespace hw4::cli {
namespace {

using core::Polynomial;
using Shapes = std::unordered_map<std::string, OnnxDims>;

constexpr std::int64_t kMaxElements = std::int64_t{1} << 50;

[[noreturn]] void fail(const std::string& message) { throw InputError("", message); }

std::int64_t checked_product(const std::vector<std::int64_t>& dims, const std::string& what) {
  std::int64_t n = 1;
  for (std::int64_t d : dims) {
    if (d < 0) fail(fmt::format("{} has a negative dimension {}", what, d));
    if (d != 0 && n > kMaxElements / d) fail(fmt::format("{} has more than 2^50 elements", what));
    n *= d;
  }
  return n;
}

// Every dimension known: the sizes; else nullopt.
std::optional<std::vector<std::int64_t>> known_dims(
    const Shapes& shapes, const std::string& name) {
  auto it = shapes.find(name);
  if (it == shapes.end()) return std::nullopt;
  std::vector<std::int64_t> dims;
  for (const auto& d : it->second) {
    if (!d) return std::nullopt;
    dims.push_back(*d);
  }
  return dims;  // empty for a scalar (a shape entry without dims)
}

std::int64_t product(const std::vector<std::int64_t>& dims) {
  std::int64_t n = 1;
  for (std::int64_t d : dims) n *= d;
  return n;
}

core::Shape sample_shape(const std::optional<std::vector<std::int64_t>>& dims) {
  core::Shape s;
  if (!dims || dims->empty()) return s;
  for (std::size_t i = 1; i < dims->size(); ++i) s.dims.emplace_back(Polynomial((*dims)[i]));
  s.rank = static_cast<int>(s.dims.size());
  return s;
}

bool counts_macs(const std::string& op) {
  return op == "Conv" || op == "ConvTranspose" || op == "Gemm" || op == "MatMul" || op == "LSTM" ||
         op == "GRU" || op == "RNN";
}

core::Shape shape_of(const std::vector<std::int64_t>& dims) {
  std::vector<std::optional<Polynomial>> d;
  for (std::int64_t x : dims) d.emplace_back(Polynomial(x));
  return core::make_shape(std::move(d));
}

// The MACs of one node per sample, counted by core's layer kinds (count_leaf), or nullopt when
// a shape it needs is unknown. `batch` is the graph's batch, which Gemm and MatMul (whose first
// dimension is not always the batch) divide their whole count by.
std::optional<Polynomial> node_macs(const OnnxNode& node, const Shapes& shapes, std::int64_t batch) {
  auto shape = [&](std::size_t i) -> std::optional<std::vector<std::int64_t>> {
    if (i >= node.inputs.size()) return std::nullopt;
    return known_dims(shapes, node.inputs[i]);
  };
  const auto y = node.outputs.empty() ? std::nullopt : known_dims(shapes, node.outputs[0]);
  const std::string& op = node.op_type;
  if (op == "Conv" || op == "ConvTranspose") {
    // Output positions (Conv) or input positions (ConvTranspose) are all the count needs, so the
    // layer is an equivalent unpadded stride-1 window over them: it reproduces ONNX's shapes
    // whatever the padding mode (asymmetric pads, auto_pad), and the formula is core's.
    const auto w = shape(1);
    const auto x = shape(0);
    const auto& positions = op == "Conv" ? y : x;
    if (!w || !positions || w->size() < 3 || w->size() > 5 || positions->size() != w->size()) {
      return std::nullopt;
    }
    const std::int64_t groups = node.int_attribute("group", 1);
    const std::size_t axes = w->size() - 2;
    core::Layer layer = core::make_layer((op == "Conv" ? "conv" : "conv_transpose") + std::to_string(axes) + "d");
    layer.groups = Polynomial(groups);
    // Conv's weight is [out, in/g, k...], ConvTranspose's [in, out/g, k...].
    layer.out = op == "Conv" ? Polynomial((*w)[0]) : Polynomial((*w)[1] * groups);
    std::vector<std::int64_t> in{op == "Conv" ? (*w)[1] * groups : (*w)[0]};
    for (std::size_t a = 0; a < axes; ++a) {
      const std::int64_t k = (*w)[a + 2];
      layer.kernel.push_back(k);
      in.push_back(op == "Conv" ? (*positions)[a + 2] + k - 1 : (*positions)[a + 2]);
    }
    return core::count_leaf(layer, shape_of(in)).macs;
  }
  if (op == "Gemm" || op == "MatMul") {
    // Every output element is an inner product of K terms: a linear layer over the output's
    // rows (batch and broadcast dimensions included), per sample.
    const auto a = shape(0);
    if (!a || !y || a->empty()) return std::nullopt;
    const std::int64_t k = op == "Gemm" && node.int_attribute("transA", 0) != 0 ? a->front() : a->back();
    const std::int64_t n = y->empty() ? 1 : y->back();
    if (n == 0) return Polynomial(0);
    core::Layer layer = core::make_layer("linear");
    layer.out = Polynomial(n);
    return core::count_leaf(layer, shape_of({product(*y) / n, k})).macs / core::Rational(batch);
  }
  // LSTM, GRU, RNN: X is [T, B, I] ([B, T, I] with layout 1), W is [D, G·H, I]; one node is one
  // layer, counted on one sample's [T, I].
  const auto x = shape(0);
  const auto w = shape(1);
  if (!x || !w || x->size() != 3 || w->size() != 3) return std::nullopt;
  core::Layer layer = core::make_layer(op == "LSTM" ? "lstm" : op == "GRU" ? "gru" : "rnn");
  const std::int64_t gates = op == "LSTM" ? 4 : op == "GRU" ? 3 : 1;
  layer.out = Polynomial(node.int_attribute("hidden_size", (*w)[1] / gates));
  layer.bidirectional = (*w)[0] == 2;
  const std::int64_t steps = node.int_attribute("layout", 0) == 0 ? (*x)[0] : (*x)[1];
  return core::count_leaf(layer, shape_of({steps, (*x)[2]})).macs;
}

}  // namespace

bool looks_like_onnx(int first_byte) {
  return first_byte >= 0 && first_byte < 0x20 && first_byte != ' ' && first_byte != '\t' &&
         first_byte != '\n' && first_byte != '\r';
}

std::pair<std::string, std::vector<std::int64_t>> parse_input_shape(const std::string& text,
                                                                    const std::string& pointer) {
  const auto eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw InputError(pointer, fmt::format("expected NAME=1x3x224x224, got \"{}\"", text));
  }
  std::vector<std::int64_t> dims;
  std::size_t at = eq + 1;
  while (at <= text.size()) {
    const auto x = std::min(text.find('x', at), text.size());
    const std::string part = text.substr(at, x - at);
    std::int64_t d = 0;
    const bool digits = !part.empty() && part.size() <= 12 &&
                        std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) d = std::stoll(part);
    if (!digits || d < 1) {
      throw InputError(pointer, fmt::format("expected NAME=1x3x224x224 (sizes from 1 to 10^12), got \"{}\"", text));
    }
    dims.push_back(d);
    at = x + 1;
  }
  return {text.substr(0, eq), dims};
}

core::GraphModel read_onnx(std::istream& in, const InputShapes& shapes) {
  OnnxGraph graph;
  std::string error;
  switch (load_onnx_graph()(in, shapes, graph, error)) {
    case OnnxLoadStatus::kOk:
      break;
    case OnnxLoadStatus::kNotAModel:
      fail(error);
    case OnnxLoadStatus::kOutOfMemory:
      throw std::bad_alloc();
    case OnnxLoadStatus::kFailed:
      throw Error(ErrorKind::kInternal, "reading the ONNX model failed inside ONNX or protobuf: " + error);
  }

  core::GraphModel out;
  out.opset = graph.opset;
  out.producer = graph.producer_name + (graph.producer_version.empty() ? "" : " " + graph.producer_version);
  // The elements of each floating-point initializer (a weight), by name; counted once here.
  std::unordered_map<std::string, std::int64_t> weight_elements;
  for (const auto& t : graph.initializers) {
    const std::int64_t n = checked_product(t.dims, "initializer '" + t.name + "'");
    out.initializer_elements += n;
    if (t.floating) {
      weight_elements[t.name] = n;
    } else {
      weight_elements.erase(t.name);  // a later initializer of the same name replaces it
    }
  }

  // Parameters and buffers per use. A tensor an Identity passes on is its input's (exporters
  // alias shared weights that way).
  std::unordered_map<std::string, std::string> identity_of;
  std::set<std::string> uncounted;
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    const OnnxNode& node = graph.nodes[i];
    core::GraphNode g;
    g.path = node.name.empty() ? fmt::format("{}_{}", node.op_type, i) : node.name;
    g.layer.type_name = node.op_type;
    if (!node.outputs.empty()) g.output = sample_shape(known_dims(graph.shapes, node.outputs[0]));
    if (node.op_type == "Identity" && node.inputs.size() == 1 && node.outputs.size() == 1) {
      auto it = identity_of.find(node.inputs[0]);
      identity_of[node.outputs[0]] = it == identity_of.end() ? node.inputs[0] : it->second;
      out.nodes.push_back(std::move(g));
      continue;
    }
    for (std::size_t k = 0; k < node.inputs.size(); ++k) {
      std::string name = node.inputs[k];
      if (auto it = identity_of.find(name); it != identity_of.end()) name = it->second;
      auto t = weight_elements.find(name);
      if (t == weight_elements.end()) continue;
      const std::int64_t n = t->second;
      if (node.op_type == "BatchNormalization" && (k == 3 || k == 4)) {
        g.buffers += Polynomial(n);
      } else {
        g.params += Polynomial(n);
        if (!counts_macs(node.op_type) && node.op_type != "Gather" && node.op_type != "BatchNormalization") {
          uncounted.insert(node.op_type);
        }
      }
    }
    if (counts_macs(node.op_type)) {
      if (auto macs = node_macs(node, graph.shapes, graph.batch)) {
        g.macs = *macs;
      } else if (out.unknown_shape_node.empty()) {
        out.unknown_shape_node = g.path;
      }
    }
    out.nodes.push_back(std::move(g));
  }
  out.uncounted.assign(uncounted.begin(), uncounted.end());
  out.from_pytorch = graph.producer_name == "pytorch" &&
                     std::any_of(graph.nodes.begin(), graph.nodes.end(),
                                 [](const OnnxNode& n) { return n.op_type == "Conv"; });
  return out;
}

}  // namespace hw4::cli
