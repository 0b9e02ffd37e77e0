// The diagnosis table: one row per known mistake, with the commands it applies to and how the
// problem is re-solved with it made. Nothing here compares strings: every mistaken value is a
// result the command computes.
#include "cli/mistakes.h"

#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <string_view>

#include "hw4/core/rational.h"
#include "hw4/error.h"

namespace hw4::cli {

namespace {

using nlohmann::json;

// Applies `edit` to every layer object (an object with a "type") of a cnn-params input's models
// and blocks; true when any edit changed something.
bool edit_layers(json& value, const std::function<bool(json&)>& edit) {
  bool changed = false;
  if (value.is_object() && value.contains("type") && value["type"].is_string()) changed = edit(value);
  if (value.is_object() || value.is_array()) {
    for (json& child : value) changed = edit_layers(child, edit) || changed;
  }
  return changed;
}

std::optional<json> edit_cnn_layers(const json& input, const std::function<bool(json&)>& edit) {
  json out = input;
  bool changed = false;
  for (const char* field : {"models", "blocks", "layers"}) {
    if (out.contains(field)) changed = edit_layers(out[field], edit) || changed;
  }
  return changed ? std::optional<json>(std::move(out)) : std::nullopt;
}

bool is_pool(const std::string& type) {
  return type.find("pool") != std::string::npos && type.find("adaptive") == std::string::npos;
}

// The right answer negated: a number, a list of them, an exact "p/q" or a polynomial.
std::optional<json> negated(const json& v) {
  if (v.is_number_integer()) {
    // −2^63, and unsigned values above 2^63 − 1, have no int64 negation: they negate as doubles.
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    const bool fits = v.is_number_unsigned() ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMax)
                                             : v.get<std::int64_t>() >= -kMax;
    if (fits) return json(-v.get<std::int64_t>());
  }
  if (v.is_number()) return json(-v.get<double>());
  if (v.is_array()) {
    json out = json::array();
    for (const json& item : v) {
      auto n = negated(item);
      if (!n) return std::nullopt;
      out.push_back(std::move(*n));
    }
    return out;
  }
  if (v.is_object() && v.contains("text")) return negated(v["text"]);
  if (v.is_string()) {
    const std::string& text = v.get_ref<const std::string&>();
    if (auto p = derive::polynomial_text("-(" + text + ")")) return *p;
    try {
      return (-core::parse_rational(text)).to_string();
    } catch (const Error&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

struct Mistake {
  const char* code;
  const char* message;
  std::set<std::string_view> commands;  // "command mode"
  // The input with the mistake made, or nullopt when it changes nothing; null function: the
  // input is kept and `value` acts on the right result.
  std::function<std::optional<json>(const json& input)> remake;
  // Where the mistaken answer is read, from the graded pointer.
  std::function<std::string(const std::string&)> pointer;
  // A mistake on the solved value itself (a sign flipped).
  std::function<std::optional<json>(const json&)> value;
};

std::string macs_to_flops(const std::string& pointer) {
  std::string out = pointer + "/";
  for (std::size_t at = out.find("/macs/"); at != std::string::npos; at = out.find("/macs/", at)) {
    out.replace(at, 6, "/flops/");
  }
  return out.substr(0, out.size() - 1);
}

const std::vector<Mistake>& mistakes() {
  static const std::vector<Mistake> table = {
      {"bias_left_out", "the biases were left out of the count", {"cnn-params count"},
       [](const json& in) {
         return edit_cnn_layers(in, [](json& layer) {
           static const std::set<std::string> biased = {
               "conv1d", "conv2d", "conv_transpose2d", "linear", "rnn", "lstm", "gru",
               "multihead_attention", "transformer_encoder_layer", "layernorm"};
           if (!biased.contains(layer["type"].get<std::string>()) || layer.value("bias", true) == false) {
             return false;
           }
           layer["bias"] = false;
           return true;
         });
       },
       nullptr, nullptr},
      {"running_stats_counted",
       "batch norm's running mean and variance were counted as parameters (they are buffers)",
       {"cnn-params count"},
       [](const json& in) -> std::optional<json> {
         json out = in;
         out["conventions"]["running_stats"] = true;
         return out;
       },
       nullptr, nullptr},
      {"flops_for_macs", "FLOPs (2 per multiply-accumulate) were given where MACs were asked",
       {"cnn-params count"},
       [](const json& in) -> std::optional<json> {
         json out = in;
         out["conventions"]["flops_per_mac"] = 2;
         if (out.contains("compare") && out["compare"].value("metric", "") == "macs") {
           out["compare"]["metric"] = "flops";
         }
         return out;
       },
       macs_to_flops, nullptr},
      {"macs_for_flops", "MACs were given where FLOPs (2 per multiply-accumulate) were asked",
       {"cnn-params count"},
       [](const json& in) -> std::optional<json> {
         json out = in;
         out["conventions"]["flops_per_mac"] = 1;
         return out;
       },
       nullptr, nullptr},
      {"padding_ignored", "the padding was ignored in an output size", {"cnn-params count"},
       [](const json& in) {
         return edit_cnn_layers(in, [](json& layer) { return layer.erase("padding") > 0; });
       },
       nullptr, nullptr},
      {"stride_ignored", "the stride was ignored in an output size (taken as 1)", {"cnn-params count"},
       [](const json& in) {
         return edit_cnn_layers(in, [](json& layer) {
           const bool strided = layer.contains("stride") || is_pool(layer["type"].get<std::string>());
           if (!strided || layer.value("stride", json(0)) == json(1)) return false;
           layer["stride"] = 1;
           return true;
         });
       },
       nullptr, nullptr},
      {"mean_factor_left_out", "the 1/M of the mean was left out (a sum where a mean belongs)",
       {"gan-grad grad", "skipgram grad"},
       [](const json& in) -> std::optional<json> {
         if (in.value("reduction", "") != "mean") return std::nullopt;
         json out = in;
         out["reduction"] = "sum";
         return out;
       },
       nullptr, nullptr},
      {"softmax_jacobian",
       "the softmax Jacobian times a binary cross-entropy's derivative, S′(y)·S(y), where ŷ − y "
       "belongs",
       {"skipgram grad"},
       [](const json& in) -> std::optional<json> {
         if (in.value("loss", "softmax") != "softmax") return std::nullopt;
         json out = in;
         out["score_gradient"] = "softmax_jacobian";
         return out;
       },
       nullptr, nullptr},
      {"sign_flipped", "the sign is flipped", {}, nullptr, nullptr, negated},
  };
  return table;
}

}  // namespace

std::vector<std::vector<derive::MistakenValue>> mistaken_values(const Problem& problem,
                                                                const json& result,
                                                                const Context& context) {
  std::vector<std::vector<derive::MistakenValue>> out(problem.graded.size());
  const std::string command = problem.command + " " + problem.mode;
  const json& input = problem.json["input"];
  for (const Mistake& m : mistakes()) {
    if (!m.commands.empty() && !m.commands.contains(command)) continue;
    json mistaken_result;
    const json* source = &result;
    if (m.remake) {
      const std::optional<json> remade = m.remake(input);
      if (!remade) continue;
      try {
        mistaken_result = prepare_input(problem, *remade, context)().result;
      } catch (const Error&) {
        continue;  // the mistake makes the problem unsolvable: it cannot explain an answer
      }
      source = &mistaken_result;
    }
    for (std::size_t i = 0; i < problem.graded.size(); ++i) {
      const std::string& right_pointer = problem.graded[i].pointer;
      const json::json_pointer at(m.pointer ? m.pointer(right_pointer) : right_pointer);
      if (!source->contains(at)) continue;
      std::optional<json> value = source->at(at);
      if (m.value) value = m.value(*value);
      const json& right = result.at(json::json_pointer(right_pointer));
      if (!value || derive::judge(*value, right, {derive::Tolerance::Kind::kExact}).agrees) continue;
      out[i].push_back({{m.code, m.message}, std::move(*value)});
    }
  }
  return out;
}

}  // namespace hw4::cli
