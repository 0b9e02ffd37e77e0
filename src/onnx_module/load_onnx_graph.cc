// The ONNX module (hw4-onnx.so): an exported model's bytes -> OnnxGraph, with Debian's ONNX and
// protobuf libraries, which only this shared object links. Parse (skipping the bytes of large
// weights), check, fix the input shapes, infer every shape (ONNX's inference with data
// propagation, then hw4's own evaluation of integer shape arithmetic until it settles).
#include <algorithm>
#include <cstring>
#include <limits>
#include <new>
#include <optional>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include "cli/onnx_graph.h"

namespace hw4::cli {
namespace {

using Dims = OnnxDims;

// Integer tensors up to this many elements are evaluated (shape arithmetic); floating-point
// tensors larger than this many 8-byte elements are never read.
constexpr int kMaxSmallElements = 64;
constexpr int kMaxInferencePasses = 16;

// Why the bytes are not a usable model; the entry point returns its message.
class NotAModel : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

[[noreturn]] void fail(const std::string& message) { throw NotAModel(message); }

std::vector<std::int64_t> tensor_dims(const onnx::TensorProto& t) {
  return {t.dims().begin(), t.dims().end()};
}

bool is_float_type(int type) {
  using T = onnx::TensorProto;
  return type == T::FLOAT || type == T::DOUBLE || type == T::FLOAT16 || type == T::BFLOAT16;
}

// A small integer tensor of rank 0 or 1, as shape arithmetic produces.
struct IntValue {
  std::vector<std::int64_t> values;
  bool scalar = false;
  int type = onnx::TensorProto::INT64;
};

// The values of a small integer tensor, when its data is in the file.
std::optional<IntValue> int_value(const onnx::TensorProto& t) {
  using T = onnx::TensorProto;
  if ((t.data_type() != T::INT64 && t.data_type() != T::INT32) || t.dims_size() > 1) {
    return std::nullopt;
  }
  const std::int64_t n = t.dims_size() == 0 ? 1 : t.dims(0);
  if (n < 0 || n > kMaxSmallElements) return std::nullopt;
  IntValue v;
  v.scalar = t.dims_size() == 0;
  v.type = t.data_type();
  if (t.data_type() == T::INT64 && t.int64_data_size() == n) {
    v.values.assign(t.int64_data().begin(), t.int64_data().end());
  } else if (t.data_type() == T::INT32 && t.int32_data_size() == n) {
    v.values.assign(t.int32_data().begin(), t.int32_data().end());
  } else {
    const std::size_t width = t.data_type() == T::INT64 ? 8 : 4;
    if (t.raw_data().size() != static_cast<std::size_t>(n) * width) return std::nullopt;
    for (std::int64_t i = 0; i < n; ++i) {
      // ONNX stores raw data little-endian, as this machine does.
      if (width == 8) {
        std::int64_t x;
        std::memcpy(&x, t.raw_data().data() + i * 8, 8);
        v.values.push_back(x);
      } else {
        std::int32_t x;
        std::memcpy(&x, t.raw_data().data() + i * 4, 4);
        v.values.push_back(x);
      }
    }
  }
  return v;
}

const onnx::AttributeProto* attribute(const onnx::NodeProto& node, const std::string& name) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

std::int64_t int_attribute(const onnx::NodeProto& node, const std::string& name,
                           std::int64_t fallback) {
  const auto* a = attribute(node, name);
  return a != nullptr ? a->i() : fallback;
}

Dims dims_of(const onnx::TypeProto& type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape()) return {};
  Dims dims;
  for (const auto& d : type.tensor_type().shape().dim()) {
    if (d.has_dim_value() && d.dim_value() >= 0) {
      dims.emplace_back(d.dim_value());
    } else {
      dims.emplace_back(std::nullopt);
    }
  }
  return dims;
}

// Evaluates the integer shape arithmetic exporters emit (Reshape and Slice arguments computed
// from `Shape` at run time) once the shapes it reads are known, and turns each evaluated node
// into a Constant so that the next round of ONNX's shape inference sees the numbers.
class ShapeArithmetic {
 public:
  explicit ShapeArithmetic(const onnx::GraphProto& graph) {
    for (const auto& t : graph.initializer()) {
      if (auto v = int_value(t)) values_[t.name()] = *v;
    }
  }

  // One pass over the nodes in graph order; returns how many nodes became constants.
  int fold(onnx::GraphProto& graph, const std::unordered_map<std::string, Dims>& shapes) {
    int folded = 0;
    for (auto& node : *graph.mutable_node()) {
      if (node.output_size() != 1) continue;
      auto v = evaluate(node, shapes);
      if (!v) continue;
      values_[node.output(0)] = *v;
      if (node.op_type() == "Constant") continue;
      node.clear_input();
      node.clear_attribute();
      node.set_op_type("Constant");
      node.clear_domain();
      auto* a = node.add_attribute();
      a->set_name("value");
      a->set_type(onnx::AttributeProto::TENSOR);
      auto* t = a->mutable_t();
      t->set_data_type(v->type == onnx::TensorProto::INT32 ? onnx::TensorProto::INT32
                                                          : onnx::TensorProto::INT64);
      if (!v->scalar) t->add_dims(static_cast<std::int64_t>(v->values.size()));
      for (std::int64_t x : v->values) {
        if (t->data_type() == onnx::TensorProto::INT32) {
          t->add_int32_data(static_cast<std::int32_t>(x));
        } else {
          t->add_int64_data(x);
        }
      }
      ++folded;
    }
    return folded;
  }

 private:
  const IntValue* known(const onnx::NodeProto& node, int i) const {
    if (i >= node.input_size() || node.input(i).empty()) return nullptr;
    auto it = values_.find(node.input(i));
    return it == values_.end() ? nullptr : &it->second;
  }

  std::optional<IntValue> evaluate(const onnx::NodeProto& node,
                                   const std::unordered_map<std::string, Dims>& shapes) const {
    const std::string& op = node.op_type();
    if (!node.domain().empty() && node.domain() != "ai.onnx") return std::nullopt;
    if (op == "Constant") {
      if (const auto* a = attribute(node, "value")) return int_value(a->t());
      if (const auto* a = attribute(node, "value_int")) return IntValue{{a->i()}, true};
      if (const auto* a = attribute(node, "value_ints"); a && a->ints_size() <= kMaxSmallElements) {
        return IntValue{{a->ints().begin(), a->ints().end()}, false};
      }
      return std::nullopt;
    }
    if (op == "Shape") {
      if (node.input_size() < 1) return std::nullopt;
      auto it = shapes.find(node.input(0));
      if (it == shapes.end() || it->second.empty()) return std::nullopt;
      const auto rank = static_cast<std::int64_t>(it->second.size());
      std::int64_t start = int_attribute(node, "start", 0);
      std::int64_t end = int_attribute(node, "end", rank);
      if (start < 0) start += rank;
      if (end < 0) end += rank;
      start = std::clamp<std::int64_t>(start, 0, rank);
      end = std::clamp<std::int64_t>(end, 0, rank);
      IntValue v;
      for (std::int64_t i = start; i < end; ++i) {
        const auto& d = it->second[static_cast<std::size_t>(i)];
        if (!d) return std::nullopt;
        v.values.push_back(*d);
      }
      return v;
    }
    if (op == "Gather") {
      const IntValue* data = known(node, 0);
      const IntValue* indices = known(node, 1);
      if (!data || !indices || data->scalar || int_attribute(node, "axis", 0) != 0) return std::nullopt;
      IntValue v{{}, indices->scalar, data->type};
      const auto n = static_cast<std::int64_t>(data->values.size());
      for (std::int64_t i : indices->values) {
        if (i < 0) i += n;
        if (i < 0 || i >= n) return std::nullopt;
        v.values.push_back(data->values[static_cast<std::size_t>(i)]);
      }
      return v;
    }
    if (op == "Slice") {
      const IntValue* data = known(node, 0);
      const IntValue* starts = known(node, 1);
      const IntValue* ends = known(node, 2);
      if (!data || !starts || !ends || data->scalar || starts->values.size() != 1 ||
          ends->values.size() != 1) {
        return std::nullopt;
      }
      if (const IntValue* axes = known(node, 3); node.input_size() > 3 && !node.input(3).empty() &&
                                                 (!axes || axes->values != std::vector<std::int64_t>{0})) {
        return std::nullopt;
      }
      std::int64_t step = 1;
      if (node.input_size() > 4 && !node.input(4).empty()) {
        const IntValue* steps = known(node, 4);
        if (!steps || steps->values.size() != 1 || steps->values[0] == 0) return std::nullopt;
        step = steps->values[0];
      }
      // numpy's slice rules, as ONNX defines them.
      const auto n = static_cast<std::int64_t>(data->values.size());
      auto clamp = [&](std::int64_t x, std::int64_t lo, std::int64_t hi) {
        if (x < 0) x = x < -n ? -1 : x + n;
        return std::clamp(x, lo, hi);
      };
      std::int64_t start = step > 0 ? clamp(starts->values[0], 0, n) : clamp(starts->values[0], -1, n - 1);
      std::int64_t end = step > 0 ? clamp(ends->values[0], 0, n) : clamp(ends->values[0], -1, n - 1);
      if (ends->values[0] < -n) end = step > 0 ? 0 : -1;
      IntValue v{{}, false, data->type};
      for (std::int64_t i = start; step > 0 ? i < end : i > end; i += step) {
        v.values.push_back(data->values[static_cast<std::size_t>(i)]);
      }
      return v;
    }
    if (op == "Concat") {
      IntValue v;
      for (int i = 0; i < node.input_size(); ++i) {
        const IntValue* x = known(node, i);
        if (!x || x->scalar) return std::nullopt;
        v.type = x->type;
        v.values.insert(v.values.end(), x->values.begin(), x->values.end());
      }
      if (v.values.size() > kMaxSmallElements) return std::nullopt;
      return v;
    }
    if (op == "Unsqueeze") {
      const IntValue* x = known(node, 0);
      if (!x || !x->scalar) return std::nullopt;
      return IntValue{x->values, false, x->type};
    }
    if (op == "Squeeze") {
      const IntValue* x = known(node, 0);
      if (!x || x->values.size() != 1) return std::nullopt;
      return IntValue{x->values, true, x->type};
    }
    if (op == "Cast") {
      const IntValue* x = known(node, 0);
      const auto to = static_cast<int>(int_attribute(node, "to", 0));
      if (!x || (to != onnx::TensorProto::INT64 && to != onnx::TensorProto::INT32)) return std::nullopt;
      return IntValue{x->values, x->scalar, to};
    }
    if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") {
      const IntValue* a = known(node, 0);
      const IntValue* b = known(node, 1);
      if (!a || !b) return std::nullopt;
      const std::size_t n = std::max(a->values.size(), b->values.size());
      if ((a->values.size() != n && a->values.size() != 1) ||
          (b->values.size() != n && b->values.size() != 1)) {
        return std::nullopt;
      }
      IntValue v{{}, a->scalar && b->scalar, a->type};
      for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t x = a->values[a->values.size() == 1 ? 0 : i];
        const std::int64_t y = b->values[b->values.size() == 1 ? 0 : i];
        std::int64_t r = 0;
        if (op == "Div") {
          if (y == 0 || (x == std::numeric_limits<std::int64_t>::min() && y == -1)) return std::nullopt;
          r = x / y;  // ONNX's integer Div truncates, as C++ does
        } else if (op == "Add" ? __builtin_add_overflow(x, y, &r)
                               : op == "Sub" ? __builtin_sub_overflow(x, y, &r)
                                             : __builtin_mul_overflow(x, y, &r)) {
          return std::nullopt;
        }
        v.values.push_back(r);
      }
      return v;
    }
    if (op == "ConstantOfShape") {
      const IntValue* shape = known(node, 0);
      if (!shape || shape->scalar || shape->values.size() > 1) return std::nullopt;
      const auto* a = attribute(node, "value");
      if (a == nullptr) return std::nullopt;  // the default fill is a float 0
      auto fill = int_value(a->t());
      if (!fill || fill->values.size() != 1) return std::nullopt;
      const std::int64_t n = shape->values.empty() ? 1 : shape->values[0];
      if (n < 0 || n > kMaxSmallElements) return std::nullopt;
      return IntValue{std::vector<std::int64_t>(static_cast<std::size_t>(n), fill->values[0]),
                      shape->values.empty(), fill->type};
    }
    return std::nullopt;
  }

  std::unordered_map<std::string, IntValue> values_;
};

std::unordered_map<std::string, Dims> collect_shapes(const onnx::GraphProto& graph) {
  std::unordered_map<std::string, Dims> shapes;
  for (const auto& t : graph.initializer()) {
    Dims dims;
    for (std::int64_t d : t.dims()) dims.emplace_back(d);
    shapes[t.name()] = dims;
  }
  for (const auto* list : {&graph.input(), &graph.value_info(), &graph.output()}) {
    for (const auto& v : *list) {
      Dims dims = dims_of(v.type());
      if (v.type().has_tensor_type() && v.type().tensor_type().has_shape()) shapes[v.name()] = dims;
    }
  }
  return shapes;
}

// Protobuf's wire format, just enough to copy a serialized ModelProto without the bytes of its
// large floating-point initializers: they are skipped (a seek in a file), so protobuf parses a
// few kilobytes and the weights are never read into memory, even mapped.
class WeightSkipper {
 public:
  explicit WeightSkipper(std::istream& in) : in_(in) {
    // A file's size bounds every skip; standard input cannot seek and is read through.
    const auto start = in_.tellg();
    if (start != std::streampos(-1) && in_.seekg(0, std::ios::end)) {
      size_ = static_cast<std::uint64_t>(in_.tellg() - start);
      in_.seekg(start);
    }
    in_.clear();
  }

  // The model without large float tensor data; false when the bytes are not well-formed
  // protobuf (truncated, or another format).
  bool copy_model(std::string& out) { return copy(kUnbounded, Kind::kModel, out); }

 private:
  enum class Kind { kModel, kGraph, kTensor };
  static constexpr std::uint64_t kUnbounded = std::numeric_limits<std::uint64_t>::max();
  static constexpr std::uint64_t kMaxKeptBytes = 8 * kMaxSmallElements;

  // Copies fields until `length` more bytes are consumed (kUnbounded: to the end of the input).
  bool copy(std::uint64_t length, Kind kind, std::string& out) {
    const std::uint64_t end = length == kUnbounded ? kUnbounded : consumed_ + length;
    std::int64_t data_type = 0;
    while (consumed_ < end) {
      if (end == kUnbounded && in_.peek() == std::char_traits<char>::eof()) return !in_.bad();
      std::string head;  // the tag, and the value of a scalar field
      std::uint64_t tag = 0;
      if (!varint(tag, head)) return false;
      const std::uint64_t field = tag >> 3;
      switch (tag & 7) {
        case 0: {
          std::uint64_t v = 0;
          if (!varint(v, head)) return false;
          if (kind == Kind::kTensor && field == 2) data_type = static_cast<std::int64_t>(v);
          out += head;
          break;
        }
        case 1:
        case 5:
          out += head;
          if (!bytes((tag & 7) == 1 ? 8 : 4, &out)) return false;
          break;
        case 2: {
          std::uint64_t n = 0;
          if (!varint(n, head) || n > end - consumed_) return false;
          // ModelProto.graph = 7, GraphProto.initializer = 5.
          if ((kind == Kind::kModel && field == 7) || (kind == Kind::kGraph && field == 5)) {
            std::string inner;
            if (!copy(n, kind == Kind::kModel ? Kind::kGraph : Kind::kTensor, inner)) return false;
            write_varint(out, tag);
            write_varint(out, inner.size());
            out += inner;
          } else if (kind == Kind::kTensor && (field == 4 || field == 5 || field == 9 || field == 10) &&
                     n > kMaxKeptBytes && is_float_type(static_cast<int>(data_type))) {
            // TensorProto's float_data = 4, int32_data = 5 (float16), raw_data = 9, double_data = 10.
            if (!skip(n)) return false;
          } else {
            out += head;
            if (!bytes(n, &out)) return false;
          }
          break;
        }
        default:
          return false;  // groups (wire types 3, 4) are not in ONNX's messages
      }
    }
    return consumed_ == end;
  }

  bool varint(std::uint64_t& value, std::string& raw) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const int c = in_.get();
      if (c == std::char_traits<char>::eof()) return false;
      ++consumed_;
      raw.push_back(static_cast<char>(c));
      value |= std::uint64_t{static_cast<unsigned>(c) & 0x7fu} << shift;
      if ((c & 0x80) == 0) return true;
    }
    return false;
  }

  // Reads n bytes in chunks, appending them to `out` unless it is null (a hostile length cannot
  // allocate ahead of the data; istream::ignore would go a character at a time on std::cin).
  bool bytes(std::uint64_t n, std::string* out) {
    char chunk[1 << 14];
    while (n > 0) {
      const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(n, sizeof chunk));
      in_.read(chunk, want);
      if (in_.gcount() != want) return false;
      if (out != nullptr) out->append(chunk, static_cast<std::size_t>(want));
      consumed_ += static_cast<std::uint64_t>(want);
      n -= static_cast<std::uint64_t>(want);
    }
    return true;
  }

  bool skip(std::uint64_t n) {
    if (!size_) return bytes(n, nullptr);
    if (n > *size_ - std::min(*size_, consumed_)) return false;
    in_.seekg(static_cast<std::streamoff>(n), std::ios::cur);
    consumed_ += n;
    return static_cast<bool>(in_);
  }

  static void write_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
      out.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    out.push_back(static_cast<char>(value));
  }

  std::istream& in_;
  std::uint64_t consumed_ = 0;
  std::optional<std::uint64_t> size_;
};

void parse_model(std::istream& in, onnx::ModelProto& model) {
  std::string kept;
  if (!WeightSkipper(in).copy_model(kept) || !model.ParseFromString(kept)) {
    fail("not an ONNX model: the bytes are not a complete protobuf (truncated, or another format)");
  }
}

int check_opset(const onnx::ModelProto& model) {
  const int known = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map().at(onnx::ONNX_DOMAIN).second;
  std::optional<std::int64_t> opset;
  for (const auto& o : model.opset_import()) {
    if (o.domain().empty() || o.domain() == "ai.onnx") opset = o.version();
  }
  if (!opset) fail("not an ONNX model: it imports no ai.onnx opset");
  if (*opset < 1 || *opset > known) {
    fail(fmt::format("opset {} is not one this ONNX library knows (1 to {})", *opset, known));
  }
  return static_cast<int>(*opset);
}

// A node in a message: its name quoted, or #index when it has none.
std::string node_label(const onnx::GraphProto& graph, int index) {
  const std::string& name = graph.node(index).name();
  return name.empty() ? fmt::format("#{}", index) : "'" + name + "'";
}

// Every node input is a graph input, an initializer or an earlier node's output.
void check_references(const onnx::GraphProto& graph) {
  std::set<std::string> defined;
  for (const auto& v : graph.input()) defined.insert(v.name());
  for (const auto& t : graph.initializer()) defined.insert(t.name());
  for (int i = 0; i < graph.node_size(); ++i) {
    const auto& node = graph.node(i);
    for (const auto& name : node.input()) {
      if (!name.empty() && !defined.count(name)) {
        fail(fmt::format("node {} ({}) reads tensor '{}', which nothing in the graph defines",
                         node_label(graph, i), node.op_type(), name));
      }
    }
    for (const auto& name : node.output()) defined.insert(name);
  }
}

// Sets every graph input's shape: `shapes` where given, else the batch (the first dimension)
// read as 1. Returns the batch the file fixes (1 when symbolic).
std::int64_t fix_input_shapes(onnx::GraphProto& graph, const InputShapes& shapes) {
  std::set<std::string> initializers;
  for (const auto& t : graph.initializer()) initializers.insert(t.name());
  std::vector<std::string> names;
  for (const auto& v : graph.input()) {
    if (!initializers.count(v.name())) names.push_back(v.name());  // IR < 4 lists initializers
  }
  for (const auto& [name, dims] : shapes) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      fail(fmt::format("input_shapes names '{}', which is not a graph input (inputs: {})", name,
                       fmt::join(names, ", ")));
    }
  }
  std::optional<std::int64_t> batch;
  for (auto& v : *graph.mutable_input()) {
    if (initializers.count(v.name()) || !v.type().has_tensor_type()) continue;
    auto* shape = v.mutable_type()->mutable_tensor_type()->mutable_shape();
    if (!batch) {
      batch = shape->dim_size() > 0 && shape->dim(0).has_dim_value() && shape->dim(0).dim_value() > 0
                  ? shape->dim(0).dim_value()
                  : 1;
    }
    auto given = shapes.find(v.name());
    if (given != shapes.end()) {
      shape->clear_dim();
      for (std::int64_t d : given->second) shape->add_dim()->set_dim_value(d);
      continue;
    }
    if (!v.type().tensor_type().has_shape()) {
      fail(fmt::format("graph input '{}' has no shape: give it with input_shapes (--input-shape {}=1x...)",
                       v.name(), v.name()));
    }
    for (int i = 0; i < shape->dim_size(); ++i) {
      auto* d = shape->mutable_dim(i);
      if (d->has_dim_value() && d->dim_value() >= 0) continue;
      if (i == 0) {
        d->set_dim_value(1);
        continue;
      }
      fail(fmt::format("graph input '{}' has a symbolic dimension {} (axis {}): give its whole shape "
                       "with input_shapes (--input-shape {}=1x...)",
                       v.name(), d->has_dim_param() ? "'" + d->dim_param() + "'" : "?", i, v.name()));
    }
  }
  return batch.value_or(1);
}

void infer_shapes(onnx::ModelProto& model, bool data_propagation) {
  try {
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                       onnx::ShapeInferenceOptions(false, 0, data_propagation));
  } catch (const std::exception& e) {
    std::string what = e.what();
    what = what.substr(0, what.find('\n'));
    fail("ONNX shape inference failed: " + what);
  }
}

// ONNX 1.12's data propagation reads the type of a Shape node's input without checking that it
// has one, and crashes on a tensor the inference could not type: the output of an op it does not
// know, or of a node whose own inference failed (fuzz_onnx found it). Called after an inference
// without data propagation, whose types stay in value_info for the passes with it: a Shape
// reading a tensor that still has no type is refused (a graph output's declared type serves).
void check_shape_inputs_typed(const onnx::GraphProto& graph) {
  std::set<std::string> typed;
  for (const auto& v : graph.input()) typed.insert(v.name());
  for (const auto& t : graph.initializer()) typed.insert(t.name());
  for (const auto& v : graph.value_info()) {
    if (v.type().has_tensor_type()) typed.insert(v.name());
  }
  for (const auto& v : graph.output()) {
    if (v.type().has_tensor_type() && v.type().tensor_type().elem_type() != 0) typed.insert(v.name());
  }
  std::unordered_map<std::string, int> writer;
  for (int i = 0; i < graph.node_size(); ++i) {
    for (const auto& name : graph.node(i).output()) writer.emplace(name, i);
  }
  for (int i = 0; i < graph.node_size(); ++i) {
    const auto& node = graph.node(i);
    const bool onnx_domain = node.domain().empty() || node.domain() == "ai.onnx";
    if (!onnx_domain || node.op_type() != "Shape") continue;
    const std::string name = node.input_size() > 0 ? node.input(0) : "";
    if (typed.count(name)) continue;
    const auto writes = writer.find(name);  // only a missing input has none: check_references
    if (writes == writer.end()) fail(fmt::format("node {} (Shape) has no input", node_label(graph, i)));
    const int source = writes->second;
    fail(fmt::format("node {} (Shape) reads '{}', which ONNX's shape inference cannot type: node "
                     "{} ({}) that writes it is unknown to this ONNX library or fails its inference",
                     node_label(graph, i), name, node_label(graph, source),
                     graph.node(source).op_type()));
  }
}

OnnxNode plain_node(const onnx::NodeProto& node) {
  OnnxNode n{node.name(), node.op_type(), {node.input().begin(), node.input().end()},
             {node.output().begin(), node.output().end()}, {}};
  for (const auto& a : node.attribute()) {
    if (a.type() == onnx::AttributeProto::INT) n.ints[a.name()] = a.i();
  }
  return n;
}

void load(std::istream& in, const InputShapes& shapes, OnnxGraph& out) {
  onnx::ModelProto model;
  parse_model(in, model);
  if (!model.has_graph() || model.graph().node_size() == 0) {
    fail("not an ONNX model: it has no graph nodes (an empty model, or another protobuf)");
  }
  onnx::GraphProto& graph = *model.mutable_graph();
  out.opset = check_opset(model);
  out.producer_name = model.producer_name();
  out.producer_version = model.producer_version();
  check_references(graph);
  for (const auto& t : graph.initializer()) {
    out.initializers.push_back({t.name(), tensor_dims(t), is_float_type(t.data_type())});
  }
  // Copied before shape arithmetic rewrites any node into a Constant.
  for (const auto& node : graph.node()) out.nodes.push_back(plain_node(node));

  // Shapes: the batch fixed, ONNX's inference, then hw4's integer arithmetic until it settles.
  out.batch = fix_input_shapes(graph, shapes);
  graph.clear_value_info();
  for (auto& v : *graph.mutable_output()) {
    if (v.type().has_tensor_type()) v.mutable_type()->mutable_tensor_type()->clear_shape();
  }
  ShapeArithmetic arithmetic(graph);
  infer_shapes(model, false);
  check_shape_inputs_typed(graph);
  for (int pass = 0; pass < kMaxInferencePasses; ++pass) {
    infer_shapes(model, true);
    out.shapes = collect_shapes(graph);
    if (arithmetic.fold(graph, out.shapes) == 0) break;
  }
}

}  // namespace
}  // namespace hw4::cli

// The entry point read_onnx looks up by name (kLoadOnnxGraphSymbol), checked against the type
// it casts to.
extern "C" __attribute__((visibility("default"))) hw4::cli::OnnxLoadStatus hw4_load_onnx_graph(
    std::istream& in, const hw4::cli::InputShapes& shapes, hw4::cli::OnnxGraph& out, std::string& error) {
  using hw4::cli::OnnxLoadStatus;
  try {
    hw4::cli::load(in, shapes, out);
    return OnnxLoadStatus::kOk;
  } catch (const hw4::cli::NotAModel& e) {
    error = e.what();
    return OnnxLoadStatus::kNotAModel;
  } catch (const std::bad_alloc&) {
    return OnnxLoadStatus::kOutOfMemory;
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "an exception that is not a std::exception";
  }
  return OnnxLoadStatus::kFailed;
}
[[maybe_unused]] static constexpr hw4::cli::LoadOnnxGraph kChecked = &hw4_load_onnx_graph;
