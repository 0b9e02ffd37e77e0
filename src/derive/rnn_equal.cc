// The derivations of `rnn-equal run|verify|solve`: results in the SPEC's shape, and the worked
// solution (truth tables, traces, the product-machine proof in words, the repair).
#include "hw4/derive/rnn_equal.h"

#include <cmath>
#include <limits>
#include <string>

namespace hw4::derive {
namespace {

using core::RnnActivation;
using nlohmann::json;
using report::Formula;
using report::Text;

bool binary(RnnActivation g) { return g != RnnActivation::kSigmoid; }

// An activation's value in the result: 0/1 as integers under step, reals under sigmoid.
json value_json(double value, RnnActivation g) {
  if (binary(g)) return value > 0.5 ? 1 : 0;
  return value;
}

json vector_json(const Eigen::VectorXd& values, RnnActivation g) {
  json out = json::array();
  for (Eigen::Index i = 0; i < values.size(); ++i) out.push_back(value_json(values(i), g));
  return out;
}

json plain_vector(const Eigen::VectorXd& values) {
  json out = json::array();
  for (Eigen::Index i = 0; i < values.size(); ++i) out.push_back(values(i));
  return out;
}

json weights_json(const core::RnnWeights& w) {
  json rows = json::array();
  for (Eigen::Index i = 0; i < w.W.rows(); ++i) rows.push_back({w.W(i, 0), w.W(i, 1)});
  return {{"W", rows},
          {"b", plain_vector(w.b)},
          {"v", plain_vector(w.v)},
          {"c0", w.c0},
          {"r", w.r},
          {"c", w.c},
          {"y0", w.y0}};
}

json trace_json(const core::RnnRun& run, RnnActivation g) {
  json trace = json::array();
  for (const core::RnnRunStep& s : run.steps) {
    trace.push_back({{"t", s.t},
                     {"x", {s.a, s.b}},
                     {"h", vector_json(s.h, g)},
                     {"pre", s.pre},
                     {"y", value_json(s.y, g)},
                     {"output", s.output},
                     {"expected", s.expected}});
  }
  return trace;
}

// A word inside a formula (a table cell): plain as is, upright in LaTeX.
Formula in_text(const std::string& text) { return report::tex(text, "\\text{" + text + "}"); }

Formula bit(int b) { return report::integer(b); }
Formula pair(int a, int b) {
  return report::raw("(") + bit(a) + report::raw(", ") + bit(b) + report::raw(")");
}
Formula input_pair(int k) { return pair(core::kRnnInputs[k][0], core::kRnnInputs[k][1]); }
Formula yes_no(bool ok) { return in_text(ok ? "yes" : "no"); }
Formula h_sub(int unit) { return report::sub(report::raw("h"), report::integer(unit + 1)); }
Formula activation_value(double v, RnnActivation g) {
  return binary(g) ? report::integer(v > 0.5 ? 1 : 0) : report::num(v);
}
Formula value_vector(const Eigen::VectorXd& v, RnnActivation g) {
  if (binary(g)) {
    Formula f = report::raw("(");
    for (Eigen::Index i = 0; i < v.size(); ++i) {
      if (i > 0) f += report::raw(", ");
      f += report::integer(v(i) > 0.5 ? 1 : 0);
    }
    return f + report::raw(")");
  }
  return report::vector(std::vector<double>(v.data(), v.data() + v.size()));
}
Formula bits(const std::vector<int>& values) {
  std::string s;
  for (int b : values) s += b ? '1' : '0';
  return report::raw(s);
}

// The side of 0 a unit's pre-activation must be on: "> 0" / "≤ 0" under step, "≥ 0" / "< 0"
// under step_ge.
Formula requirement(bool must_fire, RnnActivation g) {
  const bool ge = g == RnnActivation::kStepGe;
  if (must_fire) return ge ? report::tex("≥ 0", "\\ge 0") : report::raw("> 0");
  return ge ? report::raw("< 0") : report::tex("≤ 0", "\\le 0");
}

Formula interval(double lo, double hi, bool lo_closed, bool hi_closed) {
  Formula f = report::raw(lo_closed ? "[" : "(");
  f += std::isinf(lo) ? report::tex("−∞", "-\\infty") : report::num(lo);
  f += report::raw(", ");
  f += std::isinf(hi) ? report::tex("∞", "\\infty") : report::num(hi);
  return f + report::raw(hi_closed ? "]" : ")");
}

Formula state_formula(double y, bool equal, RnnActivation g) {
  return report::raw("(y = ") + activation_value(y, g) + report::raw(", ") +
         in_text(equal ? "equal so far" : "mismatch seen") + report::raw(")");
}

const char* fires_word(RnnActivation g) { return g == RnnActivation::kStepGe ? "z >= 0" : "z > 0"; }

std::string activation_prose(RnnActivation g) {
  switch (g) {
    case RnnActivation::kStep:
      return "step: g(z) = 1 if z > 0, else 0";
    case RnnActivation::kStepGe:
      return "step_ge: g(z) = 1 if z >= 0, else 0";
    case RnnActivation::kSigmoid:
      return "sigmoid: g(z) = σ(z), values passed on as real numbers, an output read as 1 when "
             "it is > 0.5";
  }
  return "";
}

// The network's equations and its weights.
report::Section network_section(const core::RnnNetwork& net) {
  const core::RnnWeights& w = net.weights;
  report::Section s{"The network", {}};
  s.blocks.push_back(Text("Input ")
                     << report::tex("x_t = (a_t, b_t)", "x_t = (a_t, b_t)") << ", hidden layer "
                     << report::tex("h_t = g(W x_t + b)", "h_t = g(W x_t + b)") << ", bit check "
                     << report::tex("e = g(v·h + c_0)", "e = g(v \\cdot h + c_0)") << ", output "
                     << report::tex("y_t = g(v·h_t + r·y_{t−1} + c)",
                                    "y_t = g(v \\cdot h_t + r\\, y_{t-1} + c)")
                     << " with " << report::tex("y_0", "y_0") << " given. "
                     << "Activation " << activation_prose(net.activation) << ". The target: "
                     << report::raw("y_t = 1") << " exactly when a_1..a_t = b_1..b_t.");
  s.blocks.push_back(report::Step{"W", {}, {}, w.W, {}});
  s.blocks.push_back(report::Step{"b", {}, {}, Eigen::MatrixXd(w.b.transpose()), {}});
  s.blocks.push_back(report::Step{"v", {}, {}, Eigen::MatrixXd(w.v.transpose()), {}});
  report::Table scalars{
      {"c0", "r", "c", "y0"},
      {{report::num(w.c0), report::num(w.r), report::num(w.c), report::num(w.y0)}},
      ""};
  s.blocks.push_back(std::move(scalars));
  return s;
}

// Which inputs a mask's function fires on, as "(0,1), (1,0)".
Formula fired_inputs(std::uint8_t mask) {
  Formula f;
  bool first = true;
  for (int k = 0; k < 4; ++k) {
    if (!core::rnn_mask_bit(mask, k)) continue;
    if (!first) f += report::raw(", ");
    f += input_pair(k);
    first = false;
  }
  if (first) f += in_text("no input");
  return f;
}

report::Section hidden_section(const core::RnnNetwork& net, const core::RnnHiddenTable& t) {
  const RnnActivation g = net.activation;
  const auto units = static_cast<int>(net.weights.W.rows());
  report::Section s{"The hidden layer", {}};
  s.blocks.push_back(
      Text("h depends on the current pair alone, so four rows say everything a "
           "hidden unit does:"));
  report::Table table{{"a", "b", "W x + b", "h", "v·h"}, {}, ""};
  for (int k = 0; k < 4; ++k) {
    table.rows.push_back(
        {bit(core::kRnnInputs[k][0]), bit(core::kRnnInputs[k][1]),
         report::vector(std::vector<double>(t.pre[k].data(), t.pre[k].data() + t.pre[k].size())),
         value_vector(t.h[k], g), report::num(t.u[k])});
  }
  s.blocks.push_back(std::move(table));
  for (int i = 0; i < units; ++i) {
    const std::uint8_t mask = t.masks[static_cast<std::size_t>(i)];
    Text line;
    line << h_sub(i) << (binary(g) ? " computes " : " computes, read as a bit, ")
         << in_text(core::rnn_gate_name(mask)) << ": it fires on " << fired_inputs(mask) << ".";
    s.blocks.push_back(std::move(line));
  }
  return s;
}

report::Section bit_check_section(const core::RnnNetwork& net, const core::RnnBitCheck& check) {
  const RnnActivation g = net.activation;
  report::Section s{"The bit check", {}};
  s.blocks.push_back(Text("The perceptron ")
                     << report::tex("e = g(v·h + c_0)", "e = g(v \\cdot h + c_0)")
                     << " must output 1 exactly when a = b (XNOR):");
  report::Table table{{"a", "b", "v·h + c0", "e", "read", "expected", "right"}, {}, ""};
  for (const core::RnnBitRow& row : check.rows) {
    table.rows.push_back({bit(row.a), bit(row.b), report::num(row.pre), activation_value(row.e, g),
                          bit(row.read), bit(row.expected), yes_no(row.read == row.expected)});
  }
  s.blocks.push_back(std::move(table));
  Text verdict;
  if (check.correct) {
    verdict << "The bit check is right on all four pairs.";
  } else {
    verdict << "The bit check is wrong on";
    bool first = true;
    for (int k = 0; k < 4; ++k) {
      const core::RnnBitRow& row = check.rows[k];
      if (row.read == row.expected) continue;
      verdict << (first ? " " : ", ") << input_pair(k);
      first = false;
    }
    verdict << ".";
  }
  s.blocks.push_back(std::move(verdict));
  return s;
}

report::Table trace_table(const core::RnnRun& run, RnnActivation g) {
  report::Table table{
      {"t", "x_t", "h_t", "v·h + r·y + c", "y_t", "read", "expected", "right"}, {}, ""};
  for (const core::RnnRunStep& s : run.steps) {
    if (table.rows.size() >= kRnnMaxTraceRows) {
      table.caption = "the first " + std::to_string(kRnnMaxTraceRows) + " of " +
                      std::to_string(run.steps.size()) + " steps";
      break;
    }
    table.rows.push_back({report::integer(s.t), pair(s.a, s.b), value_vector(s.h, g),
                          report::num(s.pre), activation_value(s.y, g), bit(s.output),
                          bit(s.expected), yes_no(s.output == s.expected)});
  }
  return table;
}

json counterexample_json(const core::RnnCounterexample& ce, RnnActivation g) {
  json out = {{"a", ce.a}, {"b", ce.b}, {"t", ce.t}, {"got", ce.got}, {"expected", ce.expected}};
  if (!binary(g)) out["got_value"] = ce.got_value;
  out["trace"] = trace_json(ce.trace, g);
  return out;
}

report::Section counterexample_section(const core::RnnCounterexample& ce, RnnActivation g) {
  report::Section s{"The shortest counterexample", {}};
  Text line;
  line << "a = " << bits(ce.a) << ", b = " << bits(ce.b) << ": at t = " << report::integer(ce.t)
       << " the output reads " << bit(ce.got) << " but the strings are "
       << (ce.expected ? "equal so far" : "no longer equal") << ", so it should read "
       << bit(ce.expected) << ".";
  if (!binary(g)) line << " (y = " << report::num(ce.got_value) << ".)";
  s.blocks.push_back(std::move(line));
  s.blocks.push_back(trace_table(ce.trace, g));
  return s;
}

// The product machine of a binary network with "equal so far", and its verdict.
report::Section proof_section(const core::RnnNetwork& net, const core::RnnFsmProof& proof) {
  const RnnActivation g = net.activation;
  report::Section s{"Every length: the product machine", {}};
  s.blocks.push_back(Text("Under ")
                     << (g == RnnActivation::kStep ? "step" : "step_ge")
                     << " every h and y is 0 or 1, so the network is a finite-state machine whose "
                        "state is y. Pair it with the two-state machine \"equal so far\" (the "
                        "product construction): a state is (y, equal so far). A breadth-first "
                        "search from the start "
                     << state_formula(net.weights.y0, true, g)
                     << " over the four inputs finds every reachable state and transition; the "
                        "network is right for every length exactly when every reachable "
                        "transition outputs 1 if and only if it stays equal.");
  report::Table states{
      {"state", "y", "equal so far", "first reached at t"}, {}, "reachable states"};
  for (std::size_t i = 0; i < proof.states.size(); ++i) {
    const core::RnnState& st = proof.states[i];
    states.rows.push_back({report::integer(static_cast<std::int64_t>(i)),
                           i == 0 ? report::num(st.y) : activation_value(st.y, g), yes_no(st.equal),
                           report::integer(st.depth)});
  }
  s.blocks.push_back(std::move(states));
  report::Table transitions{
      {"from", "x", "v·h + r·y + c", "y'", "to", "expected", "right"}, {}, ""};
  for (const core::RnnTransition& tr : proof.transitions) {
    transitions.rows.push_back({report::integer(tr.from), input_pair(tr.input), report::num(tr.pre),
                                bit(tr.got), report::integer(tr.to), bit(tr.expected),
                                yes_no(tr.ok)});
  }
  s.blocks.push_back(std::move(transitions));
  Text verdict;
  if (proof.ok) {
    bool one = false;
    bool zero = false;
    for (const core::RnnState& st : proof.states) {
      one = one || (st.y == 1 && st.equal);
      zero = zero || (st.y == 0 && !st.equal);
    }
    verdict << "Every reachable transition is right, and no new state appears after t = "
            << report::integer(proof.depth - 1)
            << ": by induction on t, y_t = 1 exactly when the strings are equal so far, for every "
               "length.";
    if (one && zero) {
      verdict << " Both states of a right network are reached (y = 1 while equal, y = 0 after a "
                 "mismatch), so every transition a long string can take was checked.";
    }
    verdict << " Least |pre-activation| over the reachable cases: "
            << report::num(proof.min_abs_preactivation) << ".";
  } else {
    verdict << "Some reachable transitions are wrong (marked no); the first one found gives the "
               "shortest counterexample below. A binary network that fails, fails by t = 2: both "
               "states occur at t = 1 when t = 1 is right.";
  }
  s.blocks.push_back(std::move(verdict));
  return s;
}

Formula condition_state(const core::RnnCondition& c, RnnActivation g) {
  if (c.kind == core::RnnCondition::Kind::kBitCheck) return in_text("bit check");
  return state_formula(c.y_prev, c.equal_prev, g);
}

// The inequalities a right binary network satisfies, with their values.
report::Section conditions_section(const core::RnnNetwork& net,
                                   const std::vector<core::RnnCondition>& conditions) {
  const RnnActivation g = net.activation;
  report::Section s{"The inequalities the weights must satisfy", {}};
  s.blocks.push_back(Text("In a right network the reachable states are the start, (y = 1, equal "
                          "so far) and (y = 0, mismatch seen), so y is right for every length "
                          "exactly when each row of the recurrence below holds; the bit check "
                          "is right exactly when its four rows hold. A unit fires when ")
                     << fires_word(g) << ".");
  report::Table table{{"case", "x", "pre-activation", "must be", "value", "holds"}, {}, ""};
  for (const core::RnnCondition& c : conditions) {
    Formula pre = c.kind == core::RnnCondition::Kind::kBitCheck
                      ? report::tex("v·h + c_0", "v \\cdot h + c_0")
                      : report::tex("v·h + r·", "v \\cdot h + r \\cdot ") + report::num(c.y_prev) +
                            report::raw(" + c");
    table.rows.push_back({condition_state(c, g), input_pair(c.input), pre,
                          requirement(c.must_fire, g), report::num(c.pre), yes_no(c.holds)});
  }
  s.blocks.push_back(std::move(table));
  return s;
}

Formula param_formula(const core::RnnFix& fix) {
  switch (fix.param) {
    case core::RnnFix::Param::kB:
      return report::sub(report::raw("b"), report::integer(fix.index + 1));
    case core::RnnFix::Param::kV:
      return report::sub(report::raw("v"), report::integer(fix.index + 1));
    case core::RnnFix::Param::kC0:
      return report::sub(report::raw("c"), report::integer(0));
    case core::RnnFix::Param::kR:
      return report::raw("r");
    case core::RnnFix::Param::kC:
      return report::raw("c");
  }
  return {};
}

std::string param_pointer(const core::RnnFix& fix) {
  switch (fix.param) {
    case core::RnnFix::Param::kB:
      return "/weights/b/" + std::to_string(fix.index);
    case core::RnnFix::Param::kV:
      return "/weights/v/" + std::to_string(fix.index);
    case core::RnnFix::Param::kC0:
      return "/weights/c0";
    case core::RnnFix::Param::kR:
      return "/weights/r";
    case core::RnnFix::Param::kC:
      return "/weights/c";
  }
  return "";
}

json interval_json(double lo, double hi, bool lo_closed, bool hi_closed) {
  return {{"lo", std::isinf(lo) ? json(nullptr) : json(lo)},
          {"hi", std::isinf(hi) ? json(nullptr) : json(hi)},
          {"lo_closed", lo_closed},
          {"hi_closed", hi_closed}};
}

// One fix in words a student can act on.
Text fix_text(const core::RnnFix& fix, const core::RnnRepair& repair, RnnActivation g) {
  Text line;
  const Formula p = param_formula(fix);
  if (fix.param == core::RnnFix::Param::kB) {
    const int k = fix.differing_input;
    const bool lets_through = core::rnn_mask_bit(fix.old_mask, k);
    line << h_sub(fix.index) << " computes " << in_text(core::rnn_gate_name(fix.old_mask))
         << ", not " << in_text(core::rnn_gate_name(fix.new_mask)) << ": "
         << p + report::eq() + report::num(fix.old_value) << (lets_through ? " lets " : " blocks ")
         << input_pair(k) << (lets_through ? " through" : "") << "; any " << p << " in "
         << interval(fix.lo, fix.hi, fix.lo_closed, fix.hi_closed) << " works (say "
         << report::num(fix.new_value) << ").";
    return line;
  }
  line << p + report::eq() + report::num(fix.old_value) << ": ";
  if (fix.failing_condition >= 0) {
    const core::RnnCondition& c =
        repair.conditions_before[static_cast<std::size_t>(fix.failing_condition)];
    if (c.kind == core::RnnCondition::Kind::kBitCheck) {
      line << "the bit check on " << input_pair(c.input) << " gives "
           << report::tex("v·h + c_0 = ", "v \\cdot h + c_0 = ") + report::num(c.pre);
    } else {
      line << "from " << state_formula(c.y_prev, c.equal_prev, g) << " the pair "
           << input_pair(c.input) << " gives "
           << report::tex("v·h + r·y + c = ", "v \\cdot h + r y + c = ") + report::num(c.pre);
    }
    line << ", which must be " << requirement(c.must_fire, g);
    bool hidden_fixed = false;
    for (const core::RnnFix& f : repair.fixes)
      hidden_fixed = hidden_fixed || f.param == core::RnnFix::Param::kB;
    if (hidden_fixed) line << " (with the hidden units fixed)";
  } else {
    line << "it has to move together with the other changes";
  }
  line << "; any " << p << " in " << interval(fix.lo, fix.hi, fix.lo_closed, fix.hi_closed)
       << " works (say " << report::num(fix.new_value) << ").";
  return line;
}

json repair_json(const core::RnnRepair& repair) {
  json fixes = json::array();
  for (const core::RnnFix& fix : repair.fixes) {
    json f = {{"pointer", param_pointer(fix)},
              {"from", fix.old_value},
              {"to", fix.new_value},
              {"interval", interval_json(fix.lo, fix.hi, fix.lo_closed, fix.hi_closed)}};
    if (fix.param == core::RnnFix::Param::kB) {
      f["computes"] = core::rnn_gate_name(fix.old_mask);
      f["should_compute"] = core::rnn_gate_name(fix.new_mask);
    }
    fixes.push_back(std::move(f));
  }
  return {{"fixes", std::move(fixes)}, {"weights", weights_json(repair.repaired)}};
}

report::Section repair_section(const core::RnnNetwork& net, const core::RnnRepair& repair) {
  report::Section s{"How to fix it", {}};
  s.blocks.push_back(
      Text("The fewest changes that make these weights right (W and y0 kept; a "
           "changed bias counts 1, a changed weight 2). Each interval holds the "
           "other parameters at their repaired values:"));
  for (const core::RnnFix& fix : repair.fixes)
    s.blocks.push_back(fix_text(fix, repair, net.activation));
  report::Table table{{"parameter", "was", "now", "any value in"}, {}, ""};
  for (const core::RnnFix& fix : repair.fixes) {
    table.rows.push_back({param_formula(fix), report::num(fix.old_value),
                          report::num(fix.new_value),
                          interval(fix.lo, fix.hi, fix.lo_closed, fix.hi_closed)});
  }
  s.blocks.push_back(std::move(table));
  s.blocks.push_back(
      Text("With these values the product-machine proof and the bit check both "
           "pass (checked)."));
  return s;
}

report::Section exhaustive_section(const core::RnnExhaustive& ex, bool found) {
  report::Section s{"Every pair up to length " + std::to_string(ex.max_length), {}};
  Text line;
  line << "Under sigmoid, y is a real number carried to the next step, so the network is not a "
          "finite-state machine. hw4 ran every pair of strings of length 1 to "
       << report::integer(ex.max_length)
       << ", depth first with shared prefixes: one step per prefix, "
       << report::integer(static_cast<std::int64_t>(ex.sequences)) << " steps in all ("
       << report::tex("Σ_t 4^t", "\\sum_t 4^t");
  line << (found ? ", up to the first shortest counterexample). " : "). ");
  line << "The output closest to the threshold was "
       << report::tex("|y − 0.5| = ", "|y - 0.5| = ") + report::num(ex.min_abs_y_minus_half) << ".";
  s.blocks.push_back(std::move(line));
  return s;
}

report::Section interval_section(const core::RnnIntervalProof& p) {
  report::Section s{"Every length: reachable intervals", {}};
  s.blocks.push_back(
      Text("Each step y -> g(u_x + r·y + c) is monotone in y, so it maps an "
           "interval to the interval between the images of its ends. Starting "
           "from y0, grow the interval of y reachable while the strings are equal "
           "(inputs (0,0), (1,1)) until the steps map it into itself, then the "
           "interval reachable after a mismatch (any input). When the first lies "
           "above 0.5 and the second below, every length is right."));
  s.blocks.push_back(report::Step{
      "equal so far",
      report::tex("y ∈ ", "y \\in ") + interval(p.equal_lo, p.equal_hi, true, true),
      {},
      {},
      Text(p.equal_closed ? "closed under (0,0) and (1,1)" : "no closed interval found")});
  if (p.equal_closed) {
    s.blocks.push_back(report::Step{
        "after a mismatch",
        report::tex("y ∈ ", "y \\in ") + interval(p.unequal_lo, p.unequal_hi, true, true),
        {},
        {},
        Text(p.unequal_closed ? "closed under all four inputs" : "no closed interval found")});
  }
  Text verdict;
  if (p.proved) {
    verdict << "Both intervals are closed and lie on the right sides of 0.5 (margin "
            << report::num(p.margin)
            << "): the network is right for every length. Least |pre-activation| over the "
               "reachable cases: "
            << report::num(p.min_abs_preactivation) << ".";
  } else if (!p.equal_closed || !p.unequal_closed) {
    verdict << "The intervals did not close, so no all-lengths proof by intervals; the verdict "
               "rests on the exhaustive check.";
  } else {
    verdict << "The intervals close but do not stay on the right sides of 0.5 (margin "
            << report::num(p.margin)
            << "), so no all-lengths proof by intervals; the verdict rests on the exhaustive "
               "check.";
  }
  s.blocks.push_back(std::move(verdict));
  return s;
}

json hidden_json(const core::RnnHiddenTable& t) {
  json out = json::array();
  for (std::size_t i = 0; i < t.masks.size(); ++i) {
    json truth = json::array();
    for (int k = 0; k < 4; ++k) truth.push_back(core::rnn_mask_bit(t.masks[i], k) ? 1 : 0);
    out.push_back(
        {{"unit", i + 1}, {"computes", core::rnn_gate_name(t.masks[i])}, {"truth", truth}});
  }
  return out;
}

json bit_check_json(const core::RnnBitCheck& check, RnnActivation g) {
  json table = json::array();
  for (const core::RnnBitRow& row : check.rows) {
    table.push_back({{"a", row.a},
                     {"b", row.b},
                     {"h", vector_json(row.h, g)},
                     {"pre", row.pre},
                     {"e", value_json(row.e, g)},
                     {"read", row.read},
                     {"expected", row.expected}});
  }
  return {{"correct", check.correct}, {"table", std::move(table)}};
}

}  // namespace

const char* rnn_activation_name(RnnActivation g) {
  switch (g) {
    case RnnActivation::kStep:
      return "step";
    case RnnActivation::kStepGe:
      return "step_ge";
    case RnnActivation::kSigmoid:
      return "sigmoid";
  }
  return "";
}

report::Answer rnn_equal_run(const core::RnnNetwork& net, const core::RnnRun& run) {
  const RnnActivation g = net.activation;
  report::Answer answer;
  json outputs = json::array();
  json values = json::array();
  for (const core::RnnRunStep& s : run.steps) {
    outputs.push_back(s.output);
    values.push_back(s.y);
  }
  answer.result = {{"trace", trace_json(run, g)},
                   {"outputs", outputs},
                   {"correct", run.correct},
                   {"first_wrong", run.correct ? json(nullptr) : json(run.first_wrong)},
                   {"min_abs_preactivation", run.min_abs_preactivation}};
  if (!binary(g)) answer.result["outputs_values"] = values;
  answer.negative = !run.correct;
  answer.report.title = "The equality RNN on a given pair of strings";
  answer.report.sections.push_back(network_section(net));
  report::Section trace{"The run", {}};
  std::vector<int> a;
  std::vector<int> b;
  for (const core::RnnRunStep& s : run.steps) {
    a.push_back(s.a);
    b.push_back(s.b);
  }
  trace.blocks.push_back(Text("a = ")
                         << bits(a) << ", b = " << bits(b) << ", starting from "
                         << report::tex("y_0 = ", "y_0 = ") + report::num(net.weights.y0)
                         << ". Each step computes h_t from the pair, then "
                         << report::tex("y_t = g(v·h_t + r·y_{t−1} + c)",
                                        "y_t = g(v \\cdot h_t + r\\, y_{t-1} + c)")
                         << ":");
  trace.blocks.push_back(trace_table(run, g));
  Text verdict;
  if (run.correct) {
    verdict << "Every output is right.";
  } else {
    verdict << "The output is first wrong at t = " << report::integer(run.first_wrong) << ".";
  }
  verdict << " Least |pre-activation| of any unit on this run: "
          << report::num(run.min_abs_preactivation) << ".";
  trace.blocks.push_back(std::move(verdict));
  answer.report.sections.push_back(std::move(trace));
  return answer;
}

report::Answer rnn_equal_verify(const core::RnnNetwork& net, const core::RnnVerification& v) {
  const RnnActivation g = net.activation;
  report::Answer answer;
  json& r = answer.result;
  r["verified"] = v.verified;
  r["bit_check"] = bit_check_json(v.bit_check, g);
  r["method"] = v.method == core::RnnMethod::kProof ? "proof" : "exhaustive";
  r["counterexample"] =
      v.counterexample ? counterexample_json(*v.counterexample, g) : json(nullptr);
  r["all_lengths"] = v.all_lengths;
  r["hidden"] = hidden_json(v.hidden);
  if (v.proof) {
    json states = json::array();
    for (const core::RnnState& s : v.proof->states) {
      states.push_back({{"y", s.y}, {"equal", s.equal}, {"t", s.depth}});
    }
    r["proof"] = {{"states", std::move(states)},
                  {"transitions", v.proof->transitions.size()},
                  {"min_abs_preactivation", v.proof->min_abs_preactivation}};
    json conditions = json::array();
    for (const core::RnnCondition& c : v.conditions) {
      json item = {
          {"kind", c.kind == core::RnnCondition::Kind::kBitCheck ? "bit_check" : "recurrence"},
          {"x", {core::kRnnInputs[c.input][0], core::kRnnInputs[c.input][1]}},
          {"pre", c.pre},
          {"must_fire", c.must_fire},
          {"holds", c.holds}};
      if (c.kind == core::RnnCondition::Kind::kRecurrence) {
        item["y_prev"] = c.y_prev;
        item["equal_prev"] = c.equal_prev;
      }
      conditions.push_back(std::move(item));
    }
    r["conditions"] = std::move(conditions);
    r["repair"] = v.repair ? repair_json(*v.repair) : json(nullptr);
  }
  if (v.exhaustive) {
    r["exhaustive"] = {{"max_length", v.exhaustive->max_length},
                       {"sequences", v.exhaustive->sequences},
                       {"min_abs_y_minus_half", v.exhaustive->min_abs_y_minus_half}};
  }
  if (v.intervals) {
    const core::RnnIntervalProof& p = *v.intervals;
    r["intervals"] = {
        {"proved", p.proved},
        {"equal", p.equal_closed ? json({p.equal_lo, p.equal_hi}) : json(nullptr)},
        {"unequal", p.unequal_closed ? json({p.unequal_lo, p.unequal_hi}) : json(nullptr)},
        {"margin", p.margin}};
    if (p.proved) r["intervals"]["min_abs_preactivation"] = p.min_abs_preactivation;
  }
  answer.negative = !v.verified || !v.bit_check.correct;

  answer.report.title = "Does the RNN tell whether two strings are equal so far?";
  answer.report.sections.push_back(network_section(net));
  answer.report.sections.push_back(hidden_section(net, v.hidden));
  answer.report.sections.push_back(bit_check_section(net, v.bit_check));
  if (v.proof) {
    answer.report.sections.push_back(proof_section(net, *v.proof));
    answer.report.sections.push_back(conditions_section(net, v.conditions));
  }
  if (v.exhaustive) {
    answer.report.sections.push_back(
        exhaustive_section(*v.exhaustive, v.counterexample.has_value()));
  }
  if (v.intervals) answer.report.sections.push_back(interval_section(*v.intervals));
  if (v.counterexample)
    answer.report.sections.push_back(counterexample_section(*v.counterexample, g));

  report::Section verdict{"Verdict", {}};
  Text line;
  if (v.verified && v.bit_check.correct) {
    if (v.all_lengths) {
      line << "Right for every length, and the bit check is right.";
    } else {
      line << "Right for every pair up to length "
           << report::integer(v.exhaustive ? v.exhaustive->max_length : 0)
           << ", and the bit check is right; no proof covers longer strings.";
    }
  } else {
    line << (v.verified
                 ? (v.all_lengths ? "y is right for every length, but the bit check is wrong."
                                  : "y is right up to the length checked, but the bit "
                                    "check is wrong.")
                 : "Wrong: see the counterexample.");
  }
  verdict.blocks.push_back(std::move(line));
  if (v.right_as_step || v.saturating_scale) {
    Text hint;
    if (v.right_as_step) {
      hint << (*v.right_as_step ? "With step activations these weights are right"
                                : "With step activations these weights are wrong too");
      hint << (v.saturating_scale ? "; " : ".");
    }
    if (v.saturating_scale) {
      hint << "multiplied by " << report::num(*v.saturating_scale)
           << " they are provably right under sigmoid for every length (larger weights saturate "
              "the sigmoid towards a step).";
    }
    verdict.blocks.push_back(std::move(hint));
    r["right_as_step"] = v.right_as_step ? json(*v.right_as_step) : json(nullptr);
    r["saturating_scale"] = v.saturating_scale ? json(*v.saturating_scale) : json(nullptr);
  }
  answer.report.sections.push_back(std::move(verdict));
  if (v.repair) answer.report.sections.push_back(repair_section(net, *v.repair));
  if (binary(g) && answer.negative && !v.repair) {
    report::Section none{"How to fix it", {}};
    none.blocks.push_back(
        Text("No change of biases and output weights alone (W kept) makes these "
             "weights right, or the hidden layer has more than 3 units; "
             "`hw4 rnn-equal solve` designs a working set."));
    answer.report.sections.push_back(std::move(none));
  }
  return answer;
}

report::Answer rnn_equal_solve(RnnActivation g, const core::RnnBounds& bounds,
                               const core::RnnSolution& s) {
  report::Answer answer;
  answer.result = {{"weights", weights_json(s.weights)},
                   {"margin", s.margin},
                   {"activation", rnn_activation_name(g)},
                   {"lp_margin", s.lp_margin},
                   {"hidden", {core::rnn_gate_name(s.masks[0]), core::rnn_gate_name(s.masks[1])}},
                   {"designs", {{"tried", s.designs_tried}, {"feasible", s.designs_feasible}}},
                   {"bounds",
                    {{"W", bounds.W},
                     {"b", bounds.b},
                     {"v", bounds.v},
                     {"c0", bounds.c0},
                     {"r", bounds.r},
                     {"c", bounds.c}}},
                   {"verified", s.verification.verified && s.verification.bit_check.correct},
                   {"all_lengths", s.verification.all_lengths}};
  answer.negative = !(s.verification.verified && s.verification.bit_check.correct);

  answer.report.title = "Maximum-margin weights for the equality RNN";
  report::Section design{"The linear program", {}};
  design.blocks.push_back(
      Text("With two hidden threshold units, each computes a Boolean function of (a, b) that one "
           "perceptron can compute (14 of the 16: not XOR, not XNOR). Fix a pair of such "
           "functions and every pre-activation's required sign is known: each hidden unit on the "
           "four inputs, the bit check on the four inputs, and the output from the states a "
           "right network reaches (y = 1 while equal, y = 0 after a mismatch, and the start). "
           "Each is linear in the weights, so the largest margin is a linear program:")
      << " maximise " << report::tex("δ", "\\delta") << " subject to "
      << report::tex("z ≥ δ", "z \\ge \\delta") << " where a unit must fire, "
      << report::tex("z ≤ −δ", "z \\le -\\delta") << " where it must not, and "
      << report::tex("|W| ≤ ", "|W| \\le ") + report::num(bounds.W) << ", "
      << report::tex("|b| ≤ ", "|b| \\le ") + report::num(bounds.b) << ", "
      << report::tex("|v| ≤ ", "|v| \\le ") + report::num(bounds.v) << ", "
      << report::tex("|c_0| ≤ ", "|c_0| \\le ") + report::num(bounds.c0) << ", "
      << report::tex("|r| ≤ ", "|r| \\le ") + report::num(bounds.r) << ", "
      << report::tex("|c| ≤ ", "|c| \\le ") + report::num(bounds.c)
      << " (GLPK's simplex). hw4 solves it for all " << report::integer(s.designs_tried)
      << " unordered pairs; " << report::integer(s.designs_feasible)
      << " are feasible, and the best is " << h_sub(0) << " = "
      << in_text(core::rnn_gate_name(s.masks[0])) << ", " << h_sub(1) << " = "
      << in_text(core::rnn_gate_name(s.masks[1])) << " with "
      << report::tex("δ = ", "\\delta = ") + report::num(s.lp_margin) << ".");
  answer.report.sections.push_back(std::move(design));

  const core::RnnNetwork net{s.weights, g};
  answer.report.sections.push_back(network_section(net));
  answer.report.sections.push_back(hidden_section(net, s.verification.hidden));
  answer.report.sections.push_back(bit_check_section(net, s.verification.bit_check));
  if (s.verification.proof) {
    answer.report.sections.push_back(proof_section(net, *s.verification.proof));
    answer.report.sections.push_back(conditions_section(net, s.verification.conditions));
  }
  if (s.verification.exhaustive) {
    answer.report.sections.push_back(exhaustive_section(*s.verification.exhaustive, false));
  }
  if (s.verification.intervals)
    answer.report.sections.push_back(interval_section(*s.verification.intervals));
  report::Section margin{"Margin", {}};
  margin.blocks.push_back(report::Step{
      "margin",
      report::tex("min |pre-activation| over every reachable case",
                  "\\min |\\text{pre-activation}| \\text{ over every reachable case}"),
      {},
      s.margin,
      Text(binary(g) ? "the linear program's optimum"
                     : "over the reachable intervals under sigmoid; the step design's margin "
                       "was the LP optimum")});
  answer.report.sections.push_back(std::move(margin));
  return answer;
}

}  // namespace hw4::derive
