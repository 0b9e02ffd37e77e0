// What the family files of the layer-kind table share: the families' entry lists and the checks
// every kind makes (positive sizes, input rank, declared channels, window sizes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hw4/core/layer_kinds.h"

namespace hw4::core::kinds {

// One list per family file; layer_kinds() concatenates them.
std::vector<LayerKind> convolution_kinds();  // layers_convolution.cc
std::vector<LayerKind> dense_kinds();        // layers_dense.cc: linear, embedding
std::vector<LayerKind> norm_kinds();         // layers_norm.cc
std::vector<LayerKind> shape_kinds();        // layers_shape.cc: pools, reshaping, activations
std::vector<LayerKind> recurrent_kinds();    // layers_recurrent.cc
std::vector<LayerKind> attention_kinds();    // layers_attention.cc

[[noreturn]] void fail(const std::string& pointer, const std::string& message);
std::string field_pointer(const Layer& layer, const std::string& name);

// A constant size must be a positive integer; a symbolic one is taken on trust.
void check_positive(const Polynomial& size, const std::string& pointer, const std::string& what);

// Whether n/g is a whole number for every value of the symbols: a constant g must divide every
// coefficient of n ("8*D" by 8), a symbolic g must be a whole constant fraction of n.
bool divides_exactly(const Polynomial& n, const Polynomial& g);

// `values[axis]`, or `fallback` when the field was left out.
std::int64_t axis_value(const std::vector<std::int64_t>& values, std::size_t axis,
                        std::int64_t fallback);

// Fails unless the input is unknown (rank 0) or has one of `ranks`; `expected` names the form
// ("a [C, H, W] input").
void need_rank(const Layer& layer, const Shape& in, std::initializer_list<int> ranks,
               const std::string& expected);

// The channels or features the layer takes: dims[index] of the input, checked against the
// declared `key` when the layer gives it; without an input the declared value is required.
Polynomial channels_in(const Layer& layer, const Shape& in, std::size_t index, const char* key,
                       const char* what);

// PyTorch's output size of a window along one spatial axis (0-based among `axes`) of an
// n-long input; symbolic n gives (n + 2p − d(k − 1) − 1)/s + 1 and marks divisibility assumed.
Polynomial window_size(const Layer& layer, const Polynomial& n, std::size_t axis, std::size_t axes,
                       std::int64_t stride, bool pool, LeafCount& out);

// The names of the axes of an n-axis input, as messages and formulas write them.
const char* axis_name(std::size_t axis, std::size_t axes);  // "length", "height", "depth", ...

Tensor tensor(std::string name, std::vector<Notation> rule, std::vector<Polynomial> dims);

// The sum of the tensors' elements: a layer's parameters (count_leaf sets them so).
Polynomial tensor_params(const std::vector<Tensor>& tensors);

}  // namespace hw4::core::kinds
