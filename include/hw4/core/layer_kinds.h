// The layer-kind table of cnn-params: one entry per leaf layer kind (conv1d, lstm, ...) holding
// its fields and defaults, shape rule, parameter and MAC formulas and PyTorch's tensor names, and
// the public API that counts one leaf layer from its input shape. The JSON reader, the network
// walker, the derivation and the ONNX importer all go through this table.
//
// Counting one layer (what an importer does for each node):
//
//   core::Layer conv = core::make_layer("conv2d");   // any name of layer_kinds(), or "conv3d"
//   conv.out = core::Polynomial(64);
//   conv.kernel = {7, 7};                             // one entry per spatial axis
//   conv.stride = {2, 2};
//   conv.padding = {3, 3};
//   core::Shape in = core::make_shape({core::Polynomial(3), core::Polynomial(224), core::Polynomial(224)});
//   core::LeafCount c = core::count_leaf(conv, in);
//   // c.params = 9472, c.macs = 118013952, c.output = [64, 112, 112],
//   // c.tensors = {weight [64, 3, 7, 7], bias [64]}
//
// Shapes never hold the batch. A shape whose rank is 0 is unknown (no `input`): only parameters
// are counted then, and sizes such as `in` must be given on the layer. Every size is a
// polynomial, so symbolic sizes ("T", "8*D") count exactly. Convolutions and transposed
// convolutions are generic over the number of spatial axes: conv1d/conv2d/conv3d and
// conv_transpose1d/2d/3d are one rule with kernel, stride, padding, dilation and output_padding
// holding one entry per axis ([C, L], [C, H, W] or [C, D, H, W] inputs).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hw4/core/polynomial.h"

namespace hw4::core {

struct LayerKind;

// How a layer nests others; every layer that counts something is a kLeaf with a `kind`.
enum class LayerType { kLeaf, kConcat, kResidual, kSequential, kRepeat, kBlock };

// The shape of one sample (no batch dimension): [C, H, W], [C, L], [T, F], [N], [T], ...
// Without an `input` the sizes are unknown (nullopt) and rank may be 0 (nothing known).
struct Shape {
  int rank = 0;  // 0: nothing known yet
  std::vector<std::optional<Polynomial>> dims;

  bool known() const;  // rank > 0 and every dim known
  // "[C, 28, 28]" with each dim in polynomial text, "?" for an unknown one.
  std::string to_text() const;
  friend bool operator==(const Shape& a, const Shape& b) = default;
};

Shape make_shape(std::vector<std::optional<Polynomial>> dims);

// One layer as the input describes it. Leaf fields are filled per the kind's FieldSpecs; a
// geometry vector left empty takes the kind's default (stride 1, a pool's stride = kernel, ...).
// `pointer` is the JSON pointer of the layer's object, so shape errors can name it.
struct Layer {
  LayerType type = LayerType::kLeaf;
  const LayerKind* kind = nullptr;  // leaves
  std::string type_name;            // as written: "conv2d", "relu", ...
  std::string pointer;
  std::string name;  // the row's label; for kBlock the block's name

  // Sizes, possibly symbolic.
  Polynomial out;                 // conv/linear `out`, rnn `hidden`, embedding `dim`
  std::optional<Polynomial> in;   // declared input channels/features (`in`, `channels`)
  Polynomial num;                 // embedding `num`
  Polynomial embed;               // attention `embed`, transformer `d_model`
  Polynomial heads = Polynomial(1);              // `heads`, `nhead`
  Polynomial feedforward = Polynomial(2048);     // `dim_feedforward`
  Polynomial groups = Polynomial(1);             // conv groups, groupnorm groups
  std::optional<std::vector<Polynomial>> normalized_shape;  // layernorm

  // Geometry, concrete, one entry per spatial axis.
  std::vector<std::int64_t> kernel, stride, padding, dilation, output_padding;
  std::vector<std::int64_t> output;        // adaptive pools
  std::vector<std::int64_t> scale_factor;  // upsample
  std::vector<std::int64_t> size;          // upsample
  bool same_padding = false;               // padding "same" (stride 1 only, as PyTorch)

  bool bias = true;
  bool ceil_mode = false;
  bool affine = true;  // layernorm `elementwise_affine`, groupnorm `affine`
  bool bidirectional = false;
  bool add_bias_kv = false;
  std::int64_t num_layers = 1;  // rnn `layers`
  std::int64_t proj_size = 0;   // lstm
  std::optional<std::int64_t> padding_idx;
  std::string mode = "nearest";         // upsample
  std::string nonlinearity = "tanh";    // rnn

  // Containers.
  std::vector<std::vector<Layer>> branches;    // concat; an empty branch is the identity
  std::vector<Layer> body;                     // residual
  std::optional<std::vector<Layer>> shortcut;  // residual; absent is the identity
  std::vector<Layer> layers;                   // sequential, repeat
  Polynomial times;                            // repeat
};

// What counts besides PyTorch's parameters; the defaults are SPEC's (torchvision's) MACs.
struct Conventions {
  bool bias_adds = false;          // count one add per output element of a biased conv/linear
  std::int64_t batchnorm_ops = 0;  // operations per element of a batchnorm (0, 1, 2 or 4)
  std::int64_t flops_per_mac = 2;  // FLOPs = flops_per_mac · MACs
  // Counts batch norm's running mean and variance as parameters (4·C, not PyTorch's 2·C): a
  // common mistake, which `grade` re-counts to diagnose it.
  bool running_stats = false;
};

// A formula as data, so each kind writes its rule once and the derivation renders it in text and
// LaTeX (core knows no report types). kSymbol has a plain and a LaTeX spelling; kName is a word
// (a tensor name); kPolynomial is a value, kFactor the same parenthesised when it is a sum;
// kProduct joins with "·", kSum with " + ", kSequence concatenates, kParens brackets.
struct Notation {
  enum class Kind { kSymbol, kName, kPolynomial, kFactor, kProduct, kSum, kSequence, kParens };
  Kind kind = Kind::kSequence;
  std::string plain, latex;
  Polynomial value;
  std::vector<Notation> parts;
};

Notation sym(std::string plain, std::string latex = {});  // latex defaults to plain
Notation word(std::string text);
Notation value(const Polynomial& p);
Notation factor(const Polynomial& p);
Notation product(std::vector<Notation> parts);
Notation sum(std::vector<Notation> parts);
Notation sequence(std::vector<Notation> parts);
Notation parens(Notation inner);

// One of PyTorch's parameter tensors: its name in `named_parameters()` ("weight_ih_l0",
// "in_proj_weight", "self_attn.out_proj.weight"), its shape as the formula writes it
// (`rule`: 4H × I) and its sizes.
struct Tensor {
  std::string name;
  std::vector<Notation> rule;
  std::vector<Polynomial> dims;
  Polynomial elements() const;
};

// A step of the derivation: the rule in symbols and the same with the numbers substituted.
struct CountStep {
  Notation rule, substituted;
};

// One leaf layer counted from its input shape.
struct LeafCount {
  Shape output;
  Polynomial params;     // the sum of the tensors' elements
  Polynomial macs;       // multiply-accumulates (bias excluded), 0 without a known input
  Polynomial extra_ops;  // bias adds and batchnorm ops per the conventions
  std::vector<Tensor> tensors;           // PyTorch's, in named_parameters() order
  std::optional<CountStep> params_step;  // absent: the derivation sums the tensors
  std::optional<CountStep> macs_step;    // present whenever macs is not zero
  // A symbolic size went through a strided window: sizes assume the division is exact.
  bool assumes_divisibility = false;
};

// How the reader takes one field of a layer's JSON object.
enum class FieldType {
  kSize,      // an integer or an expression over the symbols, positive when constant
  kAxes,      // a concrete integer >= min, or a list with one per spatial axis
  kPadding,   // kAxes with min 0, or "same" / "valid"
  kBool,
  kInt,       // a concrete integer >= min
  kChoice,    // one of `choices`
  kSizes,     // a size or a list of sizes (layernorm's normalized_shape)
};

using FieldSlot =
    std::variant<Polynomial Layer::*, std::optional<Polynomial> Layer::*,
                 std::vector<std::int64_t> Layer::*, bool Layer::*, std::int64_t Layer::*,
                 std::optional<std::int64_t> Layer::*, std::string Layer::*,
                 std::optional<std::vector<Polynomial>> Layer::*>;

struct FieldSpec {
  std::string_view name;  // the JSON key
  FieldType type;
  FieldSlot slot;  // the Layer member it fills; absent fields keep the member's default
  bool required = false;
  std::int64_t min = 0;                     // kAxes, kInt
  std::vector<std::string_view> choices{};  // kChoice
};

// One leaf kind. `count` reads the layer's fields and its input shape and fills a LeafCount,
// throwing InputError at the layer's (or the field's) pointer for a shape it cannot take.
// `check`, when set, verifies the fields alone (run by the reader, before any shape is known).
struct LayerKind {
  std::string_view name;
  std::string_view family;  // "convolution", "pooling and reshaping", "recurrent", ...
  int axes = 0;             // spatial axes of a convolution or pool (1, 2, 3), else 0
  std::vector<FieldSpec> fields;
  void (*count)(const Layer& layer, const Shape& in, const Conventions& conventions,
                LeafCount& out) = nullptr;
  void (*check)(const Layer& layer) = nullptr;
};

// Every leaf kind, family by family (the order of `hw4 cnn-params` documentation).
const std::vector<LayerKind>& layer_kinds();
// The kind of that name, or null.
const LayerKind* find_layer_kind(std::string_view name);
// The container types (concat, residual, sequential, repeat, block), which are no kinds.
const std::vector<std::string_view>& container_names();

// A layer of that type (a kind or a container) with every field at its default. Throws Error
// (internal) for an unknown name.
Layer make_layer(std::string_view type_name);

// Counts one leaf layer (layer.type == kLeaf) on a sample of shape `in`. Throws InputError at the
// layer's pointer for a shape it cannot take, and Error(kMath) on overflow.
LeafCount count_leaf(const Layer& layer, const Shape& in, const Conventions& conventions = {});

// PyTorch's output size of a window (conv or pool) along one axis, for a concrete input size:
// floor((n + 2p - d(k-1) - 1)/s) + 1, or with ceil_mode the ceiling, minus one when the last
// window would start in the right padding. Returns nullopt when the window does not fit.
std::optional<std::int64_t> window_output_size(std::int64_t n, std::int64_t kernel,
                                               std::int64_t stride, std::int64_t padding,
                                               std::int64_t dilation, bool ceil_mode);

}  // namespace hw4::core
