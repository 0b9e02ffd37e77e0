// CNN shape inference (PyTorch's rules) and exact parameter / MAC counting.
#include "hw4/core/cnn.h"

#include <algorithm>
#include <map>
#include <utility>

#include "hw4/error.h"

namespace hw4::core {
namespace {


[[noreturn]] void fail(const std::string& pointer, const std::string& message) {
  throw InputError(pointer, message);
}

std::string field(const Layer& layer, const std::string& name) {
  return layer.pointer + "/" + name;
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
      case LayerType::kLeaf:
        break;
    }
    return leaf(layer, std::move(in), path, multiplicity);
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

  Shape leaf(const Layer& layer, Shape in, const std::string& path,
             const Polynomial& multiplicity) {
    try {
      return count_row(layer, std::move(in), path, multiplicity);
    } catch (const InputError&) {
      throw;
    } catch (const Error& e) {
      // Overflow and other arithmetic failures: name the layer that caused them.
      if (e.kind() != ErrorKind::kMath) throw;
      fail(layer.pointer, e.what());
    }
  }

  Shape count_row(const Layer& layer, Shape in, const std::string& path,
                  const Polynomial& multiplicity) {
    if (++budget_.rows > budget_.max_rows) {
      fail(layer.pointer, "the network is too large: more than " +
                              std::to_string(budget_.max_rows) +
                              " counted layers after expanding repeats");
    }
    LayerRow row;
    static_cast<LeafCount&>(row) = core::count_leaf(layer, in, spec_.conventions);
    row.path = path;
    row.layer = &layer;
    row.input = std::move(in);
    row.multiplicity = multiplicity;
    if (row.assumes_divisibility) model_.assumes_divisibility = true;
    Shape out = row.output;
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

// An imported graph's nodes are counted already: rows and totals.
ModelCount total_graph(const ModelSpec& model) {
  ModelCount count;
  count.name = model.name;
  count.graph = model.graph;
  count.has_input = true;
  count.macs_known = model.graph->unknown_shape_node.empty();
  for (const GraphNode& node : model.graph->nodes) {
    LayerRow row;
    row.path = node.path;
    row.layer = &node.layer;
    row.output = node.output;
    row.params = node.params;
    row.macs = node.macs;
    count.params += node.params;
    count.buffers += node.buffers;
    count.macs += node.macs;
    count.rows.push_back(std::move(row));
  }
  if (!model.graph->nodes.empty()) count.output = model.graph->nodes.back().output;
  return count;
}

}  // namespace

ModelCount count_model(const NetworkSpec& spec, const ModelSpec& model, WorkBudget* budget) {
  if (model.graph) {
    ModelCount count = total_graph(model);
    count.flops = Polynomial(spec.conventions.flops_per_mac) * count.macs;
    return count;
  }
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
    for (const auto* name : {&spec.compare->first, &spec.compare->second}) {
      if (spec.compare->metric != "params" && !find(*name).macs_known) {
        throw InputError(spec.compare->pointer,
                         "model '" + *name + "' has unknown MACs (node " +
                             find(*name).graph->unknown_shape_node + " has no known shape)");
      }
    }
    result.comparison = compare_models(find(spec.compare->first), find(spec.compare->second),
                                       spec.compare->metric, spec.compare->domain);
  }
  return result;
}

}  // namespace hw4::core
