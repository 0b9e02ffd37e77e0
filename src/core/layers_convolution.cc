// The convolution family of the layer-kind table: conv1d/2d/3d and conv_transpose1d/2d/3d, one
// rule over any number of spatial axes (PyTorch's _ConvNd and _ConvTransposeNd).
#include <algorithm>
#include <string>

#include "core/layer_kinds_family.h"
#include "hw4/error.h"

namespace hw4::core::kinds {
namespace {

// The kernel symbols of the formulas: k (1-D), k_h k_w (2-D), k_d k_h k_w (3-D).
std::vector<Notation> kernel_symbols(std::size_t axes) {
  static const char* const kNames[3][3] = {{"k", "", ""}, {"k_h", "k_w", ""}, {"k_d", "k_h", "k_w"}};
  std::vector<Notation> out;
  for (std::size_t a = 0; a < axes; ++a) out.push_back(sym(kNames[axes - 1][a]));
  return out;
}

// H_out, W_out, L_out, ... (or H, W, L for a transposed convolution's input positions).
Notation position_symbol(std::size_t axis, std::size_t axes, const char* suffix) {
  static const char* const kNames[3][3] = {{"L", "", ""}, {"H", "W", ""}, {"D", "H", "W"}};
  const std::string base = kNames[axes - 1][axis];
  if (*suffix == '\0') return sym(base);
  return sym(base + "_" + suffix, base + "_{" + suffix + "}");
}

void check_geometry(const Layer& layer) {
  if (layer.kernel.size() != static_cast<std::size_t>(layer.kind->axes)) {
    throw Error(ErrorKind::kInternal, layer.type_name + " needs one kernel size per spatial axis");
  }
}

// in/groups (or out/groups): exact when both are constant, else a constant ratio.
Polynomial per_group(const Layer& layer, const Polynomial& c_in, const Polynomial& c_out,
                     const Polynomial& of) {
  if (auto g = layer.groups.constant_value()) {
    if (auto ci = c_in.integer_value(); ci && g->is_integer() && *ci % g->num() != 0) {
      fail(field_pointer(layer, "groups"),
           "groups " + g->to_string() + " does not divide in = " + std::to_string(*ci));
    }
    if (auto co = c_out.integer_value(); co && g->is_integer() && *co % g->num() != 0) {
      fail(field_pointer(layer, "groups"),
           "groups " + g->to_string() + " does not divide out = " + std::to_string(*co));
    }
    return of / *g;
  }
  auto ratio_in = c_in.constant_ratio(layer.groups);
  auto ratio_out = c_out.constant_ratio(layer.groups);
  if (!ratio_in || !ratio_in->is_integer() || ratio_in->sign() <= 0 || !ratio_out ||
      !ratio_out->is_integer() || ratio_out->sign() <= 0) {
    fail(field_pointer(layer, "groups"), "groups " + layer.groups.to_text() + " must divide in = " +
                                             c_in.to_text() + " and out = " + c_out.to_text());
  }
  return Polynomial(&of == &c_in ? *ratio_in : *ratio_out);
}

std::string input_form(std::size_t axes) {
  return axes == 1 ? "a [C, L] input" : axes == 2 ? "a [C, H, W] input" : "a [C, D, H, W] input";
}

void count_conv(const Layer& layer, const Shape& in, const Conventions& cv, LeafCount& out) {
  check_geometry(layer);
  const std::size_t axes = layer.kernel.size();
  need_rank(layer, in, {static_cast<int>(axes) + 1}, input_form(axes));
  const Polynomial c_in = channels_in(layer, in, 0, "in", "channels");
  check_positive(layer.out, field_pointer(layer, "out"), "out");
  const Polynomial in_per_group = per_group(layer, c_in, layer.out, c_in);

  Polynomial taps(1);
  std::vector<Notation> kernel_values;
  std::vector<Polynomial> weight_dims{layer.out, in_per_group};
  std::vector<Notation> weight_rule{sym("c_out", "c_{out}"), sym("c_in/g", "\\frac{c_{in}}{g}")};
  for (std::size_t a = 0; a < axes; ++a) {
    taps *= Polynomial(layer.kernel[a]);
    kernel_values.push_back(value(Polynomial(layer.kernel[a])));
    weight_dims.emplace_back(layer.kernel[a]);
  }
  for (auto& k : kernel_symbols(axes)) weight_rule.push_back(k);
  out.tensors.push_back(tensor("weight", weight_rule, weight_dims));
  if (layer.bias) out.tensors.push_back(tensor("bias", {sym("c_out", "c_{out}")}, {layer.out}));

  std::vector<Notation> rule_taps = kernel_symbols(axes);
  rule_taps.push_back(sym("c_in/g", "\\frac{c_{in}}{g}"));
  std::vector<Notation> sub_taps = kernel_values;
  sub_taps.push_back(factor(in_per_group));
  out.params_step = CountStep{
      product({parens(sequence({product(rule_taps), sym(" + b")})), sym("c_out", "c_{out}")}),
      product({parens(sum({product(sub_taps), value(Polynomial(layer.bias ? 1 : 0))})),
               factor(layer.out)})};

  std::vector<std::optional<Polynomial>> dims{layer.out};
  for (std::size_t a = 0; a < axes; ++a) {
    if (in.rank == 0 || !in.dims[a + 1]) {
      dims.emplace_back(std::nullopt);
    } else if (layer.same_padding) {
      dims.push_back(in.dims[a + 1]);
    } else {
      dims.push_back(window_size(layer, *in.dims[a + 1], a, axes, axis_value(layer.stride, a, 1),
                                 false, out));
    }
  }
  out.output = make_shape(dims);
  if (!out.output.known()) return;
  Polynomial positions(1);
  std::vector<Notation> rule{sym("c_out", "c_{out}")};
  std::vector<Notation> sub{factor(layer.out)};
  for (std::size_t a = 0; a < axes; ++a) {
    positions *= *dims[a + 1];
    rule.push_back(position_symbol(a, axes, "out"));
    sub.push_back(factor(*dims[a + 1]));
  }
  rule.push_back(sym("c_in/g", "\\frac{c_{in}}{g}"));
  for (auto& k : kernel_symbols(axes)) rule.push_back(k);
  sub.push_back(factor(in_per_group));
  for (auto& k : kernel_values) sub.push_back(k);
  out.macs = layer.out * positions * in_per_group * taps;
  out.macs_step = CountStep{product(rule), product(sub)};
  if (cv.bias_adds && layer.bias) out.extra_ops = layer.out * positions;
}

void count_conv_transpose(const Layer& layer, const Shape& in, const Conventions& cv,
                          LeafCount& out) {
  check_geometry(layer);
  const std::size_t axes = layer.kernel.size();
  need_rank(layer, in, {static_cast<int>(axes) + 1}, input_form(axes));
  const Polynomial c_in = channels_in(layer, in, 0, "in", "channels");
  check_positive(layer.out, field_pointer(layer, "out"), "out");
  const Polynomial out_per_group = per_group(layer, c_in, layer.out, layer.out);

  // PyTorch's ConvTranspose weight is [in, out/groups, k...].
  Polynomial taps(1);
  std::vector<Polynomial> weight_dims{c_in, out_per_group};
  std::vector<Notation> weight_rule{sym("c_in", "c_{in}"), sym("c_out/g", "\\frac{c_{out}}{g}")};
  for (std::size_t a = 0; a < axes; ++a) {
    taps *= Polynomial(layer.kernel[a]);
    weight_dims.emplace_back(layer.kernel[a]);
  }
  for (auto& k : kernel_symbols(axes)) weight_rule.push_back(k);
  out.tensors.push_back(tensor("weight", weight_rule, weight_dims));
  if (layer.bias) out.tensors.push_back(tensor("bias", {sym("c_out", "c_{out}")}, {layer.out}));

  std::vector<std::optional<Polynomial>> dims{layer.out};
  for (std::size_t a = 0; a < axes; ++a) {
    if (in.rank == 0 || !in.dims[a + 1]) {
      dims.emplace_back(std::nullopt);
      continue;
    }
    // H_out = (H − 1)·s − 2p + d·(k − 1) + output_padding + 1.
    const std::int64_t s = axis_value(layer.stride, a, 1);
    const std::int64_t p = axis_value(layer.padding, a, 0);
    const std::int64_t d = axis_value(layer.dilation, a, 1);
    const std::int64_t op = axis_value(layer.output_padding, a, 0);
    const Polynomial size = (*in.dims[a + 1] - Polynomial(1)) * Polynomial(s) +
                            Polynomial(-2 * p + d * (layer.kernel[a] - 1) + op + 1);
    if (auto c = size.constant_value(); c && c->sign() <= 0) {
      fail(layer.pointer, std::string("the output ") + axis_name(a, axes) + " would be " +
                              c->to_string() + " (input " + in.dims[a + 1]->to_text() +
                              ", stride " + std::to_string(s) + ", padding " + std::to_string(p) +
                              ", kernel " + std::to_string(layer.kernel[a]) +
                              "): a transposed convolution needs it >= 1");
    }
    dims.push_back(size);
  }
  out.output = make_shape(dims);
  if (!out.output.known()) return;
  // Every input element times every kernel tap (taps the padding crops included, as PyTorch's
  // col2im computes them).
  Polynomial positions(1), out_positions(1);
  std::vector<Notation> rule{sym("c_in", "c_{in}")};
  std::vector<Notation> sub{factor(c_in)};
  for (std::size_t a = 0; a < axes; ++a) {
    positions *= *in.dims[a + 1];
    out_positions *= *dims[a + 1];
    rule.push_back(position_symbol(a, axes, ""));
    sub.push_back(factor(*in.dims[a + 1]));
  }
  rule.push_back(sym("c_out/g", "\\frac{c_{out}}{g}"));
  for (auto& k : kernel_symbols(axes)) rule.push_back(k);
  sub.push_back(factor(out_per_group));
  for (std::size_t a = 0; a < axes; ++a) sub.push_back(value(Polynomial(layer.kernel[a])));
  out.macs = c_in * positions * out_per_group * taps;
  out.macs_step = CountStep{product(rule), product(sub)};
  if (cv.bias_adds && layer.bias) out.extra_ops = layer.out * out_positions;
}

void check_conv(const Layer& layer) {
  for (std::int64_t s : layer.stride) {
    if (layer.same_padding && s != 1) {
      fail(field_pointer(layer, "padding"), "padding \"same\" needs stride 1 (as in PyTorch)");
    }
  }
}

void check_conv_transpose(const Layer& layer) {
  for (std::size_t a = 0; a < layer.output_padding.size(); ++a) {
    const std::int64_t op = layer.output_padding[a];
    const std::int64_t limit = std::max(axis_value(layer.stride, a, 1), axis_value(layer.dilation, a, 1));
    if (op >= limit) {
      fail(field_pointer(layer, "output_padding"),
           "output_padding " + std::to_string(op) + " must be smaller than the stride or the dilation (" +
               std::to_string(limit) + "), as in PyTorch");
    }
  }
}

std::vector<FieldSpec> conv_fields(bool transposed) {
  std::vector<FieldSpec> f{
      {"out", FieldType::kSize, &Layer::out, true},
      {"in", FieldType::kSize, &Layer::in},
      {"kernel", FieldType::kAxes, &Layer::kernel, true, 1},
      {"stride", FieldType::kAxes, &Layer::stride, false, 1},
      {"padding", transposed ? FieldType::kAxes : FieldType::kPadding, &Layer::padding, false, 0},
  };
  if (transposed) f.push_back({"output_padding", FieldType::kAxes, &Layer::output_padding, false, 0});
  f.push_back({"dilation", FieldType::kAxes, &Layer::dilation, false, 1});
  f.push_back({"groups", FieldType::kSize, &Layer::groups});
  f.push_back({"bias", FieldType::kBool, &Layer::bias});
  return f;
}

}  // namespace

std::vector<LayerKind> convolution_kinds() {
  // conv2d first: "conv" suggests it.
  return {
      {"conv2d", "convolution", 2, conv_fields(false), count_conv, check_conv},
      {"conv1d", "convolution", 1, conv_fields(false), count_conv, check_conv},
      {"conv3d", "convolution", 3, conv_fields(false), count_conv, check_conv},
      {"conv_transpose2d", "convolution", 2, conv_fields(true), count_conv_transpose, check_conv_transpose},
      {"conv_transpose1d", "convolution", 1, conv_fields(true), count_conv_transpose, check_conv_transpose},
      {"conv_transpose3d", "convolution", 3, conv_fields(true), count_conv_transpose, check_conv_transpose},
  };
}

}  // namespace hw4::core::kinds
