// The derivation of `cnn-params count`: per-layer count formulas with the numbers substituted,
// totals, and the comparison (difference, factored, crossings, verdict).
#include "hw4/derive/cnn_params.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

namespace hw4::derive {
namespace {

using core::LayerType;
using core::Polynomial;
using core::Rational;
using report::Formula;

// ---- result JSON -------------------------------------------------------------------------

nlohmann::json rational_json(const Rational& r) {
  if (r.is_integer()) return r.num();
  return r.to_string();
}

nlohmann::json shape_json(const core::Shape& s) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : s.dims) {
    if (!d) {
      out.push_back(nullptr);
    } else if (auto v = d->integer_value()) {
      out.push_back(*v);
    } else {
      out.push_back(d->to_text());
    }
  }
  return out;
}

// ---- formulas ----------------------------------------------------------------------------

Formula rational_formula(const Rational& r) {
  if (r.is_integer()) return report::integer(r.num());
  return report::rational(r.to_string());
}

Formula monomial_formula(const core::Monomial& m) {
  Formula f;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (i > 0) f += report::times();
    Formula s = report::raw(m[i].first);
    f += m[i].second == 1 ? s : report::sup(s, report::integer(m[i].second));
  }
  return f;
}

Formula poly_formula(const Polynomial& p) {
  // A size or count of a numeric network: most formulas here are whole numbers (and the
  // general path below gives the same for them).
  if (const auto n = p.integer_value(); n && *n >= 0) return report::integer(*n);
  Formula f;
  bool first = true;
  for (const auto& t : p.display_terms()) {
    const bool negative = t.coefficient.sign() < 0;
    const Rational magnitude = negative ? -t.coefficient : t.coefficient;
    if (first) {
      if (negative) f += report::tex("−", "-");
    } else {
      f += negative ? report::tex(" − ", " - ") : report::raw(" + ");
    }
    first = false;
    if (t.monomial.empty()) {
      f += rational_formula(magnitude);
    } else if (magnitude == Rational(1)) {
      f += monomial_formula(t.monomial);
    } else {
      f += rational_formula(magnitude) + report::times() + monomial_formula(t.monomial);
    }
  }
  return f;
}

// A factor inside a product: parenthesised when it is a sum.
Formula factor_formula(const Polynomial& p) {
  Formula f = poly_formula(p);
  return p.terms().size() > 1 || (p.terms().size() == 1 && p.terms()[0].coefficient.sign() < 0)
             ? report::parens(f)
             : f;
}

Formula product(std::initializer_list<Formula> factors) {
  Formula f;
  bool first = true;
  for (const auto& x : factors) {
    if (!first) f += report::times();
    f += x;
    first = false;
  }
  return f;
}

Formula shape_formula(const core::Shape& s) {
  Formula f = report::raw("[");
  for (std::size_t i = 0; i < s.dims.size(); ++i) {
    if (i > 0) f += report::raw(", ");
    f += s.dims[i] ? poly_formula(*s.dims[i]) : report::raw("?");
  }
  return f + report::raw("]");
}

std::string metric_words(const std::string& metric) {
  if (metric == "macs") return "multiply-accumulates";
  if (metric == "flops") return "FLOPs";
  return "parameters";
}

std::string layer_label(const core::LayerRow& row) {
  std::string label = row.path + " " + row.layer->type_name;
  if (!row.layer->name.empty() && row.layer->type != LayerType::kBlock) {
    label += " (" + row.layer->name + ")";
  }
  return label;
}

// A core notation (a kind's formula written as data) in both syntaxes.
Formula notation_formula(const core::Notation& n) {
  using Kind = core::Notation::Kind;
  auto joined = [&](const Formula& separator) {
    Formula f;
    for (std::size_t i = 0; i < n.parts.size(); ++i) {
      if (i > 0) f += separator;
      f += notation_formula(n.parts[i]);
    }
    return f;
  };
  switch (n.kind) {
    case Kind::kSymbol:
      return report::tex(n.plain, n.latex);
    case Kind::kName:
      return report::name(n.plain);
    case Kind::kPolynomial:
      return poly_formula(n.value);
    case Kind::kFactor:
      return factor_formula(n.value);
    case Kind::kProduct:
      return joined(report::times());
    case Kind::kSum:
      return joined(report::raw(" + "));
    case Kind::kSequence:
      return joined(Formula{});
    case Kind::kParens:
      return report::parens(notation_formula(n.parts.at(0)));
  }
  return Formula{};
}

// A layer's steps are built in two parts: the substituted formula, which identifies the step
// (ResNets repeat the same convolution many times, and identical steps are shown once), for
// every layer; the rest only for the first layer of each kind of step.

// The parameter formula with the numbers in: its kind's rule substituted when it has one, else
// the sum of its PyTorch tensors' sizes; nullopt when the layer has neither.
std::optional<Formula> params_substituted(const core::LayerRow& row) {
  if (row.params_step) return notation_formula(row.params_step->substituted);
  if (row.tensors.empty()) return std::nullopt;
  std::vector<core::Notation> sizes;
  for (const core::Tensor& t : row.tensors) {
    std::vector<core::Notation> dims;
    for (const auto& d : t.dims) dims.push_back(core::factor(d));
    sizes.push_back(core::product(std::move(dims)));
  }
  return notation_formula(core::sum(sizes));
}

// The rest of the parameter step: the rule, and for a sum of tensors each one named with its
// shape in the note, so a reader can check them one by one.
report::Step params_step(const core::LayerRow& row, Formula substituted) {
  if (row.params_step) {
    return report::Step{layer_label(row), notation_formula(row.params_step->rule), std::move(substituted),
                        poly_formula(row.params), {}};
  }
  std::vector<core::Notation> rule;
  report::Text note("PyTorch's tensors: ");
  for (std::size_t i = 0; i < row.tensors.size(); ++i) {
    const core::Tensor& t = row.tensors[i];
    rule.push_back(core::product(t.rule));
    Formula shape;
    for (std::size_t d = 0; d < t.rule.size(); ++d) {
      if (d > 0) shape += report::tex(" × ", " \\times ");
      shape += notation_formula(t.rule[d]);
    }
    note << (i > 0 ? "; " : "") << report::name(t.name) << ": " << shape;
  }
  return report::Step{layer_label(row), notation_formula(core::sum(rule)), std::move(substituted),
                      poly_formula(row.params), std::move(note)};
}

// The MAC formula of a layer that multiplies, with the numbers in.
std::optional<Formula> macs_substituted(const core::LayerRow& row) {
  if (row.macs.is_zero() || !row.macs_step) return std::nullopt;
  return notation_formula(row.macs_step->substituted);
}

report::Step macs_step(const core::LayerRow& row, Formula substituted) {
  return report::Step{layer_label(row), notation_formula(row.macs_step->rule), std::move(substituted),
                      poly_formula(row.macs), {}};
}

Formula domain_formula(const core::Domain& d, const std::string& symbol) {
  const Formula x = report::raw(symbol.empty() ? "x" : symbol);
  if (d.min && d.max) {
    return rational_formula(*d.min) + report::tex(" ≤ ", " \\le ") + x +
           report::tex(" ≤ ", " \\le ") + rational_formula(*d.max);
  }
  if (d.min) return x + report::tex(" ≥ ", " \\ge ") + rational_formula(*d.min);
  if (d.max) return x + report::tex(" ≤ ", " \\le ") + rational_formula(*d.max);
  return x + report::tex(" ∈ ℝ", " \\in \\mathbb{R}");
}

std::string domain_words(const core::Domain& d, const std::string& symbol) {
  const std::string x = symbol.empty() ? "x" : symbol;
  if (d.min && d.max) return d.min->to_string() + " <= " + x + " <= " + d.max->to_string();
  if (d.min) return x + " >= " + d.min->to_string();
  if (d.max) return x + " <= " + d.max->to_string();
  return "every real " + x;
}

// The shortest decimal that reads back as v, for prose only (the result keeps the double).
std::string approx_text(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

std::string verdict_text(const core::Comparison& c) {
  const std::string m = metric_words(c.metric);
  const std::string& a = c.first;
  const std::string& b = c.second;
  if (!c.univariate || !c.sign) {
    return "the difference has more than one free symbol, so no single sign is given";
  }
  if (c.symbol.empty()) {
    const Rational d = c.difference.constant_value().value();
    if (d.is_zero()) return a + " and " + b + " have the same number of " + m;
    return a + " has " + (d.sign() > 0 ? d : -d).to_string() + (d.sign() > 0 ? " more " : " fewer ") +
           m + " than " + b;
  }
  const std::string where = "for " + domain_words(c.domain, c.symbol);
  std::string zeros;
  for (const auto& x : c.crossings) {
    const bool inside = (!c.domain.min || *c.domain.min <= x.root.hi) &&
                        (!c.domain.max || x.root.lo <= *c.domain.max);
    if (!inside) continue;
    zeros += (zeros.empty() ? "" : ", ") + c.symbol + " = " +
             (x.root.exact ? x.root.exact->to_string() : "~" + approx_text(x.root.approx));
  }
  switch (*c.sign) {
    case core::Sign::kPositive:
      return a + " has more " + m + " than " + b + " " + where;
    case core::Sign::kNegative:
      return a + " has fewer " + m + " than " + b + " " + where;
    case core::Sign::kZero:
      return a + " and " + b + " have the same number of " + m + " " + where;
    case core::Sign::kNonnegative:
      return a + " has at least as many " + m + " as " + b + " " + where + ", equally many at " + zeros;
    case core::Sign::kNonpositive:
      return a + " has at most as many " + m + " as " + b + " " + where + ", equally many at " + zeros;
    case core::Sign::kMixed:
      return "neither model has fewer " + m + " " + where + ": the difference changes sign at " + zeros;
  }
  return "";
}

// ---- sections ----------------------------------------------------------------------------

report::Section setup_section(const core::NetworkSpec& spec, const core::NetworkCount& count) {
  report::Section s{"Setup", {}};
  report::Text symbols;
  std::vector<std::string> free, bound;
  for (const auto& [name, value] : spec.symbols) {
    if (value) {
      bound.push_back(name + " = " + value->to_string());
    } else {
      free.push_back(name);
    }
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
    return out;
  };
  if (!free.empty()) symbols << "Free symbols: " + join(free) + ". ";
  if (!bound.empty()) symbols << "Bound symbols: " + join(bound) + ". ";
  if (spec.input) {
    symbols << "Input (one sample, no batch dimension): " << shape_formula(*spec.input) << ". ";
  } else {
    symbols << "No input shape is given, so only parameters are counted. ";
  }
  symbols << "Counts follow PyTorch: a conv2d has "
          << report::tex("(k_h·k_w·c_in/g + b)·c_out", "(k_h k_w \\tfrac{c_{in}}{g} + b)\\, c_{out}")
          << " parameters, a linear "
          << report::tex("(n_in + b)·n_out", "(n_{in} + b)\\, n_{out}") << ", a batchnorm2d "
          << report::tex("2·C", "2C")
          << " (running statistics are buffers, not parameters); multiply-accumulates (MACs) are "
             "those of conv2d and linear layers, bias excluded (torchvision's convention).";
  // The layers of the rest of the course count by their own rules, written with each row.
  bool other_kinds = false;
  for (const auto& m : count.models) {
    for (const auto& row : m.rows) {
      if (row.layer->kind == nullptr) continue;  // an imported graph's node
      const std::string_view kind = row.layer->kind->name;
      if (kind != "conv2d" && kind != "linear" && kind != "batchnorm2d" &&
          !(row.params.is_zero() && row.macs.is_zero())) {
        other_kinds = true;
      }
    }
  }
  if (other_kinds) {
    symbols << " Every other layer has PyTorch's parameter tensors, named with its row, and the "
               "multiply-accumulates of its matrix products (a transposed convolution: every "
               "input element times every kernel tap; a recurrent layer: T steps of its gate "
               "matrices; attention: its four projections and the two T×T products).";
  }
  s.blocks.emplace_back(symbols);
  const auto& cv = spec.conventions;
  if (cv.bias_adds || cv.batchnorm_ops != 0) {
    s.blocks.emplace_back(report::Text(
        "Conventions: the MAC totals also count " +
        std::string(cv.bias_adds ? "one add per output element of a biased layer" : "") +
        (cv.bias_adds && cv.batchnorm_ops ? " and " : "") +
        (cv.batchnorm_ops ? std::to_string(cv.batchnorm_ops) + " operation(s) per batchnorm2d element" : "") +
        "; FLOPs = " + std::to_string(cv.flops_per_mac) + "·MACs."));
  }
  return s;
}

std::string plain_key(const Formula& f) {
  std::string key;
  for (const auto& piece : f.pieces) key += piece.plain;
  return key;
}

// Adds one step per distinct formula: identical steps are shown once, with the layers they
// stand for in the note.
template <typename Substituted, typename MakeStep>
void add_grouped_steps(report::Section& section, const core::ModelCount& m,
                       const Polynomial core::LayerRow::*count, Substituted substituted,
                       MakeStep make_step) {
  struct Group {
    std::size_t block;
    std::vector<std::string> paths;
  };
  std::vector<std::pair<std::string, Group>> groups;
  std::size_t rows = 0;
  std::size_t shown_rows = 0;
  for (const auto& row : m.rows) {
    if ((row.*count).is_zero()) continue;
    ++rows;
    std::optional<Formula> numbers = substituted(row);
    if (!numbers) continue;
    const std::string key =
        plain_key(*numbers) + "|" + (row.*count).to_text() + "|" + row.multiplicity.to_text();
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
    if (it != groups.end()) {
      it->second.paths.push_back(row.path);
      ++shown_rows;
      continue;
    }
    if (groups.size() >= kMaxCnnSteps) continue;
    report::Step step = make_step(row, std::move(*numbers));
    if (!(row.multiplicity == Polynomial(1))) {
      step.note = report::Text("counted ") << poly_formula(row.multiplicity) << " times (symbolic repeat)";
    }
    groups.push_back({key, {section.blocks.size(), {row.path}}});
    section.blocks.emplace_back(std::move(step));
    ++shown_rows;
  }
  for (const auto& [key, g] : groups) {
    if (g.paths.size() < 2) continue;
    std::string others;
    for (std::size_t i = 1; i < g.paths.size() && i <= 4; ++i) others += (i > 1 ? ", " : "") + g.paths[i];
    if (g.paths.size() > 5) others += ", ...";
    auto& step = std::get<report::Step>(section.blocks[g.block]);
    step.note << (step.note.spans.empty() ? "" : "; ") + std::string("the same for ") +
                     std::to_string(g.paths.size() - 1) + " more layer(s): " + others;
  }
  if (rows > shown_rows) {
    section.blocks.emplace_back(report::Text("... and " + std::to_string(rows - shown_rows) +
                                             " more layers (all in the table below)."));
  }
  if (rows == 0) section.blocks.emplace_back(report::Text("No layer counts here."));
}

// What an imported model's counts mean, and where they may differ from the framework's.
void graph_notes(const core::ModelCount& m, std::vector<report::Note>& notes) {
  if (m.graph->from_pytorch) {
    notes.push_back({"onnx_folded_batchnorm",
                     "model " + m.name + ": PyTorch's eval-mode export folds each batch norm into "
                     "the convolution before it (its 2·C parameters are gone and the convolution "
                     "gains a bias); export with training=TrainingMode.PRESERVE to keep them"});
  }
  if (!m.macs_known) {
    notes.push_back({"onnx_unknown_shape", "model " + m.name + ": node " +
                                               m.graph->unknown_shape_node +
                                               " has no known shape, so the MACs are unknown"});
  }
}

// The summary of an imported model: the file's own facts and how its tensors were counted.
report::Text graph_summary(const core::ModelCount& m) {
  const core::GraphModel& g = *m.graph;
  std::string uncounted;
  for (const auto& op : g.uncounted) uncounted += (uncounted.empty() ? "" : ", ") + op;
  return report::Text(
      "Read from an ONNX file (opset " + std::to_string(g.opset) + ", produced by " +
      (g.producer.empty() ? "an unnamed tool" : g.producer) + "): " + std::to_string(g.nodes.size()) +
      " nodes, " + std::to_string(g.initializer_elements) +
      " initializer elements (each tensor once). Parameters are the floating-point initializers "
      "each node reads, once per use (an Identity passes its input's on); batch-norm running "
      "statistics are buffers: " + m.buffers.to_text() + ". MACs are per sample (the batch is 1): "
      "Conv and ConvTranspose as convolutions, Gemm and MatMul as output elements times the "
      "inner size, LSTM/GRU/RNN as recurrent layers; other nodes add none" +
      (uncounted.empty() ? "." : " (those holding parameters: " + uncounted + ")."));
}

void model_sections(const core::ModelCount& m, const core::NetworkSpec& spec,
                    std::vector<report::Section>& out) {
  if (m.graph) out.push_back({"Model " + m.name + ": exported graph", {graph_summary(m)}});
  if (!m.graph) {  // an exported graph's nodes have no layer formulas: its table follows
    report::Section params{"Model " + m.name + ": parameters per layer", {}};
    add_grouped_steps(params, m, &core::LayerRow::params, params_substituted, params_step);
    out.push_back(std::move(params));
    if (m.has_input) {
      report::Section macs{"Model " + m.name + ": multiply-accumulates per layer", {}};
      add_grouped_steps(macs, m, &core::LayerRow::macs, macs_substituted, macs_step);
      out.push_back(std::move(macs));
    }
  }

  report::Section table_section{"Model " + m.name + ": summary", {}};
  std::vector<std::string> header{"path", "layer", "output shape", "params"};
  if (m.has_input) header.emplace_back("MACs");
  report::Table table{header, {}, ""};
  for (std::size_t i = 0; i < m.rows.size() && i < kMaxCnnTableRows; ++i) {
    const auto& row = m.rows[i];
    std::string label = row.layer->type_name;
    if (!row.layer->name.empty()) label += " " + row.layer->name;
    std::vector<Formula> cells{report::name(row.path), report::name(label),
                               shape_formula(row.output), poly_formula(row.params)};
    if (m.has_input) cells.push_back(poly_formula(row.macs + row.extra_ops));
    table.rows.push_back(std::move(cells));
  }
  if (m.rows.size() > kMaxCnnTableRows) {
    table.caption = "the first " + std::to_string(kMaxCnnTableRows) + " of " +
                    std::to_string(m.rows.size()) + " layers";
  }
  table_section.blocks.emplace_back(std::move(table));

  // Totals: the sum over rows, each times its repeat count.
  auto total_step = [&](const std::string& label, const std::string& what,
                        const Polynomial core::LayerRow::*field, const Polynomial& total) {
    Formula sub;
    std::size_t shown = 0;
    for (const auto& row : m.rows) {
      Polynomial v = row.*field;
      if (field == &core::LayerRow::macs) v += row.extra_ops;
      if (v.is_zero()) continue;
      if (++shown > 12) break;
      if (!sub.empty()) sub += report::raw(" + ");
      if (row.multiplicity == Polynomial(1)) {
        sub += factor_formula(v);
      } else {
        sub += product({factor_formula(row.multiplicity), factor_formula(v)});
      }
    }
    if (shown > 12 || shown < 2) sub = Formula{};
    return report::Step{label, report::tex("Σ " + what + " over the layers", "\\sum_{\\text{layers}} \\text{" + what + "}"),
                        sub, poly_formula(total), {}};
  };
  table_section.blocks.emplace_back(total_step("params(" + m.name + ")", "params", &core::LayerRow::params, m.params));
  if (m.has_input) {
    table_section.blocks.emplace_back(total_step("MACs(" + m.name + ")", "MACs", &core::LayerRow::macs, m.macs));
    table_section.blocks.emplace_back(report::Step{
        "FLOPs(" + m.name + ")", report::tex(std::to_string(spec.conventions.flops_per_mac) + "·MACs",
                                             std::to_string(spec.conventions.flops_per_mac) + " \\cdot \\text{MACs}"),
        {}, poly_formula(m.flops), {}});
    report::Text shape("Output shape: ");
    shape << shape_formula(m.output) << ".";
    if (m.assumes_divisibility) {
      shape << " A symbolic height or width passes a strided window, so sizes use "
            << report::tex("(H + 2p − d(k − 1) − 1)/s + 1", "(H + 2p - d(k - 1) - 1)/s + 1")
            << " exactly, assuming it divides evenly.";
    }
    table_section.blocks.emplace_back(std::move(shape));
  }
  out.push_back(std::move(table_section));
}

Formula factored_formula(const core::Comparison& c, const std::vector<Rational>& coefficients) {
  std::vector<core::RealRoot> roots;
  for (const auto& x : c.crossings) roots.push_back(x.root);
  core::Factorization f = core::factor_rational(coefficients, roots);
  Formula out;
  auto append = [&](const Formula& x) {
    if (!out.empty()) out += report::times();
    out += x;
  };
  Polynomial rest = Polynomial::from_coefficients(c.symbol, f.rest);
  if (!(f.constant == Rational(1)) || (f.linear.empty() && rest == Polynomial(1))) {
    append(rational_formula(f.constant));
  }
  for (const auto& [r, mult] : f.linear) {
    Polynomial linear = Polynomial(Rational(r.den())) * Polynomial::symbol(c.symbol) - Polynomial(Rational(r.num()));
    Formula lf = factor_formula(linear);
    append(mult == 1 ? lf : report::sup(r.is_zero() ? lf : report::parens(poly_formula(linear)), report::integer(mult)));
  }
  if (!(rest == Polynomial(1))) append(factor_formula(rest));
  return out;
}

report::Section comparison_section(const core::Comparison& c, nlohmann::json& result,
                                   std::optional<report::Plot>& plot) {
  report::Section s{"Comparison: " + c.first + " vs " + c.second, {}};
  const std::string m = c.metric == "params" ? "params" : c.metric == "macs" ? "MACs" : "FLOPs";
  // metric(model) with the words upright in LaTeX (model names may hold underscores).
  auto metric_of = [&](const std::string& model) {
    return report::tex(m, "\\text{" + m + "}") + report::raw("(") + report::name(model) +
           report::raw(")");
  };
  const Formula difference_rule = metric_of(c.first) + report::tex(" − ", " - ") + metric_of(c.second);
  s.blocks.emplace_back(report::Step{
      "difference", difference_rule,
      factor_formula(c.first_metric) + report::tex(" − ", " - ") + factor_formula(c.second_metric),
      poly_formula(c.difference), {}});

  nlohmann::json comparison = {{"of", {c.first, c.second}},
                               {"metric", c.metric},
                               {"difference", polynomial_json(c.difference)}};
  if (!c.second_metric.is_zero()) {
    if (auto ratio = c.first_metric.constant_ratio(c.second_metric)) {
      comparison["ratio"] = ratio->to_string();
      s.blocks.emplace_back(report::Step{
          "ratio", report::frac(metric_of(c.first), metric_of(c.second)), {},
          ratio->is_integer() ? report::Value{ratio->num()} : report::Value{ratio->to_double()},
          ratio->is_integer() ? report::Text() : report::Text("exactly ") << rational_formula(*ratio)});
    }
  }

  nlohmann::json domain = nlohmann::json::object();
  if (c.domain.min) domain["min"] = rational_json(*c.domain.min);
  if (c.domain.max) domain["max"] = rational_json(*c.domain.max);

  if (!c.univariate) {
    comparison["crossings"] = nullptr;
    comparison["verdict"] = nullptr;
    s.blocks.emplace_back(report::Text(
        "The difference has more than one free symbol, so there are no crossings in one variable "
        "and no single sign; bind all but one symbol to compare."));
    result["comparison"] = std::move(comparison);
    return s;
  }

  nlohmann::json crossings = nlohmann::json::array();
  if (!c.symbol.empty()) {
    std::vector<Rational> coefficients = c.difference.coefficients_in(c.symbol);
    if (!c.crossings.empty() && c.difference.degree() > 1 && c.difference.terms().size() > 1) {
      s.blocks.emplace_back(report::Step{"factored", poly_formula(c.difference), {},
                                         factored_formula(c, coefficients), {}});
    }
    report::Text roots_text;
    if (c.crossings.empty()) {
      roots_text << "The difference has no real root: the two curves never cross.";
    } else {
      roots_text << "Real roots of the difference (where the two " + m +
                        " curves cross), inside the domain or not: ";
    }
    bool first = true;
    for (const auto& x : c.crossings) {
      crossings.push_back({{"at", x.root.exact ? nlohmann::json(x.root.exact->to_string()) : nlohmann::json(nullptr)},
                           {"approx", x.root.approx},
                           {"value", x.value ? nlohmann::json(x.value->to_string()) : nlohmann::json(nullptr)}});
      if (!first) roots_text << "; ";
      first = false;
      Formula at = report::raw(c.symbol + " = ");
      if (x.root.exact) {
        at += rational_formula(*x.root.exact);
        if (!x.root.exact->is_integer()) at += report::tex(" ≈ ", " \\approx ") + report::num(x.root.approx);
      } else {
        at += report::tex("≈ ", "\\approx ") + report::num(x.root.approx) + report::raw(" (irrational)");
      }
      at += report::raw(", " + m + " = ");
      if (x.value) {
        at += rational_formula(*x.value);
        if (!x.value->is_integer()) at += report::tex(" ≈ ", " \\approx ") + report::num(x.value_approx);
      } else {
        at += report::tex("≈ ", "\\approx ") + report::num(x.value_approx);
      }
      if (x.root.multiplicity > 1) at += report::raw(" (double root)");
      roots_text << at;
    }
    if (!c.crossings.empty()) roots_text << ".";
    s.blocks.emplace_back(std::move(roots_text));
  }
  comparison["crossings"] = std::move(crossings);

  const std::string text = verdict_text(c);
  comparison["verdict"] = {{"domain", domain},
                           {"sign", std::string(core::sign_name(*c.sign))},
                           {"text", text}};
  report::Text verdict("Over the domain ");
  verdict << domain_formula(c.domain, c.symbol)
          << " the difference is " + std::string(core::sign_name(*c.sign)) + ": " + text + ".";
  s.blocks.emplace_back(std::move(verdict));
  result["comparison"] = std::move(comparison);

  if (!c.symbol.empty()) {
    // Both curves against the free symbol, over a range showing every crossing and the domain.
    double lo = c.domain.min ? c.domain.min->to_double() : 0.0;
    double hi = lo;
    for (const auto& x : c.crossings) {
      lo = std::min(lo, x.root.approx);
      hi = std::max(hi, x.root.approx);
    }
    if (c.domain.max) hi = std::max(hi, c.domain.max->to_double());
    double span = std::max(hi - lo, 1.0);
    lo -= 0.1 * span;
    hi += span;
    auto eval = [&](const Polynomial& p, double x) {
      double sum = 0;
      for (const auto& t : p.terms()) {
        double v = t.coefficient.to_double();
        for (const auto& [name, e] : t.monomial) v *= std::pow(x, e);
        sum += v;
      }
      return sum;
    };
    report::Plot p;
    p.title = m + " of " + c.first + " and " + c.second;
    p.x_label = c.symbol;
    p.y_label = m;
    for (const auto* which : {&c.first_metric, &c.second_metric}) {
      report::Series series;
      series.label = which == &c.first_metric ? c.first : c.second;
      for (int i = 0; i <= 200; ++i) {
        double x = lo + (hi - lo) * i / 200.0;
        series.x.push_back(x);
        series.y.push_back(eval(*which, x));
      }
      p.series.push_back(std::move(series));
    }
    for (const auto& x : c.crossings) {
      p.markers.push_back({x.root.approx, x.value_approx,
                           c.symbol + " = " + (x.root.exact ? x.root.exact->to_string() : approx_text(x.root.approx))});
    }
    if (c.domain.min) p.vertical_lines.push_back({c.domain.min->to_double(), 0, "domain"});
    plot = std::move(p);
  }
  return s;
}

}  // namespace

// Objects are filled key by key here and in cnn_params(), which run for every layer: a braced
// list builds each pair as a JSON array first.
nlohmann::json polynomial_json(const Polynomial& p) {
  nlohmann::json out = nlohmann::json::object();
  out["text"] = p.to_text();
  nlohmann::json& terms = out["terms"] = nlohmann::json::object();
  for (auto& [key, value] : p.keyed_terms()) terms[std::move(key)] = std::move(value);
  const auto c = p.constant_value();
  out["value"] = c ? rational_json(*c) : nlohmann::json(nullptr);
  return out;
}

report::Answer cnn_params(const core::NetworkSpec& spec, const core::NetworkCount& count) {
  report::Answer answer;
  answer.report.title = "Parameter and compute counts";
  answer.report.sections.push_back(setup_section(spec, count));

  nlohmann::json models = nlohmann::json::object();
  for (const auto& m : count.models) {
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& row : m.rows) {
      nlohmann::json r = nlohmann::json::object();
      r["path"] = row.path;
      r["type"] = row.layer->type_name;
      if (!row.layer->name.empty()) r["name"] = row.layer->name;
      r["params"] = polynomial_json(row.params);
      if (m.has_input) {
        r["macs"] = polynomial_json(row.macs + row.extra_ops);
        r["output_shape"] = shape_json(row.output);
      }
      if (!(row.multiplicity == Polynomial(1))) r["times"] = row.multiplicity.to_text();
      layers.push_back(std::move(r));
    }
    nlohmann::json model = {{"params", polynomial_json(m.params)}};
    if (m.has_input) {
      model["macs"] = m.macs_known ? polynomial_json(m.macs) : nlohmann::json(nullptr);
      model["flops"] = m.macs_known ? polynomial_json(m.flops) : nlohmann::json(nullptr);
      model["output_shape"] = shape_json(m.output);
      model["assumes_divisibility"] = m.assumes_divisibility;
    }
    model["layers"] = std::move(layers);
    if (m.graph) {
      model["onnx"] = {{"opset", m.graph->opset},
                       {"producer", m.graph->producer},
                       {"nodes", m.graph->nodes.size()},
                       {"initializer_elements", m.graph->initializer_elements},
                       {"buffers", rational_json(m.buffers.constant_value().value_or(Rational(0)))},
                       {"uncounted", m.graph->uncounted}};
      graph_notes(m, answer.notes);
    }
    models[m.name] = std::move(model);
    model_sections(m, spec, answer.report.sections);
    if (m.assumes_divisibility) {
      answer.notes.push_back({"assumes_divisibility",
                              "model " + m.name + ": a symbolic height or width passes a strided "
                              "window; its size assumes the division is exact"});
    }
  }
  answer.result["models"] = std::move(models);
  if (count.comparison) {
    answer.report.sections.push_back(comparison_section(*count.comparison, answer.result, answer.plot));
  }
  return answer;
}

}  // namespace hw4::derive
