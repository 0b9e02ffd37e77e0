// The pooling and reshaping family of the layer-kind table: max/avg pools (1-D, 2-D), adaptive
// pools, flatten, upsample, transpose, last_step, dropout and the activations. None has
// parameters or multiply-accumulates; each has a shape rule.
#include <string>

#include "core/layer_kinds_family.h"
#include "hw4/error.h"

namespace hw4::core::kinds {
namespace {

std::string pool_form(int axes) { return axes == 1 ? "a [C, L] input" : "a [C, H, W] input"; }

void count_pool(const Layer& layer, const Shape& in, const Conventions&, LeafCount& out) {
  const auto axes = static_cast<std::size_t>(layer.kind->axes);
  need_rank(layer, in, {layer.kind->axes + 1}, pool_form(layer.kind->axes));
  if (layer.kernel.size() != axes) {
    throw Error(ErrorKind::kInternal, layer.type_name + " needs one kernel size per spatial axis");
  }
  for (std::size_t a = 0; a < axes; ++a) {
    const std::int64_t p = axis_value(layer.padding, a, 0);
    if (2 * p > layer.kernel[a]) {
      fail(field_pointer(layer, "padding"), "padding " + std::to_string(p) +
                                                " is more than half the kernel " +
                                                std::to_string(layer.kernel[a]));
    }
  }
  if (in.rank == 0) {
    out.output = make_shape(std::vector<std::optional<Polynomial>>(axes + 1));
    return;
  }
  for (std::size_t a = 0; a < axes; ++a) {
    if (!in.dims[a + 1]) continue;
    out.output.dims[a + 1] = window_size(layer, *in.dims[a + 1], a, axes,
                                         axis_value(layer.stride, a, layer.kernel[a]), true, out);
  }
}

void count_adaptive_pool(const Layer& layer, const Shape& in, const Conventions&, LeafCount& out) {
  const auto axes = static_cast<std::size_t>(layer.kind->axes);
  need_rank(layer, in, {layer.kind->axes + 1}, pool_form(layer.kind->axes));
  std::vector<std::optional<Polynomial>> dims{in.rank > 0 ? in.dims[0] : std::nullopt};
  for (std::size_t a = 0; a < axes; ++a) dims.emplace_back(Polynomial(axis_value(layer.output, a, 1)));
  out.output = make_shape(dims);
}

void count_flatten(const Layer&, const Shape& in, const Conventions&, LeafCount& out) {
  if (in.rank == 1) return;
  std::optional<Polynomial> n;
  if (in.known()) {
    n = Polynomial(1);
    for (const auto& d : in.dims) *n *= *d;
  }
  out.output = make_shape({n});
}

void count_same_shape(const Layer&, const Shape&, const Conventions&, LeafCount&) {}

void count_upsample(const Layer& layer, const Shape& in, const Conventions&, LeafCount& out) {
  need_rank(layer, in, {2, 3}, "a [C, L] or [C, H, W] input");
  if (in.rank == 0) return;
  const std::size_t axes = in.dims.size() - 1;
  const bool by_scale = !layer.scale_factor.empty();
  const auto& given = by_scale ? layer.scale_factor : layer.size;
  if (given.size() != 1 && given.size() != axes) {
    fail(field_pointer(layer, by_scale ? "scale_factor" : "size"),
         "expected " + std::to_string(axes) + " sizes, one per spatial axis of " + in.to_text());
  }
  for (std::size_t a = 0; a < axes; ++a) {
    const std::int64_t v = given.size() == 1 ? given[0] : given[a];
    if (!by_scale) {
      out.output.dims[a + 1] = Polynomial(v);
    } else if (in.dims[a + 1]) {
      out.output.dims[a + 1] = *in.dims[a + 1] * Polynomial(v);
    }
  }
}

void check_upsample(const Layer& layer) {
  if (layer.scale_factor.empty() == layer.size.empty()) {
    fail(layer.pointer, "upsample takes either \"scale_factor\" or \"size\"");
  }
}

void count_transpose(const Layer& layer, const Shape& in, const Conventions&, LeafCount& out) {
  need_rank(layer, in, {2}, "a 2-D input [A, B]");
  if (in.rank == 2) out.output = make_shape({in.dims[1], in.dims[0]});
}

void count_last_step(const Layer& layer, const Shape& in, const Conventions&, LeafCount& out) {
  need_rank(layer, in, {2}, "a [T, F] input (a sequence of vectors)");
  out.output = make_shape({in.rank == 2 ? in.dims[1] : std::nullopt});
}

std::vector<FieldSpec> pool_fields() {
  return {{"kernel", FieldType::kAxes, &Layer::kernel, true, 1},
          {"stride", FieldType::kAxes, &Layer::stride, false, 1},
          {"padding", FieldType::kAxes, &Layer::padding, false, 0},
          {"ceil_mode", FieldType::kBool, &Layer::ceil_mode}};
}

}  // namespace

std::vector<LayerKind> shape_kinds() {
  const std::vector<FieldSpec> none;
  return {
      {"maxpool2d", "pooling and reshaping", 2, pool_fields(), count_pool},
      {"avgpool2d", "pooling and reshaping", 2, pool_fields(), count_pool},
      {"maxpool1d", "pooling and reshaping", 1, pool_fields(), count_pool},
      {"avgpool1d", "pooling and reshaping", 1, pool_fields(), count_pool},
      {"adaptive_avgpool2d", "pooling and reshaping", 2,
       {{"output", FieldType::kAxes, &Layer::output, false, 1}}, count_adaptive_pool},
      {"adaptive_avgpool1d", "pooling and reshaping", 1,
       {{"output", FieldType::kAxes, &Layer::output, false, 1}}, count_adaptive_pool},
      {"flatten", "pooling and reshaping", 0, none, count_flatten},
      {"dropout", "pooling and reshaping", 0, none, count_same_shape},
      {"relu", "activation", 0, none, count_same_shape},
      {"relu6", "activation", 0, none, count_same_shape},
      {"sigmoid", "activation", 0, none, count_same_shape},
      {"tanh", "activation", 0, none, count_same_shape},
      {"silu", "activation", 0, none, count_same_shape},
      {"hardswish", "activation", 0, none, count_same_shape},
      {"gelu", "activation", 0, none, count_same_shape},
      {"leaky_relu", "activation", 0, none, count_same_shape},
      {"upsample", "pooling and reshaping", 0,
       {{"scale_factor", FieldType::kAxes, &Layer::scale_factor, false, 1},
        {"size", FieldType::kAxes, &Layer::size, false, 1},
        {"mode", FieldType::kChoice, &Layer::mode, false, 0,
         {"nearest", "linear", "bilinear", "bicubic", "trilinear", "nearest-exact"}}},
       count_upsample, check_upsample},
      {"transpose", "pooling and reshaping", 0, none, count_transpose},
      {"last_step", "pooling and reshaping", 0, none, count_last_step},
  };
}

}  // namespace hw4::core::kinds
