// The attention family of the layer-kind table: multihead self-attention and PyTorch's post-norm
// transformer encoder layer (attention, two linears, two layernorms).
#include <string>

#include "core/layer_kinds_family.h"

namespace hw4::core::kinds {
namespace {

// The checks and the counts of the attention block, shared by both kinds. `prefix` names its
// tensors inside the layer ("self_attn." in a transformer layer).
void attention(const Layer& layer, const Shape& in, const char* embed_key, const char* heads_key,
               const std::string& prefix, LeafCount& out) {
  need_rank(layer, in, {2}, "a [T, E] input (a sequence of vectors)");
  const Polynomial& e = layer.embed;
  check_positive(e, field_pointer(layer, embed_key), embed_key);
  check_positive(layer.heads, field_pointer(layer, heads_key), heads_key);
  if (in.rank == 2 && in.dims[1] && !(*in.dims[1] == e)) {
    fail(field_pointer(layer, embed_key), std::string("'") + embed_key + "' is " + e.to_text() +
                                              " but the input has " + in.dims[1]->to_text() +
                                              " features");
  }
  if (!divides_exactly(e, layer.heads)) {
    fail(field_pointer(layer, heads_key),
         std::string(heads_key) + " " + layer.heads.to_text() + " does not divide the embedding " +
             e.to_text() + (e.is_constant() ? "" : " (write it as a multiple, e.g. \"8*D\" with 8 heads)"));
  }
  const Polynomial e3 = Polynomial(3) * e;
  out.tensors.push_back(tensor(prefix + "in_proj_weight", {sym("3E"), sym("E")}, {e3, e}));
  if (layer.bias) out.tensors.push_back(tensor(prefix + "in_proj_bias", {sym("3E")}, {e3}));
  if (layer.add_bias_kv) {
    out.tensors.push_back(tensor(prefix + "bias_k", {sym("1"), sym("1"), sym("E")}, {1, 1, e}));
    out.tensors.push_back(tensor(prefix + "bias_v", {sym("1"), sym("1"), sym("E")}, {1, 1, e}));
  }
  out.tensors.push_back(tensor(prefix + "out_proj.weight", {sym("E"), sym("E")}, {e, e}));
  if (layer.bias) out.tensors.push_back(tensor(prefix + "out_proj.bias", {sym("E")}, {e}));
}

// The four projections (3·T·E² + T·E²) and QKᵀ and softmax·V (T·T_k·E each; T_k = T + 1 with
// add_bias_kv), whatever the number of heads.
Polynomial attention_macs(const Layer& layer, const Polynomial& t) {
  const Polynomial keys = t + Polynomial(layer.add_bias_kv ? 1 : 0);
  return Polynomial(4) * t * layer.embed * layer.embed + Polynomial(2) * t * keys * layer.embed;
}

void count_attention(const Layer& layer, const Shape& in, const Conventions&, LeafCount& out) {
  attention(layer, in, "embed", "heads", "", out);
  if (in.rank != 2 || !in.dims[0]) return;
  const Polynomial& t = *in.dims[0];
  out.macs = attention_macs(layer, t);
  const Polynomial keys = t + Polynomial(layer.add_bias_kv ? 1 : 0);
  out.macs_step = CountStep{
      sym("4·T·E² + 2·T·T_k·E", "4 T E^2 + 2 T T_k E"),
      sum({product({value(Polynomial(4)), factor(t), factor(layer.embed), factor(layer.embed)}),
           product({value(Polynomial(2)), factor(t), factor(keys), factor(layer.embed)})})};
}

void count_encoder_layer(const Layer& layer, const Shape& in, const Conventions&, LeafCount& out) {
  attention(layer, in, "d_model", "nhead", "self_attn.", out);
  const Polynomial& e = layer.embed;
  const Polynomial& f = layer.feedforward;
  check_positive(f, field_pointer(layer, "dim_feedforward"), "dim_feedforward");
  out.tensors.push_back(tensor("linear1.weight", {sym("F"), sym("E")}, {f, e}));
  if (layer.bias) out.tensors.push_back(tensor("linear1.bias", {sym("F")}, {f}));
  out.tensors.push_back(tensor("linear2.weight", {sym("E"), sym("F")}, {e, f}));
  if (layer.bias) out.tensors.push_back(tensor("linear2.bias", {sym("E")}, {e}));
  for (const char* norm : {"norm1", "norm2"}) {
    out.tensors.push_back(tensor(std::string(norm) + ".weight", {sym("E")}, {e}));
    if (layer.bias) out.tensors.push_back(tensor(std::string(norm) + ".bias", {sym("E")}, {e}));
  }
  if (in.rank != 2 || !in.dims[0]) return;
  const Polynomial& t = *in.dims[0];
  out.macs = attention_macs(layer, t) + Polynomial(2) * t * e * f;
  out.macs_step = CountStep{
      sym("4·T·E² + 2·T²·E + 2·T·E·F", "4 T E^2 + 2 T^2 E + 2 T E F"),
      sum({product({value(Polynomial(4)), factor(t), factor(e), factor(e)}),
           product({value(Polynomial(2)), factor(t), factor(t), factor(e)}),
           product({value(Polynomial(2)), factor(t), factor(e), factor(f)})})};
}

}  // namespace

std::vector<LayerKind> attention_kinds() {
  return {
      {"multihead_attention", "attention", 0,
       {{"embed", FieldType::kSize, &Layer::embed, true},
        {"heads", FieldType::kSize, &Layer::heads, true},
        {"bias", FieldType::kBool, &Layer::bias},
        {"add_bias_kv", FieldType::kBool, &Layer::add_bias_kv}},
       count_attention},
      {"transformer_encoder_layer", "attention", 0,
       {{"d_model", FieldType::kSize, &Layer::embed, true},
        {"nhead", FieldType::kSize, &Layer::heads, true},
        {"dim_feedforward", FieldType::kSize, &Layer::feedforward},
        {"bias", FieldType::kBool, &Layer::bias}},
       count_encoder_layer},
  };
}

}  // namespace hw4::core::kinds
