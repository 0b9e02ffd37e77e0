// The dense family of the layer-kind table: linear (on the last dimension, as PyTorch's) and
// embedding (a lookup: parameters, no multiply-accumulates).
#include <string>

#include "core/layer_kinds_family.h"

namespace hw4::core::kinds {
namespace {

void count_linear(const Layer& layer, const Shape& in, const Conventions& cv, LeafCount& out) {
  const Polynomial f_in =
      channels_in(layer, in, in.rank > 0 ? in.dims.size() - 1 : 0, "in", "features");
  check_positive(layer.out, field_pointer(layer, "out"), "out");
  out.tensors.push_back(tensor("weight", {sym("n_out", "n_{out}"), sym("n_in", "n_{in}")}, {layer.out, f_in}));
  if (layer.bias) out.tensors.push_back(tensor("bias", {sym("n_out", "n_{out}")}, {layer.out}));
  out.params_step = CountStep{
      product({parens(sym("n_in + b", "n_{in} + b")), sym("n_out", "n_{out}")}),
      product({parens(sum({value(f_in), value(Polynomial(layer.bias ? 1 : 0))})), factor(layer.out)})};
  if (in.rank == 0) {
    out.output = make_shape({layer.out});
  } else {
    out.output.dims.back() = layer.out;
  }
  if (!out.output.known()) return;
  Polynomial positions(1);
  for (std::size_t d = 0; d + 1 < out.output.dims.size(); ++d) positions *= *out.output.dims[d];
  out.macs = positions * layer.out * f_in;
  out.macs_step = CountStep{
      product({sym("positions", "\\text{positions}"), sym("n_in", "n_{in}"), sym("n_out", "n_{out}")}),
      product({factor(positions), factor(f_in), factor(layer.out)})};
  if (cv.bias_adds && layer.bias) out.extra_ops = positions * layer.out;
}

void count_embedding(const Layer& layer, const Shape& in, const Conventions&, LeafCount& out) {
  need_rank(layer, in, {1}, "a [T] input (a sequence of token ids)");
  out.tensors.push_back(tensor("weight", {sym("num"), sym("dim")}, {layer.num, layer.out}));
  std::optional<Polynomial> t;
  if (in.rank == 1) t = in.dims[0];
  out.output = make_shape({t, layer.out});
}

void check_embedding(const Layer& layer) {
  check_positive(layer.num, field_pointer(layer, "num"), "num");
  check_positive(layer.out, field_pointer(layer, "dim"), "dim");
  auto n = layer.num.integer_value();
  if (layer.padding_idx && n && (*layer.padding_idx >= *n || *layer.padding_idx < -*n)) {
    fail(field_pointer(layer, "padding_idx"), "padding_idx " + std::to_string(*layer.padding_idx) +
                                                  " is not a token id of " + std::to_string(*n));
  }
}

}  // namespace

std::vector<LayerKind> dense_kinds() {
  return {
      {"linear", "dense", 0,
       {{"out", FieldType::kSize, &Layer::out, true},
        {"in", FieldType::kSize, &Layer::in},
        {"bias", FieldType::kBool, &Layer::bias}},
       count_linear},
      {"embedding", "dense", 0,
       {{"num", FieldType::kSize, &Layer::num, true},
        {"dim", FieldType::kSize, &Layer::out, true},
        {"padding_idx", FieldType::kInt, &Layer::padding_idx, false, -1'000'000'000'000}},
       count_embedding, check_embedding},
  };
}

}  // namespace hw4::core::kinds
