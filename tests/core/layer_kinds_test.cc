// Tests of the layer-kind table against independent oracles: PyTorch's parameter tensors and
// output shapes for every new kind (tests/data/torch_layer_tensors.json, made by the script
// beside it), MACs against naive multiply-add loops written like each layer's forward pass,
// and properties (symbolic = numeric at sample points, counts add over a model's layers).
#include "hw4/core/layer_kinds.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/read_cnn.h"
#include "cli/run_cli.h"
#include "hw4/core/cnn.h"
#include "hw4/error.h"

namespace hw4::core {
namespace {

// A layer object read as the CLI reads it (with these symbols).
Layer read_layer(const nlohmann::json& layer, const nlohmann::json& symbols = nlohmann::json::object()) {
  const nlohmann::json doc = {{"symbols", symbols}, {"layers", {layer}}};
  NetworkSpec spec = cli::read_cnn_spec(input::JsonReader(doc));
  return spec.models.at(0).layers.at(0);
}

Shape shape_of(const std::vector<std::int64_t>& dims) {
  std::vector<std::optional<Polynomial>> d;
  for (auto x : dims) d.emplace_back(Polynomial(x));
  return make_shape(d);
}

std::vector<std::int64_t> integers(const Shape& s) {
  std::vector<std::int64_t> out;
  for (const auto& d : s.dims) out.push_back(d.value().integer_value().value());
  return out;
}

TEST(LayerKinds, TensorsAndShapesEqualPyTorch) {
  std::ifstream file(testing::source_path("tests/data/torch_layer_tensors.json"));
  const auto table = nlohmann::json::parse(file);
  ASSERT_GE(table["cases"].size(), 30u);
  for (const auto& c : table["cases"]) {
    SCOPED_TRACE(c["layer"].dump());
    const Layer layer = read_layer(c["layer"]);
    const LeafCount count = count_leaf(layer, shape_of(c["input"].get<std::vector<std::int64_t>>()));
    ASSERT_EQ(count.tensors.size(), c["tensors"].size());
    for (std::size_t i = 0; i < count.tensors.size(); ++i) {
      EXPECT_EQ(count.tensors[i].name, c["tensors"][i][0]);
      std::vector<std::int64_t> dims;
      for (const auto& d : count.tensors[i].dims) dims.push_back(d.integer_value().value());
      EXPECT_EQ(dims, c["tensors"][i][1].get<std::vector<std::int64_t>>()) << count.tensors[i].name;
      EXPECT_EQ(count.tensors[i].rule.size(), dims.size());
    }
    EXPECT_EQ(count.params.integer_value(), c["params"].get<std::int64_t>());
    EXPECT_EQ(integers(count.output), c["output_shape"].get<std::vector<std::int64_t>>());
  }
}

// ---- naive multiply-add loops -------------------------------------------------------------

// A convolution along each axis: slide the window over the padded input while it fits, and
// for every output element add one multiply-add per input channel of its group and kernel tap.
std::int64_t naive_conv_macs(std::int64_t c_in, std::int64_t c_out, std::int64_t groups,
                             const std::vector<std::int64_t>& size, const std::vector<std::int64_t>& k,
                             std::int64_t s, std::int64_t p, std::int64_t d) {
  std::int64_t positions = 1;
  for (std::size_t a = 0; a < size.size(); ++a) {
    std::int64_t n = 0;
    for (std::int64_t start = -p; start + d * (k[a] - 1) <= size[a] - 1 + p; start += s) ++n;
    positions *= n;
  }
  std::int64_t macs = 0;
  for (std::int64_t o = 0; o < c_out; ++o) {
    for (std::int64_t pos = 0; pos < positions; ++pos) {
      for (std::int64_t i = 0; i < c_in / groups; ++i) {
        std::int64_t taps = 1;
        for (auto x : k) taps *= x;
        for (std::int64_t t = 0; t < taps; ++t) ++macs;
      }
    }
  }
  return macs;
}

// A transposed convolution as a scatter: every input element, times every output channel of
// its group, adds into each kernel tap's output position (cropped ones included).
std::int64_t naive_conv_transpose_macs(std::int64_t c_in, std::int64_t c_out, std::int64_t groups,
                                       const std::vector<std::int64_t>& size,
                                       const std::vector<std::int64_t>& k) {
  std::int64_t macs = 0;
  std::int64_t elements = c_in;
  for (auto n : size) elements *= n;
  std::int64_t taps = 1;
  for (auto x : k) taps *= x;
  for (std::int64_t e = 0; e < elements; ++e) {
    for (std::int64_t o = 0; o < c_out / groups; ++o) {
      for (std::int64_t t = 0; t < taps; ++t) ++macs;
    }
  }
  return macs;
}

// One matrix-vector product per gate block, time step, direction and layer.
std::int64_t naive_recurrent_macs(std::int64_t gates, std::int64_t t_len, std::int64_t input,
                                  std::int64_t hidden, std::int64_t layers, bool bidirectional,
                                  std::int64_t proj) {
  const std::int64_t hr = proj > 0 ? proj : hidden;
  const std::int64_t dirs = bidirectional ? 2 : 1;
  std::int64_t macs = 0;
  for (std::int64_t l = 0; l < layers; ++l) {
    const std::int64_t in = l == 0 ? input : dirs * hr;
    for (std::int64_t dir = 0; dir < dirs; ++dir) {
      for (std::int64_t t = 0; t < t_len; ++t) {
        for (std::int64_t row = 0; row < gates * hidden; ++row) {
          for (std::int64_t col = 0; col < in; ++col) ++macs;   // W_ih x_t
          for (std::int64_t col = 0; col < hr; ++col) ++macs;   // W_hh h_{t-1}
        }
        for (std::int64_t row = 0; row < proj; ++row) {
          for (std::int64_t col = 0; col < hidden; ++col) ++macs;  // W_hr h_t
        }
      }
    }
  }
  return macs;
}

// Self-attention's forward: Q, K, V projections, scores QKᵀ, softmax·V, output projection.
std::int64_t naive_attention_macs(std::int64_t t_len, std::int64_t e, bool bias_kv) {
  const std::int64_t keys = t_len + (bias_kv ? 1 : 0);
  std::int64_t macs = 0;
  for (int proj = 0; proj < 3; ++proj) {
    for (std::int64_t t = 0; t < t_len; ++t) {
      for (std::int64_t o = 0; o < e; ++o) {
        for (std::int64_t i = 0; i < e; ++i) ++macs;
      }
    }
  }
  for (std::int64_t q = 0; q < t_len; ++q) {
    for (std::int64_t k = 0; k < keys; ++k) {
      for (std::int64_t i = 0; i < e; ++i) ++macs;  // score(q, k)
    }
  }
  for (std::int64_t q = 0; q < t_len; ++q) {
    for (std::int64_t i = 0; i < e; ++i) {
      for (std::int64_t k = 0; k < keys; ++k) ++macs;  // Σ_k p(q, k) v_k
    }
  }
  for (std::int64_t t = 0; t < t_len; ++t) {
    for (std::int64_t o = 0; o < e; ++o) {
      for (std::int64_t i = 0; i < e; ++i) ++macs;
    }
  }
  return macs;
}

std::int64_t macs_of(const nlohmann::json& layer, const std::vector<std::int64_t>& input) {
  return count_leaf(read_layer(layer), shape_of(input)).macs.integer_value().value();
}

TEST(LayerKinds, ConvolutionMacsEqualNaiveLoops) {
  EXPECT_EQ(macs_of({{"type", "conv1d"}, {"out", 6}, {"kernel", 3}, {"stride", 2}, {"padding", 1}, {"groups", 2}}, {4, 11}),
            naive_conv_macs(4, 6, 2, {11}, {3}, 2, 1, 1));
  EXPECT_EQ(macs_of({{"type", "conv1d"}, {"out", 3}, {"kernel", 3}, {"dilation", 2}}, {2, 9}),
            naive_conv_macs(2, 3, 1, {9}, {3}, 1, 0, 2));
  EXPECT_EQ(macs_of({{"type", "conv2d"}, {"out", 4}, {"kernel", 3}, {"stride", 2}, {"padding", 1}}, {3, 7, 6}),
            naive_conv_macs(3, 4, 1, {7, 6}, {3, 3}, 2, 1, 1));
  EXPECT_EQ(macs_of({{"type", "conv3d"}, {"out", 2}, {"kernel", 2}}, {3, 4, 3, 5}),
            naive_conv_macs(3, 2, 1, {4, 3, 5}, {2, 2, 2}, 1, 0, 1));
  EXPECT_EQ(macs_of({{"type", "conv_transpose2d"}, {"out", 4}, {"kernel", 4}, {"stride", 2}, {"padding", 1}, {"groups", 2}},
                    {6, 3, 5}),
            naive_conv_transpose_macs(6, 4, 2, {3, 5}, {4, 4}));
  EXPECT_EQ(macs_of({{"type", "conv_transpose1d"}, {"out", 5}, {"kernel", 3}, {"stride", 3}}, {2, 7}),
            naive_conv_transpose_macs(2, 5, 1, {7}, {3}));
  EXPECT_EQ(macs_of({{"type", "conv_transpose3d"}, {"out", 2}, {"kernel", 2}, {"stride", 2}}, {3, 2, 2, 3}),
            naive_conv_transpose_macs(3, 2, 1, {2, 2, 3}, {2, 2, 2}));
}

TEST(LayerKinds, RecurrentAndAttentionMacsEqualNaiveLoops) {
  EXPECT_EQ(macs_of({{"type", "rnn"}, {"hidden", 5}}, {4, 3}), naive_recurrent_macs(1, 4, 3, 5, 1, false, 0));
  EXPECT_EQ(macs_of({{"type", "lstm"}, {"hidden", 4}, {"layers", 2}, {"bidirectional", true}}, {3, 5}),
            naive_recurrent_macs(4, 3, 5, 4, 2, true, 0));
  EXPECT_EQ(macs_of({{"type", "lstm"}, {"hidden", 6}, {"layers", 2}, {"proj_size", 2}}, {5, 3}),
            naive_recurrent_macs(4, 5, 3, 6, 2, false, 2));
  EXPECT_EQ(macs_of({{"type", "gru"}, {"hidden", 3}, {"layers", 3}, {"bidirectional", true}, {"bias", false}}, {2, 4}),
            naive_recurrent_macs(3, 2, 4, 3, 3, true, 0));
  EXPECT_EQ(macs_of({{"type", "multihead_attention"}, {"embed", 6}, {"heads", 2}}, {5, 6}),
            naive_attention_macs(5, 6, false));
  EXPECT_EQ(macs_of({{"type", "multihead_attention"}, {"embed", 4}, {"heads", 4}, {"add_bias_kv", true}}, {3, 4}),
            naive_attention_macs(3, 4, true));
  // The encoder layer adds its feed-forward pair: T·E·F and T·F·E.
  std::int64_t ff = 0;
  for (int t = 0; t < 5; ++t) {
    for (int i = 0; i < 6 * 10; ++i) ff += 2;
  }
  EXPECT_EQ(macs_of({{"type", "transformer_encoder_layer"}, {"d_model", 6}, {"nhead", 3}, {"dim_feedforward", 10}}, {5, 6}),
            naive_attention_macs(5, 6, false) + ff);
}

// ---- properties -----------------------------------------------------------------------------

// A random layer of the sequence family, symbolic in T (sequence) and H (hidden or embedding),
// drawn from one number: its kind, a flag and a layer count.
nlohmann::json sequence_layer(int pick) {
  const bool flag = (pick / 6) % 2 == 1;
  const int layers = 1 + (pick / 12) % 3;
  switch (pick % 6) {
    case 0:
      return {{"type", "lstm"}, {"hidden", "H"}, {"layers", layers}, {"bidirectional", flag}};
    case 1:
      return {{"type", "gru"}, {"hidden", "H"}, {"bias", flag}};
    case 2:
      return {{"type", "rnn"}, {"hidden", "2*H"}, {"layers", layers}};
    case 3:
      return {{"type", "linear"}, {"out", "H"}, {"bias", flag}};
    case 4:
      return {{"type", "layernorm"}, {"bias", flag}};
    default:
      return {{"type", "relu"}};
  }
}

nlohmann::json count_json(const nlohmann::json& doc) {
  const auto r = testing::run_cli({"cnn-params", "count", "-", "--format", "json"}, doc.dump());
  if (r.exit_code != 0) throw std::runtime_error(r.err);
  return nlohmann::json::parse(r.out)["result"]["models"];
}

TEST(LayerKinds, SymbolicCountsEqualNumericOnesAtSamplePoints) {
  EXPECT_TRUE(rc::check("a symbolic count evaluated at T, H equals the count with T, H bound",
                        [] {
    const auto picks = *rc::gen::container<std::vector<int>>(*rc::gen::inRange(1, 6), rc::gen::inRange(0, 36));
    const std::int64_t T = *rc::gen::inRange(1, 10), H = *rc::gen::inRange(1, 8);
    nlohmann::json layers = nlohmann::json::array();
    for (int pick : picks) layers.push_back(sequence_layer(pick));
    const nlohmann::json input = {{"sequence", "T"}, {"features", 5}};
    const auto symbolic = count_json({{"symbols", {{"T", nullptr}, {"H", nullptr}}}, {"input", input}, {"layers", layers}});
    const auto numeric = count_json({{"symbols", {{"T", T}, {"H", H}}}, {"input", input}, {"layers", layers}});
    const Symbols free{{"T", std::nullopt}, {"H", std::nullopt}};
    for (const char* metric : {"params", "macs"}) {
      const Polynomial p = parse_expression(symbolic["model"][metric]["text"].get<std::string>(), free);
      RC_ASSERT(p.evaluate({{"T", Rational(T)}, {"H", Rational(H)}}) ==
                Rational(numeric["model"][metric]["value"].get<std::int64_t>()));
    }
  }));
}

TEST(LayerKinds, CountsAddOverTheLayersOfAModel) {
  EXPECT_TRUE(rc::check("params and MACs of A then B are those of A plus those of B on A's output",
                        [] {
    const auto picks = *rc::gen::container<std::vector<int>>(*rc::gen::inRange(2, 7), rc::gen::inRange(0, 36));
    nlohmann::json all = nlohmann::json::array();
    for (int pick : picks) all.push_back(sequence_layer(pick));
    const auto k = static_cast<std::size_t>(*rc::gen::inRange(1, static_cast<int>(all.size())));
    const nlohmann::json first(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k));
    const nlohmann::json second(all.begin() + static_cast<std::ptrdiff_t>(k), all.end());
    const nlohmann::json symbols = {{"T", nullptr}, {"H", nullptr}};
    const auto a = count_json({{"symbols", symbols}, {"input", {{"sequence", "T"}, {"features", 5}}}, {"layers", first}});
    nlohmann::json mid = a["model"]["output_shape"];
    const auto b = count_json({{"symbols", symbols},
                               {"input", {{"sequence", mid[0]}, {"features", mid[1]}}},
                               {"layers", second}});
    const auto whole = count_json({{"symbols", symbols}, {"input", {{"sequence", "T"}, {"features", 5}}}, {"layers", all}});
    const Symbols free{{"T", std::nullopt}, {"H", std::nullopt}};
    for (const char* metric : {"params", "macs"}) {
      auto poly = [&](const nlohmann::json& m) { return parse_expression(m["model"][metric]["text"].get<std::string>(), free); };
      RC_ASSERT(poly(a) + poly(b) == poly(whole));
    }
  }));
}

}  // namespace
}  // namespace hw4::core
