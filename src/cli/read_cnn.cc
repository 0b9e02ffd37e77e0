// JSON -> core::NetworkSpec for `hw4 cnn-params`; every size and type error names its pointer.
#include "cli/read_cnn.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <type_traits>
#include <variant>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/mapped_file.h"
#include "cli/read_onnx.h"
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

// Fields that change no count, accepted on any layer (SPEC).
const std::vector<std::string> kNeutral = {
    "name",    "eps",          "momentum",   "p",          "inplace",  "count_include_pad",
    "activation", "norm_first", "batch_first", "dropout", "layer_norm_eps", "negative_slope",
    "align_corners"};

// The fields of each container type (the leaf kinds' are in core's table).
const std::vector<std::string>& container_fields(std::string_view type) {
  static const std::map<std::string_view, std::vector<std::string>> fields = {
      {"concat", {"branches"}}, {"residual", {"body", "shortcut"}}, {"sequential", {"layers"}},
      {"repeat", {"times", "layers"}}, {"block", {}}};
  return fields.at(type);
}

std::string axes_form(int axes) {
  return axes == 1 ? "[l]" : axes == 3 ? "[d, h, w]" : "[h, w]";
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

  // An integer (the same on every axis) or one per axis: [h, w] for a 2-D layer. With axes 0
  // (upsample) the list may have any length from 1 to 3; the layer checks it against its input.
  std::vector<std::int64_t> axes(const JsonReader& r, int axes, std::int64_t min,
                                 const std::string& what) const {
    const std::string form = axes_form(axes);
    if (r.is_array()) {
      const std::size_t n = r.json().size();
      if (axes > 0 ? n != static_cast<std::size_t>(axes) : (n < 1 || n > 3)) {
        r.fail(fmt::format("expected {} or {}, got {}", what, form, r.describe()));
      }
      std::vector<std::int64_t> v;
      for (std::size_t i = 0; i < n; ++i) v.push_back(concrete(r[i], min, what));
      return v;
    }
    const std::int64_t v = concrete(r, min, what + " or " + form);
    return std::vector<std::int64_t>(static_cast<std::size_t>(std::max(axes, 1)), v);
  }

  // One field of a leaf layer, as its FieldSpec says, into its Layer member.
  void read_field(const JsonReader& r, const core::FieldSpec& f, int n_axes, Layer& l) const {
    const std::string positive = "a positive integer";
    std::visit(
        [&](auto member) {
          using Member = std::remove_reference_t<decltype(l.*member)>;
          auto& slot = l.*member;
          if constexpr (std::is_same_v<Member, Polynomial> ||
                        std::is_same_v<Member, std::optional<Polynomial>>) {
            slot = channels(r);
          } else if constexpr (std::is_same_v<Member, std::vector<std::int64_t>>) {
            const std::string what = f.min > 0 ? positive : "an integer >= 0";
            if (f.type == core::FieldType::kPadding && r.is_string()) {
              const std::string text = r.as_string(100);
              if (text == "same") {
                l.same_padding = true;
                return;
              }
              if (text == "valid") return;
            }
            slot = axes(r, n_axes, f.min,
                        f.type == core::FieldType::kPadding ? what + ", \"same\"" : what);
          } else if constexpr (std::is_same_v<Member, bool>) {
            slot = r.as_bool();
          } else if constexpr (std::is_same_v<Member, std::int64_t> ||
                               std::is_same_v<Member, std::optional<std::int64_t>>) {
            slot = concrete(r, f.min, f.min > 0 ? positive : f.min == 0 ? "an integer >= 0" : "an integer");
          } else if constexpr (std::is_same_v<Member, std::string>) {
            std::string text = r.is_string() ? r.as_string(100) : std::string();
            if (!r.is_string() ||
                std::find(f.choices.begin(), f.choices.end(), text) == f.choices.end()) {
              r.fail(fmt::format("expected one of \"{}\", got {}", fmt::join(f.choices, "\", \""),
                                 r.describe()));
            }
            slot = std::move(text);
          } else {
            std::vector<Polynomial> sizes;
            if (r.is_array()) {
              const std::size_t n = r.size(8);
              if (n == 0) r.fail("expected at least one size");
              for (std::size_t i = 0; i < n; ++i) sizes.push_back(channels(r[i]));
            } else {
              sizes.push_back(channels(r));
            }
            slot = std::move(sizes);
          }
        },
        f.slot);
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
    const core::LayerKind* kind = core::find_layer_kind(type);
    const auto& containers = core::container_names();
    const bool container = std::find(containers.begin(), containers.end(), type) != containers.end();
    if (!kind && !container) {
      std::vector<std::string> names;
      for (const auto& k : core::layer_kinds()) names.emplace_back(k.name);
      for (const auto& c : containers) names.emplace_back(c);
      auto guess = input::closest_match(type, names);
      if (guess) t.fail(fmt::format("unknown layer type \"{}\" (did you mean \"{}\"?)", type, *guess));
      t.fail(fmt::format("unknown layer type \"{}\" (known: {})", type, fmt::join(names, ", ")));
    }
    std::vector<std::string> allowed;
    if (kind) {
      for (const auto& f : kind->fields) allowed.emplace_back(f.name);
    } else {
      allowed = container_fields(type);
    }
    allowed.emplace_back("type");
    allowed.insert(allowed.end(), kNeutral.begin(), kNeutral.end());
    r.allow_only(allowed);

    Layer l = core::make_layer(type);
    l.pointer = r.pointer();
    if (auto name = r.find("name")) l.name = name->as_string(1000);
    if (kind) {
      for (const auto& f : kind->fields) {
        auto v = r.find(f.name);
        if (!v && f.required) r.at(f.name);  // the missing-field error
        if (v && !v->is_null()) read_field(*v, f, kind->axes, l);
      }
      if (kind->check) kind->check(l);
      return l;
    }
    switch (l.type) {
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
      case LayerType::kLeaf:
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

// A model file, opened for reading; errors name `at`'s pointer.
std::ifstream open_model(const std::filesystem::path& path, const JsonReader& at) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) at.fail(fmt::format("{}: is a directory, not a file", path.string()));
  std::ifstream file(path, std::ios::binary);
  if (!file) at.fail(fmt::format("{}: no such file or not readable", path.string()));
  return file;
}

// `{"onnx": "path", "input_shapes": {"input": [1, 3, 224, 224]}}`: an exported model.
std::shared_ptr<const core::GraphModel> read_onnx_model(const JsonReader& r,
                                                        const std::filesystem::path& base_dir) {
  r.allow_only({"onnx", "input_shapes"});
  const JsonReader path = r.at("onnx");
  const std::string name = path.as_string(4096);
  InputShapes shapes;
  if (auto s = r.find("input_shapes")) {
    if (!s->is_object()) s->fail(fmt::format("expected an object of shapes by input name, got {}", s->describe()));
    for (const auto& key : s->keys()) {
      const JsonReader dims = s->at(key);
      const std::size_t n = dims.size(16);
      for (std::size_t i = 0; i < n; ++i) shapes[key].push_back(dims[i].as_int(1, 1'000'000'000'000));
    }
  }
  std::ifstream file = open_model(resolve_path(base_dir, name), path);
  try {
    return std::make_shared<const core::GraphModel>(read_onnx(file, shapes));
  } catch (const InputError& e) {
    path.fail(fmt::format("{}: {}", name, e.what()));
  }
}

// A bare ONNX INPUT: one model, named after the file, with the --input-shape flags.
core::NetworkSpec read_bare_onnx(const JsonReader& in, const Context& context) {
  in.allow_only({"input_shape"});
  InputShapes shapes;
  if (auto flags = in.find("input_shape")) {
    const std::size_t n = flags->size(1000);
    for (std::size_t i = 0; i < n; ++i) {
      shapes.insert(parse_input_shape((*flags)[i].as_string(1000), ""));
    }
  }
  std::ifstream file;
  if (context.model_path != "-") file = open_model(context.model_path, in);
  core::NetworkSpec spec;
  spec.models.push_back(
      {context.model_name, "", {},
       std::make_shared<const core::GraphModel>(read_onnx(
           context.model_path == "-" ? *context.in : static_cast<std::istream&>(file),
           shapes))});
  return spec;
}

}  // namespace

core::NetworkSpec read_cnn_spec(const JsonReader& in, const Context& context) {
  if (!context.model_path.empty()) return read_bare_onnx(in, context);
  if (in.has("input_shape")) {
    in.at("input_shape").fail("--input-shape is for a bare ONNX input; in JSON give \"input_shapes\" "
                              "beside the model's \"onnx\"");
  }
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
    // The input forms: {channels, height, width}, {channels, length}, {sequence, features},
    // {features} and {sequence}, told apart by their keys.
    core::Shape shape;
    if (input->has("height") || input->has("width")) {
      input->allow_only({"channels", "height", "width"});
      shape = core::make_shape({reader.channels(input->at("channels")), reader.channels(input->at("height")),
                                reader.channels(input->at("width"))});
    } else if (input->has("length")) {
      input->allow_only({"channels", "length"});
      shape = core::make_shape({reader.channels(input->at("channels")), reader.channels(input->at("length"))});
    } else if (input->has("sequence")) {
      input->allow_only({"sequence", "features"});
      shape = core::make_shape({reader.channels(input->at("sequence"))});
      if (auto f = input->find("features")) shape = core::make_shape({shape.dims[0], reader.channels(*f)});
    } else if (input->has("features")) {
      input->allow_only({"features"});
      shape = core::make_shape({reader.channels(input->at("features"))});
    } else {
      input->allow_only({"channels", "height", "width"});
      shape = core::make_shape({reader.channels(input->at("channels")), reader.channels(input->at("height")),
                                reader.channels(input->at("width"))});
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
      if (m.is_object()) {
        spec.models.push_back({name, m.pointer(), {}, read_onnx_model(m, context.base_dir)});
      } else {
        spec.models.push_back({name, m.pointer(), reader.list(m, 0)});
      }
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
    const auto described = [&](const std::string& name) {
      return std::any_of(spec.models.begin(), spec.models.end(),
                         [&](const core::ModelSpec& m) { return m.name == name && !m.graph; });
    };
    if (cmp.metric != "params" && !spec.input && (described(cmp.first) || described(cmp.second))) {
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
    c->allow_only({"bias_adds", "batchnorm_ops", "flops_per_mac", "running_stats"});
    spec.conventions.bias_adds = c->bool_or("bias_adds", false);
    spec.conventions.batchnorm_ops = c->int_or("batchnorm_ops", 0, 0, 8);
    spec.conventions.flops_per_mac = c->int_or("flops_per_mac", 2, 1, 2);
    spec.conventions.running_stats = c->bool_or("running_stats", false);
  }
  return spec;
}

}  // namespace hw4::cli
