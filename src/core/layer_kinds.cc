// The layer-kind table assembled from its family files, the checks the families share, and
// count_leaf, the one entry point that counts a leaf layer for every front end.
#include "hw4/core/layer_kinds.h"

#include <algorithm>
#include <utility>

#include "core/layer_kinds_family.h"
#include "hw4/error.h"

namespace hw4::core {

bool Shape::known() const {
  return rank > 0 && std::all_of(dims.begin(), dims.end(), [](const auto& d) { return d.has_value(); });
}

std::string Shape::to_text() const {
  if (rank == 0) return "[?]";
  std::string s = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (i > 0) s += ", ";
    s += dims[i] ? dims[i]->to_text() : "?";
  }
  return s + "]";
}

Shape make_shape(std::vector<std::optional<Polynomial>> dims) {
  Shape s;
  s.rank = static_cast<int>(dims.size());
  s.dims = std::move(dims);
  return s;
}

namespace {

Notation node(Notation::Kind kind, std::vector<Notation> parts) {
  Notation n;
  n.kind = kind;
  n.parts = std::move(parts);
  return n;
}

}  // namespace

Notation sym(std::string plain, std::string latex) {
  Notation n;
  n.kind = Notation::Kind::kSymbol;
  n.latex = latex.empty() ? plain : std::move(latex);
  n.plain = std::move(plain);
  return n;
}

Notation word(std::string text) {
  Notation n;
  n.kind = Notation::Kind::kName;
  n.plain = std::move(text);
  return n;
}

Notation value(const Polynomial& p) {
  Notation n;
  n.kind = Notation::Kind::kPolynomial;
  n.value = p;
  return n;
}

Notation factor(const Polynomial& p) {
  Notation n = value(p);
  n.kind = Notation::Kind::kFactor;
  return n;
}

Notation product(std::vector<Notation> parts) { return node(Notation::Kind::kProduct, std::move(parts)); }
Notation sum(std::vector<Notation> parts) { return node(Notation::Kind::kSum, std::move(parts)); }
Notation sequence(std::vector<Notation> parts) { return node(Notation::Kind::kSequence, std::move(parts)); }
Notation parens(Notation inner) { return node(Notation::Kind::kParens, {std::move(inner)}); }

Polynomial Tensor::elements() const {
  Polynomial n(1);
  for (const auto& d : dims) n *= d;
  return n;
}

namespace kinds {

void fail(const std::string& pointer, const std::string& message) {
  throw InputError(pointer, message);
}

std::string field_pointer(const Layer& layer, const std::string& name) {
  return layer.pointer + "/" + name;
}

void check_positive(const Polynomial& size, const std::string& pointer, const std::string& what) {
  if (auto c = size.constant_value(); c && (!c->is_integer() || c->sign() <= 0)) {
    fail(pointer, what + " must be a positive integer, got " + c->to_string());
  }
}

bool divides_exactly(const Polynomial& n, const Polynomial& g) {
  if (auto c = g.constant_value()) {
    if (c->is_zero()) return false;
    const Polynomial q = n / *c;
    return std::all_of(q.terms().begin(), q.terms().end(),
                       [](const Term& t) { return t.coefficient.is_integer(); });
  }
  auto r = n.constant_ratio(g);
  return r && r->is_integer() && r->sign() > 0;
}

std::int64_t axis_value(const std::vector<std::int64_t>& values, std::size_t axis,
                        std::int64_t fallback) {
  return axis < values.size() ? values[axis] : fallback;
}

void need_rank(const Layer& layer, const Shape& in, std::initializer_list<int> ranks,
               const std::string& expected) {
  if (in.rank == 0 || std::find(ranks.begin(), ranks.end(), in.rank) != ranks.end()) return;
  fail(layer.pointer, layer.type_name + " needs " + expected + ", got " + in.to_text());
}

Polynomial channels_in(const Layer& layer, const Shape& in, std::size_t index, const char* key,
                       const char* what) {
  std::optional<Polynomial> incoming;
  if (in.rank > 0) incoming = in.dims[index];
  if (layer.in) {
    if (incoming && !(*incoming == *layer.in)) {
      fail(field_pointer(layer, key), std::string("'") + key + "' is " + layer.in->to_text() +
                                          " but the input has " + incoming->to_text() + " " + what);
    }
    return *layer.in;
  }
  if (!incoming) {
    fail(layer.pointer, std::string("cannot infer '") + key +
                            "': give it, or give the network an 'input'");
  }
  return *incoming;
}

const char* axis_name(std::size_t axis, std::size_t axes) {
  static const char* const kNames[3][3] = {
      {"length", "", ""}, {"height", "width", ""}, {"depth", "height", "width"}};
  return kNames[axes - 1][axis];
}

Polynomial window_size(const Layer& layer, const Polynomial& n, std::size_t axis, std::size_t axes,
                       std::int64_t stride, bool pool, LeafCount& out) {
  const std::int64_t k = layer.kernel[axis];
  const std::int64_t p = axis_value(layer.padding, axis, 0);
  const std::int64_t d = axis_value(layer.dilation, axis, 1);
  const std::string name = axis_name(axis, axes);
  if (auto c = n.constant_value()) {
    if (!c->is_integer()) {
      fail(layer.pointer, "input " + name + " must be an integer, got " + c->to_string());
    }
    auto size = window_output_size(c->num(), k, stride, p, d, pool && layer.ceil_mode);
    if (!size) {
      fail(field_pointer(layer, "kernel"), "kernel " + std::to_string(d * (k - 1) + 1) +
                                               " is larger than the padded input " + name + " " +
                                               std::to_string(c->num() + 2 * p));
    }
    return Polynomial(*size);
  }
  if (stride > 1) out.assumes_divisibility = true;
  return (n + Polynomial(2 * p - d * (k - 1) - 1)) / Rational(stride) + Polynomial(1);
}

Tensor tensor(std::string name, std::vector<Notation> rule, std::vector<Polynomial> dims) {
  return Tensor{std::move(name), std::move(rule), std::move(dims)};
}

Polynomial tensor_params(const std::vector<Tensor>& tensors) {
  Polynomial total;
  for (const auto& t : tensors) total += t.elements();
  return total;
}

}  // namespace kinds

std::optional<std::int64_t> window_output_size(std::int64_t n, std::int64_t kernel,
                                               std::int64_t stride, std::int64_t padding,
                                               std::int64_t dilation, bool ceil_mode) {
  // PyTorch's div_rtn: division rounding toward negative infinity.
  const std::int64_t span = n + 2 * padding - dilation * (kernel - 1) - 1 + (ceil_mode ? stride - 1 : 0);
  std::int64_t out = (span >= 0 ? span / stride : -((-span + stride - 1) / stride)) + 1;
  // PyTorch (pooling_output_shape): the last window must start inside the input or the left
  // padding, never in the right padding.
  if (ceil_mode && (out - 1) * stride >= n + padding) --out;
  if (out < 1) return std::nullopt;
  return out;
}

const std::vector<LayerKind>& layer_kinds() {
  static const std::vector<LayerKind> table = [] {
    std::vector<LayerKind> all;
    for (auto family : {kinds::convolution_kinds, kinds::dense_kinds, kinds::norm_kinds,
                        kinds::shape_kinds, kinds::recurrent_kinds, kinds::attention_kinds}) {
      for (auto& k : family()) all.push_back(std::move(k));
    }
    return all;
  }();
  return table;
}

const LayerKind* find_layer_kind(std::string_view name) {
  const auto& table = layer_kinds();
  auto it = std::find_if(table.begin(), table.end(), [&](const LayerKind& k) { return k.name == name; });
  return it == table.end() ? nullptr : &*it;
}

const std::vector<std::string_view>& container_names() {
  static const std::vector<std::string_view> names = {"concat", "residual", "sequential", "repeat",
                                                      "block"};
  return names;
}

Layer make_layer(std::string_view type_name) {
  static const std::pair<std::string_view, LayerType> kContainers[] = {
      {"concat", LayerType::kConcat},
      {"residual", LayerType::kResidual},
      {"sequential", LayerType::kSequential},
      {"repeat", LayerType::kRepeat},
      {"block", LayerType::kBlock}};
  Layer l;
  l.type_name = std::string(type_name);
  for (const auto& [name, type] : kContainers) {
    if (name == type_name) {
      l.type = type;
      return l;
    }
  }
  l.kind = find_layer_kind(type_name);
  if (!l.kind) throw Error(ErrorKind::kInternal, "no layer kind \"" + l.type_name + "\"");
  return l;
}

LeafCount count_leaf(const Layer& layer, const Shape& in, const Conventions& conventions) {
  LeafCount out;
  out.output = in;
  if (layer.kind->check) layer.kind->check(layer);
  layer.kind->count(layer, in, conventions, out);
  out.params = kinds::tensor_params(out.tensors);
  return out;
}

}  // namespace hw4::core
