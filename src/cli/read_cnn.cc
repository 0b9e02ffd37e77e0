// JSON -> core::NetworkSpec for `hw4 cnn-params`; every size and type error names its pointer.
#include "cli/read_cnn.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "hw4/error.h"

namespace hw4::cli {
namespace {

using core::Layer;
using core::LayerType;
using core::Polynomial;
using core::Rational;
using input::JsonReader;

constexpr std::int64_t kMaxGeometry = 1'000'000;  // kernel, stride, padding, dilation
constexpr std::size_t kMaxSymbols = 100;
constexpr std::size_t kMaxLayersPerList = 100'000;
constexpr int kMaxDepth = 64;

const std::vector<std::string> kNeutral = {"name", "eps", "momentum", "p", "inplace",
                                           "count_include_pad"};

struct TypeInfo {
  const char* name;
  LayerType type;
  std::vector<std::string> fields;
};

const std::vector<TypeInfo>& types() {
  static const std::vector<TypeInfo> table = {
      {"conv2d", LayerType::kConv2d,
       {"out", "in", "kernel", "stride", "padding", "dilation", "groups", "bias"}},
      {"linear", LayerType::kLinear, {"out", "in", "bias"}},
      {"batchnorm2d", LayerType::kBatchNorm2d, {"channels"}},
      {"maxpool2d", LayerType::kMaxPool2d, {"kernel", "stride", "padding", "ceil_mode"}},
      {"avgpool2d", LayerType::kAvgPool2d, {"kernel", "stride", "padding", "ceil_mode"}},
      {"adaptive_avgpool2d", LayerType::kAdaptiveAvgPool2d, {"output"}},
      {"flatten", LayerType::kFlatten, {}},
      {"dropout", LayerType::kDropout, {}},
      {"relu", LayerType::kActivation, {}},
      {"relu6", LayerType::kActivation, {}},
      {"sigmoid", LayerType::kActivation, {}},
      {"tanh", LayerType::kActivation, {}},
      {"silu", LayerType::kActivation, {}},
      {"hardswish", LayerType::kActivation, {}},
      {"gelu", LayerType::kActivation, {}},
      {"concat", LayerType::kConcat, {"branches"}},
      {"residual", LayerType::kResidual, {"body", "shortcut"}},
      {"sequential", LayerType::kSequential, {"layers"}},
      {"repeat", LayerType::kRepeat, {"times", "layers"}},
      {"block", LayerType::kBlock, {}},
  };
  return table;
}

class Reader {
 public:
  Reader(core::Symbols symbols, std::vector<std::string> block_names)
      : symbols_(std::move(symbols)), block_names_(std::move(block_names)) {}

  // An integer or an expression string over the symbols.
  Polynomial size(const JsonReader& r) const {
    if (r.is_number()) {
      if (!r.json().is_number_integer()) {
        r.fail(fmt::format("expected an integer or an expression such as \"2*C\", got {}", r.describe()));
      }
      return Polynomial(Rational(r.as_int(-kMaxValue, kMaxValue)));
    }
    if (r.is_string()) {
      const std::string text = r.as_string(10'000);
      try {
        return core::parse_expression(text, symbols_);
      } catch (const InputError&) {
        throw;
      } catch (const Error& e) {
        r.fail(e.what());
      }
    }
    r.fail(fmt::format("expected an integer or an expression such as \"2*C\", got {}", r.describe()));
  }

  // A size that must come out a positive integer once bound symbols are substituted, or stay
  // symbolic.
  Polynomial channels(const JsonReader& r) const {
    Polynomial p = size(r);
    if (auto c = p.constant_value(); c && (!c->is_integer() || c->sign() <= 0)) {
      r.fail("expected a positive integer, got " + c->to_string());
    }
    return p;
  }

  // A concrete integer >= min given as a number or a constant expression.
  std::int64_t concrete(const JsonReader& r, std::int64_t min, const std::string& what) const {
    if (r.is_number() && r.json().is_number_integer()) {
      const std::int64_t v = r.as_int();
      if (v < min || v > kMaxGeometry) r.fail(fmt::format("expected {}, got {}", what, v));
      return v;
    }
    if (r.is_string()) {
      Polynomial p = size(r);
      auto c = p.constant_value();
      if (!c) r.fail(fmt::format("expected {}, got {} (a free symbol)", what, r.describe()));
      if (!c->is_integer() || c->num() < min || c->num() > kMaxGeometry) {
        r.fail(fmt::format("expected {}, got {}", what, c->to_string()));
      }
      return c->num();
    }
    r.fail(fmt::format("expected {}, got {}", what, r.describe()));
  }

  // An integer or [h, w].
  std::array<std::int64_t, 2> pair(const JsonReader& r, std::int64_t min, const std::string& what) const {
    if (r.is_array()) {
      if (r.json().size() != 2) r.fail(fmt::format("expected {} or [h, w], got {}", what, r.describe()));
      return {concrete(r[0], min, what), concrete(r[1], min, what)};
    }
    const std::int64_t v = concrete(r, min, what + " or [h, w]");
    return {v, v};
  }

  std::vector<Layer> list(const JsonReader& r, int depth) const {
    if (depth > kMaxDepth) r.fail(fmt::format("layers nested too deeply (more than {} levels)", kMaxDepth));
    std::vector<Layer> layers;
    const std::size_t n = r.size(kMaxLayersPerList);
    layers.reserve(n);
    for (std::size_t i = 0; i < n; ++i) layers.push_back(layer(r[i], depth));
    return layers;
  }

  Layer layer(const JsonReader& r, int depth) const {
    if (!r.is_object()) r.fail(fmt::format("expected a layer object with a \"type\", got {}", r.describe()));
    const JsonReader t = r.at("type");
    const std::string type = t.as_string(100);
    const auto& table = types();
    auto it = std::find_if(table.begin(), table.end(), [&](const TypeInfo& x) { return type == x.name; });
    if (it == table.end()) {
      std::vector<std::string> names;
      for (const auto& x : table) names.emplace_back(x.name);
      auto guess = input::closest_match(type, names);
      t.fail(guess ? fmt::format("unknown layer type \"{}\" (did you mean \"{}\"?)", type, *guess)
                   : fmt::format("unknown layer type \"{}\"", type));
    }
    std::vector<std::string> allowed = it->fields;
    allowed.emplace_back("type");
    allowed.insert(allowed.end(), kNeutral.begin(), kNeutral.end());
    r.allow_only(allowed);

    Layer l;
    l.type = it->type;
    l.type_name = type;
    l.pointer = r.pointer();
    if (auto name = r.find("name")) l.name = name->as_string(1000);
    switch (l.type) {
      case LayerType::kConv2d:
        l.out = channels(r.at("out"));
        if (auto in = r.find("in")) l.in = channels(*in);
        l.kernel = pair(r.at("kernel"), 1, "a positive integer");
        if (auto s = r.find("stride")) l.stride = pair(*s, 1, "a positive integer");
        if (auto d = r.find("dilation")) l.dilation = pair(*d, 1, "a positive integer");
        if (auto p = r.find("padding")) {
          if (p->is_string() && p->as_string(100) == "same") {
            l.same_padding = true;
          } else if (p->is_string() && p->as_string(100) == "valid") {
            l.padding = {0, 0};
          } else {
            l.padding = pair(*p, 0, "an integer >= 0, \"same\"");
          }
        }
        if (l.same_padding && (l.stride[0] != 1 || l.stride[1] != 1)) {
          r.at("padding").fail("padding \"same\" needs stride 1 (as in PyTorch)");
        }
        if (auto g = r.find("groups")) l.groups = channels(*g);
        l.bias = r.bool_or("bias", true);
        break;
      case LayerType::kLinear:
        l.out = channels(r.at("out"));
        if (auto in = r.find("in")) l.in = channels(*in);
        l.bias = r.bool_or("bias", true);
        break;
      case LayerType::kBatchNorm2d:
        if (auto c = r.find("channels")) l.in = channels(*c);
        break;
      case LayerType::kMaxPool2d:
      case LayerType::kAvgPool2d:
        l.kernel = pair(r.at("kernel"), 1, "a positive integer");
        l.stride = l.kernel;
        if (auto s = r.find("stride"); s && !s->is_null()) l.stride = pair(*s, 1, "a positive integer");
        if (auto p = r.find("padding")) l.padding = pair(*p, 0, "an integer >= 0");
        l.ceil_mode = r.bool_or("ceil_mode", false);
        break;
      case LayerType::kAdaptiveAvgPool2d:
        if (auto o = r.find("output")) l.output = pair(*o, 1, "a positive integer");
        break;
      case LayerType::kConcat: {
        const JsonReader b = r.at("branches");
        const std::size_t n = b.size(10'000);
        if (n == 0) b.fail("expected at least one branch");
        for (std::size_t i = 0; i < n; ++i) l.branches.push_back(list(b[i], depth + 1));
        break;
      }
      case LayerType::kResidual:
        l.body = list(r.at("body"), depth + 1);
        if (auto s = r.find("shortcut")) l.shortcut = list(*s, depth + 1);
        break;
      case LayerType::kSequential:
        l.layers = list(r.at("layers"), depth + 1);
        break;
      case LayerType::kRepeat: {
        const JsonReader times = r.at("times");
        l.times = size(times);
        if (auto c = l.times.constant_value()) {
          if (!c->is_integer() || c->sign() < 0 || c->num() > 100'000) {
            times.fail("expected an integer from 0 to 100000 or an expression, got " + c->to_string());
          }
        }
        l.layers = list(r.at("layers"), depth + 1);
        break;
      }
      case LayerType::kBlock: {
        const JsonReader name = r.at("name");
        if (std::find(block_names_.begin(), block_names_.end(), l.name) == block_names_.end()) {
          auto guess = input::closest_match(l.name, block_names_);
          name.fail(guess ? fmt::format("unknown block \"{}\" (did you mean \"{}\"?)", l.name, *guess)
                          : fmt::format("unknown block \"{}\"", l.name));
        }
        break;
      }
      default:
        break;
    }
    return l;
  }

 private:
  static constexpr std::int64_t kMaxValue = 1'000'000'000'000;

  core::Symbols symbols_;
  std::vector<std::string> block_names_;
};

core::Symbols read_symbols(const JsonReader& in) {
  core::Symbols symbols;
  auto s = in.find("symbols");
  if (!s) return symbols;
  if (!s->is_object()) s->fail(fmt::format("expected an object of symbols, got {}", s->describe()));
  const auto keys = s->keys();
  if (keys.size() > kMaxSymbols) s->fail(fmt::format("more than {} symbols", kMaxSymbols));
  for (const auto& key : keys) {
    const JsonReader v = s->at(key);
    if (!core::is_symbol_name(key)) v.fail("a symbol name is a letter or '_' then letters, digits or '_'");
    if (v.is_null()) {
      symbols[key] = std::nullopt;
    } else if (v.is_number() && v.json().is_number_integer()) {
      symbols[key] = Rational(v.as_int(-1'000'000'000'000, 1'000'000'000'000));
    } else if (v.is_string()) {
      try {
        symbols[key] = core::parse_rational(v.as_string(100));
      } catch (const Error& e) {
        v.fail(e.what());
      }
    } else {
      v.fail(fmt::format("expected null (free), an integer or an exact number such as \"1/2\", got {}",
                         v.describe()));
    }
  }
  return symbols;
}

Rational read_bound(const JsonReader& r) {
  try {
    if (r.is_number()) {
      if (r.json().is_number_integer()) return Rational(r.as_int(-1'000'000'000'000, 1'000'000'000'000));
      // The shortest decimal that reads back as this double, taken exactly ("0.1" is 1/10).
      return core::parse_rational(fmt::format("{}", r.as_double()));
    }
    if (r.is_string()) return core::parse_rational(r.as_string(100));
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    r.fail(e.what());
  }
  r.fail(fmt::format("expected a number or an exact string such as \"1/7\", got {}", r.describe()));
}

}  // namespace

core::NetworkSpec read_cnn_spec(const JsonReader& in) {
  in.allow_only({"symbols", "input", "blocks", "models", "layers", "compare", "conventions"});
  core::NetworkSpec spec;
  spec.symbols = read_symbols(in);

  std::vector<std::string> block_names;
  auto blocks = in.find("blocks");
  if (blocks) {
    if (!blocks->is_object()) blocks->fail(fmt::format("expected an object of named layer lists, got {}", blocks->describe()));
    block_names = blocks->keys();
  }
  Reader reader(spec.symbols, block_names);

  if (auto input = in.find("input")) {
    if (!input->is_object()) input->fail(fmt::format("expected an object, got {}", input->describe()));
    core::Shape shape;
    if (input->has("features")) {
      input->allow_only({"features"});
      shape.rank = 1;
      shape.dims = {reader.channels(input->at("features"))};
    } else {
      input->allow_only({"channels", "height", "width"});
      shape.rank = 3;
      shape.dims = {reader.channels(input->at("channels")), reader.channels(input->at("height")),
                    reader.channels(input->at("width"))};
    }
    spec.input = shape;
  }

  if (blocks) {
    for (const auto& name : block_names) spec.blocks[name] = reader.list(blocks->at(name), 1);
  }

  const auto models = in.find("models");
  const auto layers = in.find("layers");
  if (models && layers) in.at("layers").fail("give either \"models\" or \"layers\", not both");
  if (layers) {
    spec.models.push_back({"model", layers->pointer(), reader.list(*layers, 0)});
  } else if (models) {
    if (!models->is_object()) models->fail(fmt::format("expected an object of named layer lists, got {}", models->describe()));
    const auto names = models->keys();
    if (names.empty()) models->fail("expected at least one model");
    for (const auto& name : names) {
      const JsonReader m = models->at(name);
      spec.models.push_back({name, m.pointer(), reader.list(m, 0)});
    }
  } else {
    in.fail("missing required field \"models\" (or \"layers\" for a single model)");
  }

  if (auto c = in.find("compare")) {
    c->allow_only({"models", "metric", "domain"});
    core::CompareSpec cmp;
    cmp.pointer = c->pointer();
    const JsonReader names = c->at("models");
    if (!names.is_array() || names.json().size() != 2) {
      names.fail(fmt::format("expected two model names [\"A\", \"B\"], got {}", names.describe()));
    }
    for (std::size_t i = 0; i < 2; ++i) {
      const std::string name = names[i].as_string(1000);
      bool known = std::any_of(spec.models.begin(), spec.models.end(),
                               [&](const core::ModelSpec& m) { return m.name == name; });
      if (!known) {
        std::vector<std::string> all;
        for (const auto& m : spec.models) all.push_back(m.name);
        auto guess = input::closest_match(name, all);
        names[i].fail(guess ? fmt::format("unknown model \"{}\" (did you mean \"{}\"?)", name, *guess)
                            : fmt::format("unknown model \"{}\"", name));
      }
      (i == 0 ? cmp.first : cmp.second) = name;
    }
    cmp.metric = c->choice_or("metric", "params", {"params", "macs", "flops"});
    if (cmp.metric != "params" && !spec.input) {
      c->at("metric").fail(fmt::format("metric \"{}\" needs the network's \"input\"", cmp.metric));
    }
    cmp.domain.min = Rational(1);
    if (auto d = c->find("domain")) {
      d->allow_only({"min", "max"});
      cmp.domain.min.reset();
      if (auto lo = d->find("min"); lo && !lo->is_null()) cmp.domain.min = read_bound(*lo);
      if (auto hi = d->find("max"); hi && !hi->is_null()) cmp.domain.max = read_bound(*hi);
      if (cmp.domain.min && cmp.domain.max && *cmp.domain.max < *cmp.domain.min) {
        d->at("max").fail("max is below min");
      }
    }
    spec.compare = cmp;
  }

  if (auto c = in.find("conventions")) {
    c->allow_only({"bias_adds", "batchnorm_ops", "flops_per_mac"});
    spec.conventions.bias_adds = c->bool_or("bias_adds", false);
    spec.conventions.batchnorm_ops = c->int_or("batchnorm_ops", 0, 0, 8);
    spec.conventions.flops_per_mac = c->int_or("flops_per_mac", 2, 1, 2);
  }
  return spec;
}

}  // namespace hw4::cli
