// CNN shape inference (PyTorch's rules) and exact parameter / MAC counting.
#include "hw4/core/cnn.h"

#include <algorithm>
#include <map>
#include <utility>

#include "hw4/error.h"

namespace hw4::core {
namespace {


std::string dim_text(const std::optional<Polynomial>& d) { return d ? d->to_text() : "?"; }

[[noreturn]] void fail(const std::string& pointer, const std::string& message) {
  throw InputError(pointer, message);
}

std::string field(const Layer& layer, const std::string& name) {
  return layer.pointer + "/" + name;
}

// A constant size must be a positive integer; a symbolic one is taken on trust.
void check_positive(const Polynomial& size, const std::string& pointer, const std::string& what) {
  if (auto c = size.constant_value(); c && (!c->is_integer() || c->sign() <= 0)) {
    fail(pointer, what + " must be a positive integer, got " + c->to_string());
  }
}

Shape make_shape(std::vector<std::optional<Polynomial>> dims) {
  Shape s;
  s.rank = static_cast<int>(dims.size());
  s.dims = std::move(dims);
  return s;
}

class Counter {
 public:
  Counter(const NetworkSpec& spec, ModelCount& model, WorkBudget& budget)
      : spec_(spec), model_(model), budget_(budget) {}

  Shape walk_list(const std::vector<Layer>& layers, Shape shape, const std::string& prefix,
                  const Polynomial& multiplicity) {
    for (std::size_t i = 0; i < layers.size(); ++i) {
      std::string path = prefix.empty() ? std::to_string(i) : prefix + "/" + std::to_string(i);
      shape = walk(layers[i], std::move(shape), path, multiplicity);
    }
    return shape;
  }

 private:
  Shape walk(const Layer& layer, Shape in, const std::string& path,
             const Polynomial& multiplicity) {
    visit(layer);
    switch (layer.type) {
      case LayerType::kConcat:
        return concat(layer, in, path, multiplicity);
      case LayerType::kResidual:
        return residual(layer, in, path, multiplicity);
      case LayerType::kSequential:
        return walk_list(layer.layers, std::move(in), path + "/layers", multiplicity);
      case LayerType::kRepeat:
        return repeat(layer, std::move(in), path, multiplicity);
      case LayerType::kBlock:
        return block(layer, std::move(in), path, multiplicity);
      default:
        return leaf(layer, std::move(in), path, multiplicity);
    }
  }

  // Containers and repeat iterations count too, so an empty body repeated 10^5 x 10^5 times
  // cannot hang.
  void visit(const Layer& layer) {
    if (++budget_.visits > budget_.max_visits) {
      fail(layer.pointer, "the network is too large: more than " +
                              std::to_string(budget_.max_visits) +
                              " layers after expanding repeats");
    }
  }

  Shape concat(const Layer& layer, const Shape& in, const std::string& path,
               const Polynomial& multiplicity) {
    std::optional<Shape> result;
    for (std::size_t b = 0; b < layer.branches.size(); ++b) {
      Shape out = walk_list(layer.branches[b], in, path + "/branches/" + std::to_string(b),
                            multiplicity);
      if (!result) {
        result = out;
        continue;
      }
      std::string where = field(layer, "branches/" + std::to_string(b));
      if (out.rank != result->rank && out.rank != 0 && result->rank != 0) {
        fail(where, "branch " + std::to_string(b) + " gives " + out.to_text() + " but branch 0 gives " +
                        result->to_text());
      }
      for (std::size_t d = 1; d < out.dims.size() && d < result->dims.size(); ++d) {
        if (out.dims[d] && result->dims[d] && !(*out.dims[d] == *result->dims[d])) {
          fail(where, "branch " + std::to_string(b) + " gives " + out.to_text() +
                          " but branch 0 gives " + result->to_text() +
                          ": all sizes but the channels must agree");
        }
      }
      if (!out.dims.empty() && !result->dims.empty()) {
        if (out.dims[0] && result->dims[0]) {
          result->dims[0] = *result->dims[0] + *out.dims[0];
        } else {
          result->dims[0].reset();
        }
      }
    }
    return result ? *result : in;
  }

  Shape residual(const Layer& layer, const Shape& in, const std::string& path,
                 const Polynomial& multiplicity) {
    Shape body = walk_list(layer.body, in, path + "/body", multiplicity);
    Shape skip = layer.shortcut ? walk_list(*layer.shortcut, in, path + "/shortcut", multiplicity)
                                : in;
    bool agree = body.rank == skip.rank || body.rank == 0 || skip.rank == 0;
    for (std::size_t d = 0; agree && d < body.dims.size() && d < skip.dims.size(); ++d) {
      if (body.dims[d] && skip.dims[d] && !(*body.dims[d] == *skip.dims[d])) agree = false;
    }
    if (!agree) {
      fail(layer.pointer, "the body gives " + body.to_text() + " but the " +
                              (layer.shortcut ? "shortcut gives " : "input (identity shortcut) is ") +
                              skip.to_text() + ": an element-wise add needs equal shapes");
    }
    // Prefer whichever side knows more.
    for (std::size_t d = 0; d < body.dims.size() && d < skip.dims.size(); ++d) {
      if (!body.dims[d]) body.dims[d] = skip.dims[d];
    }
    return body;
  }

  Shape repeat(const Layer& layer, Shape in, const std::string& path,
               const Polynomial& multiplicity) {
    if (auto n = layer.times.constant_value()) {
      if (!n->is_integer() || n->sign() < 0) {
        fail(field(layer, "times"), "times must be an integer >= 0, got " + n->to_string());
      }
      // Refuse a repeat whose expansion would exceed the budget before walking any of it:
      // repeats of repeats multiply, and walking up to the limit is seconds of polynomial
      // arithmetic under the sanitizers.
      const Expanded body = expanded(layer.layers);
      const std::size_t times = static_cast<std::size_t>(n->num());
      if (saturating_mul(times, body.rows) > budget_.max_rows - std::min(budget_.rows, budget_.max_rows)) {
        fail(field(layer, "times"), "the network is too large: " + std::to_string(times) +
                                        " times a body of " + count_text(body.rows) +
                                        " counted layers exceeds " + std::to_string(budget_.max_rows) +
                                        " after expanding repeats");
      }
      if (saturating_mul(times, body.visits + 1) >
          budget_.max_visits - std::min(budget_.visits, budget_.max_visits)) {
        fail(field(layer, "times"), "the network is too large: " + std::to_string(times) +
                                        " times a body of " + count_text(body.visits) +
                                        " layers exceeds " + std::to_string(budget_.max_visits) +
                                        " after expanding repeats");
      }
      for (std::int64_t i = 0; i < n->num(); ++i) {
        // Each iteration is work even when the body is empty.
        visit(layer);
        in = walk_list(layer.layers, std::move(in), path + "/" + std::to_string(i), multiplicity);
      }
      return in;
    }
    Shape out = walk_list(layer.layers, in, path + "/*", multiplicity * layer.times);
    if (!(out == in)) {
      fail(field(layer, "times"), "with a symbolic times the layers must keep the shape, but " +
                                      in.to_text() + " becomes " + out.to_text());
    }
    return out;
  }

  // What a list costs once its constant repeats are expanded: counted (leaf) layers and visited
  // layers, saturating at kSaturated. Block bodies are memoised, so a chain of blocks that each
  // use the next twice costs its length, not 2^length; a block that uses itself counts as
  // empty here (the walk reports it).
  static constexpr std::size_t kSaturated = std::size_t{1} << 62;
  struct Expanded {
    std::size_t rows = 0, visits = 0;
  };

  static std::size_t saturating_add(std::size_t a, std::size_t b) { return std::min(kSaturated, a + b); }
  static std::size_t saturating_mul(std::size_t a, std::size_t b) {
    return b != 0 && a > kSaturated / b ? kSaturated : a * b;
  }
  static std::string count_text(std::size_t n) {
    return n >= kSaturated ? "more than 4·10^18" : std::to_string(n);
  }

  Expanded expanded(const std::vector<Layer>& layers) {
    Expanded total;
    auto add = [&total](const Expanded& e) {
      total.rows = saturating_add(total.rows, e.rows);
      total.visits = saturating_add(total.visits, e.visits);
    };
    for (const Layer& layer : layers) {
      total.visits = saturating_add(total.visits, 1);
      switch (layer.type) {
        case LayerType::kConcat:
          for (const auto& branch : layer.branches) add(expanded(branch));
          break;
        case LayerType::kResidual:
          add(expanded(layer.body));
          if (layer.shortcut) add(expanded(*layer.shortcut));
          break;
        case LayerType::kSequential:
          add(expanded(layer.layers));
          break;
        case LayerType::kRepeat: {
          const Expanded body = expanded(layer.layers);
          const auto n = layer.times.constant_value();
          if (!n || !n->is_integer() || n->sign() < 0) {
            add(body);  // a symbolic repeat is walked once
          } else {
            const auto times = static_cast<std::size_t>(n->num());
            add({saturating_mul(times, body.rows), saturating_mul(times, body.visits + 1)});
          }
          break;
        }
        case LayerType::kBlock: {
          auto memo = expanded_blocks_.find(layer.name);
          if (memo == expanded_blocks_.end()) {
            auto it = spec_.blocks.find(layer.name);
            if (it == spec_.blocks.end()) break;
            memo = expanded_blocks_.emplace(layer.name, Expanded{}).first;  // a cycle counts 0
            const Expanded e = expanded(it->second);
            memo = expanded_blocks_.find(layer.name);
            memo->second = e;
          }
          add(memo->second);
          break;
        }
        default:
          total.rows = saturating_add(total.rows, 1);
      }
    }
    return total;
  }

  Shape block(const Layer& layer, Shape in, const std::string& path,
              const Polynomial& multiplicity) {
    auto it = spec_.blocks.find(layer.name);
    if (it == spec_.blocks.end()) fail(field(layer, "name"), "unknown block '" + layer.name + "'");
    if (std::find(stack_.begin(), stack_.end(), layer.name) != stack_.end()) {
      std::string chain;
      for (const auto& s : stack_) chain += s + " -> ";
      fail(field(layer, "name"), "block '" + layer.name + "' uses itself (" + chain + layer.name + ")");
    }
    stack_.push_back(layer.name);
    Shape out = walk_list(it->second, std::move(in), path, multiplicity);
    stack_.pop_back();
    return out;
  }

  // Output size of a window along one axis (index a: 0 height, 1 width).
  Polynomial window(const Layer& layer, const Polynomial& n, int a, bool pool) {
    auto i = static_cast<std::size_t>(a);
    std::int64_t k = layer.kernel[i];
    std::int64_t s = layer.stride[i];
    std::int64_t p = layer.padding[i];
    std::int64_t d = layer.dilation[i];
    const char* axis = a == 0 ? "height" : "width";
    if (auto c = n.constant_value()) {
      if (!c->is_integer()) {
        fail(layer.pointer, std::string("input ") + axis + " must be an integer, got " + c->to_string());
      }
      auto out = window_output_size(c->num(), k, s, p, d, pool && layer.ceil_mode);
      if (!out) {
        fail(field(layer, "kernel"), "kernel " + std::to_string(d * (k - 1) + 1) +
                                         " is larger than the padded input " + axis + " " +
                                         std::to_string(c->num() + 2 * p));
      }
      return Polynomial(*out);
    }
    if (s > 1) model_.assumes_divisibility = true;
    return (n + Polynomial(2 * p - d * (k - 1) - 1)) / Rational(s) + Polynomial(1);
  }

  void need_spatial(const Layer& layer, const Shape& in) {
    if (in.rank == 1) {
      fail(layer.pointer, layer.type_name + " needs a [C, H, W] input, got " + in.to_text());
    }
  }

  Polynomial channels_in(const Layer& layer, const Shape& in, const char* key, const char* what) {
    std::optional<Polynomial> incoming;
    if (in.rank > 0) incoming = in.dims[layer.type == LayerType::kLinear ? in.dims.size() - 1 : 0];
    if (layer.in) {
      if (incoming && !(*incoming == *layer.in)) {
        fail(field(layer, key), std::string("'") + key + "' is " + layer.in->to_text() +
                                    " but the input has " + incoming->to_text() + " " + what);
      }
      return *layer.in;
    }
    if (!incoming) {
      fail(layer.pointer, std::string("cannot infer '") + key +
                              "': give it, or give the network an 'input'");
    }
    return *incoming;
  }

  Shape leaf(const Layer& layer, Shape in, const std::string& path,
             const Polynomial& multiplicity) {
    try {
      return count_leaf(layer, std::move(in), path, multiplicity);
    } catch (const InputError&) {
      throw;
    } catch (const Error& e) {
      // Overflow and other arithmetic failures: name the layer that caused them.
      if (e.kind() != ErrorKind::kMath) throw;
      fail(layer.pointer, e.what());
    }
  }

  Shape count_leaf(const Layer& layer, Shape in, const std::string& path,
                   const Polynomial& multiplicity) {
    if (++budget_.rows > budget_.max_rows) {
      fail(layer.pointer, "the network is too large: more than " +
                              std::to_string(budget_.max_rows) +
                              " counted layers after expanding repeats");
    }
    LayerRow row;
    row.path = path;
    row.layer = &layer;
    row.input = in;
    row.multiplicity = multiplicity;
    Shape out = in;
    const bool spatial = in.rank == 3 && in.dims[1] && in.dims[2];
    switch (layer.type) {
      case LayerType::kConv2d: {
        need_spatial(layer, in);
        Polynomial c_in = channels_in(layer, in, "in", "channels");
        check_positive(layer.out, field(layer, "out"), "out");
        Polynomial per_group;
        if (auto g = layer.groups.constant_value()) {
          if (auto ci = c_in.integer_value(); ci && g->is_integer() && *ci % g->num() != 0) {
            fail(field(layer, "groups"), "groups " + g->to_string() + " does not divide in = " +
                                             std::to_string(*ci));
          }
          if (auto co = layer.out.integer_value(); co && g->is_integer() && *co % g->num() != 0) {
            fail(field(layer, "groups"), "groups " + g->to_string() + " does not divide out = " +
                                             std::to_string(*co));
          }
          per_group = c_in / *g;
        } else {
          auto ratio_in = c_in.constant_ratio(layer.groups);
          auto ratio_out = layer.out.constant_ratio(layer.groups);
          if (!ratio_in || !ratio_in->is_integer() || ratio_in->sign() <= 0 || !ratio_out ||
              !ratio_out->is_integer() || ratio_out->sign() <= 0) {
            fail(field(layer, "groups"), "groups " + layer.groups.to_text() +
                                             " must divide in = " + c_in.to_text() +
                                             " and out = " + layer.out.to_text());
          }
          per_group = Polynomial(*ratio_in);
        }
        row.in_per_group = per_group;
        const Rational kernel_area(layer.kernel[0] * layer.kernel[1]);
        row.params = layer.out * (per_group * Polynomial(kernel_area) +
                                  Polynomial(layer.bias ? 1 : 0));
        std::optional<Polynomial> h, w;
        if (layer.same_padding) {
          h = in.dims[1];
          w = in.dims[2];
        } else if (spatial) {
          h = window(layer, *in.dims[1], 0, false);
          w = window(layer, *in.dims[2], 1, false);
        }
        out = make_shape({layer.out, h, w});
        if (h && w) {
          Polynomial positions = *h * *w;
          row.macs = layer.out * positions * per_group * Polynomial(kernel_area);
          if (spec_.conventions.bias_adds && layer.bias) row.extra_ops = layer.out * positions;
        }
        break;
      }
      case LayerType::kLinear: {
        Polynomial f_in = channels_in(layer, in, "in", "features");
        check_positive(layer.out, field(layer, "out"), "out");
        row.in_per_group = f_in;
        row.params = layer.out * (f_in + Polynomial(layer.bias ? 1 : 0));
        if (in.rank == 0) {
          out = make_shape({layer.out});
        } else {
          out.dims.back() = layer.out;
        }
        if (out.known()) {
          Polynomial leading(1);
          for (std::size_t d = 0; d + 1 < out.dims.size(); ++d) leading *= *out.dims[d];
          row.macs = leading * layer.out * f_in;
          if (spec_.conventions.bias_adds && layer.bias) row.extra_ops = leading * layer.out;
        }
        break;
      }
      case LayerType::kBatchNorm2d: {
        need_spatial(layer, in);
        Polynomial c = channels_in(layer, in, "channels", "channels");
        row.params = Polynomial(2) * c;
        out = in.rank == 0 ? make_shape({c, std::nullopt, std::nullopt}) : in;
        out.dims[0] = c;
        if (out.known() && spec_.conventions.batchnorm_ops != 0) {
          row.extra_ops = Polynomial(spec_.conventions.batchnorm_ops) * c * *out.dims[1] * *out.dims[2];
        }
        break;
      }
      case LayerType::kMaxPool2d:
      case LayerType::kAvgPool2d: {
        need_spatial(layer, in);
        for (int a = 0; a < 2; ++a) {
          auto i = static_cast<std::size_t>(a);
          if (2 * layer.padding[i] > layer.kernel[i]) {
            fail(field(layer, "padding"), "padding " + std::to_string(layer.padding[i]) +
                                              " is more than half the kernel " +
                                              std::to_string(layer.kernel[i]));
          }
        }
        if (in.rank == 0) {
          out = make_shape({std::nullopt, std::nullopt, std::nullopt});
        } else if (spatial) {
          out.dims[1] = window(layer, *in.dims[1], 0, true);
          out.dims[2] = window(layer, *in.dims[2], 1, true);
        }
        break;
      }
      case LayerType::kAdaptiveAvgPool2d: {
        need_spatial(layer, in);
        std::optional<Polynomial> c;
        if (in.rank > 0) c = in.dims[0];
        out = make_shape({c, Polynomial(layer.output[0]), Polynomial(layer.output[1])});
        break;
      }
      case LayerType::kFlatten: {
        if (in.rank == 3) {
          std::optional<Polynomial> n;
          if (in.known()) n = *in.dims[0] * *in.dims[1] * *in.dims[2];
          out = make_shape({n});
        } else if (in.rank == 0) {
          out = make_shape({std::nullopt});
        }
        break;
      }
      default:  // dropout and activations keep the shape
        break;
    }
    row.output = out;
    // Bounds the polynomial work of pathological symbolic sizes (every row is added into the
    // totals, which costs about its number of terms).
    budget_.terms += row.params.terms().size() + row.macs.terms().size();
    if (budget_.terms > budget_.max_terms) {
      fail(layer.pointer, "the counts are too large: more than " +
                              std::to_string(budget_.max_terms) + " polynomial terms in all");
    }
    if (model_.has_input) {
      model_.macs += multiplicity * (row.macs + row.extra_ops);
    }
    model_.params += multiplicity * row.params;
    model_.rows.push_back(std::move(row));
    return out;
  }

  const NetworkSpec& spec_;
  ModelCount& model_;
  std::vector<std::string> stack_;
  std::map<std::string, Expanded> expanded_blocks_;
  WorkBudget& budget_;
};

}  // namespace

bool Shape::known() const {
  return rank > 0 && std::all_of(dims.begin(), dims.end(), [](const auto& d) { return d.has_value(); });
}

std::string Shape::to_text() const {
  if (rank == 0) return "[?]";
  std::string s = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (i > 0) s += ", ";
    s += dim_text(dims[i]);
  }
  return s + "]";
}

std::optional<std::int64_t> window_output_size(std::int64_t n, std::int64_t kernel,
                                               std::int64_t stride, std::int64_t padding,
                                               std::int64_t dilation, bool ceil_mode) {
  // PyTorch's div_rtn: division rounding toward negative infinity.
  const std::int64_t span = n + 2 * padding - dilation * (kernel - 1) - 1 + (ceil_mode ? stride - 1 : 0);
  std::int64_t out = (span >= 0 ? span / stride : -((-span + stride - 1) / stride)) + 1;
  // PyTorch (pooling_output_shape): the last window must start inside the input or the left
  // padding, never in the right padding.
  if (ceil_mode && (out - 1) * stride >= n + padding) --out;
  if (out < 1) return std::nullopt;
  return out;
}

ModelCount count_model(const NetworkSpec& spec, const ModelSpec& model, WorkBudget* budget) {
  WorkBudget own;
  ModelCount count;
  count.name = model.name;
  count.has_input = spec.input.has_value();
  Counter counter(spec, count, budget ? *budget : own);
  count.output = counter.walk_list(model.layers, spec.input ? *spec.input : Shape{}, "",
                                   Polynomial(1));
  count.flops = Polynomial(spec.conventions.flops_per_mac) * count.macs;
  return count;
}

Comparison compare_models(const ModelCount& first, const ModelCount& second,
                          const std::string& metric, const Domain& domain) {
  auto pick = [&](const ModelCount& m) {
    if (metric == "macs") return m.macs;
    if (metric == "flops") return m.flops;
    return m.params;
  };
  Comparison c;
  c.first = first.name;
  c.second = second.name;
  c.metric = metric;
  c.domain = domain;
  c.first_metric = pick(first);
  c.second_metric = pick(second);
  c.difference = c.first_metric - c.second_metric;
  std::set<std::string> symbols = c.difference.symbols();
  if (symbols.size() > 1) {
    c.univariate = false;
    return c;
  }
  if (symbols.empty()) {
    // A constant difference: no crossings, the sign of the constant.
    Rational v = c.difference.constant_value().value();
    c.sign = v.sign() > 0 ? Sign::kPositive : v.sign() < 0 ? Sign::kNegative : Sign::kZero;
    return c;
  }
  c.symbol = *symbols.begin();
  std::vector<Rational> coefficients = c.difference.coefficients_in(c.symbol);
  std::vector<Rational> avoid;
  if (domain.min) avoid.push_back(*domain.min);
  if (domain.max) avoid.push_back(*domain.max);
  std::vector<RealRoot> roots = real_roots(coefficients, avoid);
  c.sign = sign_over(coefficients, roots, domain);
  for (const auto& r : roots) {
    Crossing x;
    x.root = r;
    if (r.exact) {
      Polynomial at = c.first_metric.substitute(c.symbol, *r.exact);
      x.value = at.constant_value();
      if (x.value) x.value_approx = x.value->to_double();
    }
    if (!x.value) {
      // An irrational root: the metric there as a double, for the derivation only.
      double sum = 0;
      for (const auto& t : c.first_metric.terms()) {
        double v = t.coefficient.to_double();
        for (const auto& [name, e] : t.monomial) {
          for (int i = 0; i < e; ++i) v *= r.approx;
        }
        sum += v;
      }
      x.value_approx = sum;
    }
    c.crossings.push_back(x);
  }
  return c;
}

NetworkCount count_network(const NetworkSpec& spec) {
  NetworkCount result;
  WorkBudget budget;  // shared, so many models cannot multiply the work
  for (const auto& m : spec.models) result.models.push_back(count_model(spec, m, &budget));
  if (spec.compare) {
    auto find = [&](const std::string& name) -> const ModelCount& {
      for (const auto& m : result.models) {
        if (m.name == name) return m;
      }
      throw InputError(spec.compare->pointer, "unknown model '" + name + "'");
    };
    result.comparison = compare_models(find(spec.compare->first), find(spec.compare->second),
                                       spec.compare->metric, spec.compare->domain);
  }
  return result;
}

}  // namespace hw4::core
