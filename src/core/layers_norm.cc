// The normalisation family of the layer-kind table: batchnorm1d/2d, layernorm and groupnorm
// (trainable scale and shift only; running statistics are buffers, not parameters).
#include <string>

#include "core/layer_kinds_family.h"

namespace hw4::core::kinds {
namespace {

Polynomial elements(const Shape& s) {
  Polynomial n(1);
  for (const auto& d : s.dims) n *= *d;
  return n;
}

void add_scale_shift(const Polynomial& c, LeafCount& out) {
  out.tensors.push_back(tensor("weight", {sym("C")}, {c}));
  out.tensors.push_back(tensor("bias", {sym("C")}, {c}));
}

// With the running_stats convention, batch norm's buffers counted as if they were parameters.
void add_running_stats(const Polynomial& c, const Conventions& cv, LeafCount& out) {
  if (!cv.running_stats) return;
  out.tensors.push_back(tensor("running_mean", {sym("C")}, {c}));
  out.tensors.push_back(tensor("running_var", {sym("C")}, {c}));
}

void count_batchnorm2d(const Layer& layer, const Shape& in, const Conventions& cv, LeafCount& out) {
  need_rank(layer, in, {3}, "a [C, H, W] input");
  const Polynomial c = channels_in(layer, in, 0, "channels", "channels");
  add_scale_shift(c, out);
  add_running_stats(c, cv, out);
  out.params_step = cv.running_stats
                        ? CountStep{sym("4·C (γ, β and the running mean and variance)",
                                        "4C \\;(\\gamma, \\beta, \\mu, \\sigma^2)"),
                                    product({value(Polynomial(4)), factor(c)})}
                        : CountStep{sym("2·C (γ and β)", "2C \\;(\\gamma, \\beta)"),
                                    product({value(Polynomial(2)), factor(c)})};
  if (in.rank == 0) out.output = make_shape({c, std::nullopt, std::nullopt});
  out.output.dims[0] = c;
  if (out.output.known() && cv.batchnorm_ops != 0) {
    out.extra_ops = Polynomial(cv.batchnorm_ops) * elements(out.output);
  }
}

void count_batchnorm1d(const Layer& layer, const Shape& in, const Conventions& cv, LeafCount& out) {
  need_rank(layer, in, {1, 2}, "a [C, L] or [F] input");
  const Polynomial c = channels_in(layer, in, 0, "channels", "channels");
  add_scale_shift(c, out);
  add_running_stats(c, cv, out);
  if (in.rank > 0 && out.output.known() && cv.batchnorm_ops != 0) {
    out.extra_ops = Polynomial(cv.batchnorm_ops) * elements(out.output);
  }
}

void count_layernorm(const Layer& layer, const Shape& in, const Conventions&, LeafCount& out) {
  std::vector<Polynomial> shape;
  if (layer.normalized_shape) {
    shape = *layer.normalized_shape;
    if (in.rank > 0) {
      bool agree = shape.size() <= in.dims.size();
      for (std::size_t i = 0; agree && i < shape.size(); ++i) {
        const auto& d = in.dims[in.dims.size() - shape.size() + i];
        agree = !d || *d == shape[i];
      }
      if (!agree) {
        std::string text = "[";
        for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + shape[i].to_text();
        fail(field_pointer(layer, "normalized_shape"),
             "normalized_shape " + text + "] is not the trailing shape of the input " + in.to_text());
      }
    }
  } else {
    if (in.rank == 0 || !in.dims.back()) {
      fail(layer.pointer, "cannot infer 'normalized_shape': give it, or give the network an 'input'");
    }
    shape = {*in.dims.back()};
  }
  if (!layer.affine) return;
  std::vector<Notation> rule;
  for (std::size_t i = 0; i < shape.size(); ++i) rule.push_back(sym(shape.size() == 1 ? "E" : "E_" + std::to_string(i + 1)));
  out.tensors.push_back(tensor("weight", rule, shape));
  if (layer.bias) out.tensors.push_back(tensor("bias", rule, shape));
}

void count_groupnorm(const Layer& layer, const Shape& in, const Conventions&, LeafCount& out) {
  if (in.rank == 1) fail(layer.pointer, "groupnorm needs a [C, ...] input, got " + in.to_text());
  const Polynomial c = channels_in(layer, in, 0, "channels", "channels");
  check_positive(layer.groups, field_pointer(layer, "groups"), "groups");
  if (!divides_exactly(c, layer.groups)) {
    fail(field_pointer(layer, "groups"),
         "groups " + layer.groups.to_text() + " does not divide the channels " + c.to_text());
  }
  if (layer.affine) add_scale_shift(c, out);
}

}  // namespace

std::vector<LayerKind> norm_kinds() {
  return {
      {"batchnorm2d", "normalisation", 0, {{"channels", FieldType::kSize, &Layer::in}}, count_batchnorm2d},
      {"batchnorm1d", "normalisation", 0, {{"channels", FieldType::kSize, &Layer::in}}, count_batchnorm1d},
      {"layernorm", "normalisation", 0,
       {{"normalized_shape", FieldType::kSizes, &Layer::normalized_shape},
        {"elementwise_affine", FieldType::kBool, &Layer::affine},
        {"bias", FieldType::kBool, &Layer::bias}},
       count_layernorm},
      {"groupnorm", "normalisation", 0,
       {{"groups", FieldType::kSize, &Layer::groups, true},
        {"channels", FieldType::kSize, &Layer::in},
        {"affine", FieldType::kBool, &Layer::affine}},
       count_groupnorm},
  };
}

}  // namespace hw4::core::kinds
