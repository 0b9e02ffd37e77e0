// The recurrent family of the layer-kind table: rnn, lstm and gru with layers, directions, biases
// and LSTM projections, tensor by tensor as PyTorch's RNNBase registers them.
#include <string>

#include "core/layer_kinds_family.h"

namespace hw4::core::kinds {
namespace {

// Gate blocks per cell: G = 1 (rnn), 4 (lstm), 3 (gru).
std::int64_t gates(const Layer& layer) {
  return layer.kind->name == "lstm" ? 4 : layer.kind->name == "gru" ? 3 : 1;
}

// "4H", "H", "2P": a multiple of a size symbol as the tensor shapes write it.
Notation times_symbol(std::int64_t n, const std::string& symbol) {
  return sym(n == 1 ? symbol : std::to_string(n) + symbol);
}

void check_recurrent(const Layer& layer) {
  // Each layer adds up to ten tensors to the row: bound them before counting.
  constexpr std::int64_t kMaxLayers = 1000;
  if (layer.num_layers > kMaxLayers) {
    fail(field_pointer(layer, "layers"), "layers must be at most " + std::to_string(kMaxLayers) +
                                             ", got " + std::to_string(layer.num_layers));
  }
  check_positive(layer.out, field_pointer(layer, "hidden"), "hidden");
  if (auto h = layer.out.integer_value(); h && layer.proj_size > 0 && layer.proj_size >= *h) {
    fail(field_pointer(layer, "proj_size"), "proj_size " + std::to_string(layer.proj_size) +
                                                " must be smaller than hidden " + std::to_string(*h));
  }
}

void count_recurrent(const Layer& layer, const Shape& in, const Conventions&, LeafCount& out) {
  need_rank(layer, in, {2}, "a [T, F] input (a sequence of vectors)");
  const Polynomial input = channels_in(layer, in, 1, "in", "features");
  const std::int64_t g = gates(layer);
  const std::int64_t directions = layer.bidirectional ? 2 : 1;
  const std::int64_t p = layer.proj_size;
  const Polynomial& h = layer.out;
  const Polynomial hr = p > 0 ? Polynomial(p) : h;
  const std::string hr_symbol = p > 0 ? "P" : "H";

  std::vector<Notation> per_layer_macs;
  Polynomial macs_per_step;
  for (std::int64_t l = 0; l < layer.num_layers; ++l) {
    const Polynomial layer_in = l == 0 ? input : Polynomial(directions) * hr;
    const Notation in_rule = l == 0 ? sym("I") : times_symbol(directions, hr_symbol);
    for (std::int64_t d = 0; d < directions; ++d) {
      const std::string suffix = "_l" + std::to_string(l) + (d == 1 ? "_reverse" : "");
      out.tensors.push_back(tensor("weight_ih" + suffix, {times_symbol(g, "H"), in_rule},
                                   {Polynomial(g) * h, layer_in}));
      out.tensors.push_back(tensor("weight_hh" + suffix, {times_symbol(g, "H"), sym(hr_symbol)},
                                   {Polynomial(g) * h, hr}));
      if (layer.bias) {
        out.tensors.push_back(tensor("bias_ih" + suffix, {times_symbol(g, "H")}, {Polynomial(g) * h}));
        out.tensors.push_back(tensor("bias_hh" + suffix, {times_symbol(g, "H")}, {Polynomial(g) * h}));
      }
      if (p > 0) out.tensors.push_back(tensor("weight_hr" + suffix, {sym("P"), sym("H")}, {hr, h}));
    }
    // Per step and direction: G·H·(I_l + Hr) for the gates, P·H for the projection.
    macs_per_step += Polynomial(g) * h * (layer_in + hr) + Polynomial(p) * h;
    std::vector<Notation> term{product({value(Polynomial(g)), factor(h), parens(sum({value(layer_in), value(hr)}))})};
    if (p > 0) term.push_back(product({value(Polynomial(p)), factor(h)}));
    per_layer_macs.push_back(term.size() == 1 ? term[0] : sum(term));
  }
  std::optional<Polynomial> t;
  if (in.rank == 2) t = in.dims[0];
  out.output = make_shape({t, Polynomial(directions) * hr});
  if (!t) return;
  out.macs = *t * Polynomial(directions) * macs_per_step;
  out.macs_step = CountStep{
      sym("T·D·Σ_l [G·H·(I_l + H_r) + P·H]", "T D \\sum_l \\left[G H (I_l + H_r) + P H\\right]"),
      product({factor(*t), value(Polynomial(directions)),
               per_layer_macs.size() == 1 ? per_layer_macs[0] : parens(sum(per_layer_macs))})};
}

std::vector<FieldSpec> recurrent_fields(const std::string& type) {
  std::vector<FieldSpec> f{{"hidden", FieldType::kSize, &Layer::out, true},
                           {"in", FieldType::kSize, &Layer::in},
                           {"layers", FieldType::kInt, &Layer::num_layers, false, 1},
                           {"bidirectional", FieldType::kBool, &Layer::bidirectional},
                           {"bias", FieldType::kBool, &Layer::bias}};
  if (type == "lstm") f.push_back({"proj_size", FieldType::kInt, &Layer::proj_size, false, 0});
  if (type == "rnn") {
    f.push_back({"nonlinearity", FieldType::kChoice, &Layer::nonlinearity, false, 0, {"tanh", "relu"}});
  }
  return f;
}

}  // namespace

std::vector<LayerKind> recurrent_kinds() {
  return {
      {"rnn", "recurrent", 0, recurrent_fields("rnn"), count_recurrent, check_recurrent},
      {"lstm", "recurrent", 0, recurrent_fields("lstm"), count_recurrent, check_recurrent},
      {"gru", "recurrent", 0, recurrent_fields("gru"), count_recurrent, check_recurrent},
  };
}

}  // namespace hw4::core::kinds
