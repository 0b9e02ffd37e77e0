// The nearest repair of a wrong binary RNN: which hidden functions to aim for, which biases and
// output weights to change, and the interval of values that works for each.
#include <algorithm>
#include <bit>
#include <cmath>

#include "core/rnn_lp.h"
#include "hw4/core/rnn.h"

namespace hw4::core {
namespace {

using rnn_lp::kInf;
constexpr double kFeasible = 1e-7;  // an LP margin above this is a strict solution
constexpr int kMaxRepairHidden = 3;

// The functions a unit with fixed input weights can compute by moving its bias alone: the sets
// of inputs whose w·x lies above a threshold.
std::vector<std::uint8_t> bias_family(const Eigen::RowVectorXd& w) {
  std::array<double, 4> s{};
  for (int k = 0; k < 4; ++k) s[k] = w(0) * kRnnInputs[k][0] + w(1) * kRnnInputs[k][1];
  std::vector<std::uint8_t> family{15};
  for (double theta : s) {
    std::uint8_t mask = 0;
    for (int k = 0; k < 4; ++k) {
      if (s[k] > theta) mask |= std::uint8_t(1u << k);
    }
    if (std::find(family.begin(), family.end(), mask) == family.end()) family.push_back(mask);
  }
  return family;
}

// A value people would write inside (lo, hi): the coarsest round number near the middle.
double simple_value_inside(double lo, double hi) {
  double target = 0;
  double from = 0;
  double to = 0;
  if (std::isinf(lo) && std::isinf(hi)) return 0;
  if (std::isinf(hi)) {
    target = lo + 1;
    from = lo + 0.5;
    to = lo + 2;
  } else if (std::isinf(lo)) {
    target = hi - 1;
    from = hi - 2;
    to = hi - 0.5;
  } else {
    const double width = hi - lo;
    target = (lo + hi) / 2;
    from = lo + width / 4;
    to = hi - width / 4;
  }
  for (double g : {1.0, 0.5, 0.25, 0.1, 0.05, 0.01, 1e-3, 1e-4, 1e-5, 1e-6}) {
    const double near = std::round(target / g) * g;
    double best = kInf;
    for (double cand : {near, near - g, near + g}) {
      if (cand >= from && cand <= to && cand > lo && cand < hi &&
          std::abs(cand - target) < std::abs(best - target)) {
        best = cand;
      }
    }
    if (best != kInf) return best == 0 ? 0.0 : best;
  }
  return target;
}

// The output parameters in the order fixes are listed: v_1..v_H, c0, r, c.
struct OutputParams {
  int units = 0;
  int count() const { return units + 3; }
  int c0() const { return units; }
  int r() const { return units + 1; }
  int c() const { return units + 2; }
  // A misplaced threshold is the usual slip and the weights carry the design, so a changed
  // weight counts as two changed biases: the repair keeps what the student evidently meant.
  double cost(int j) const { return (j == c0() || j == c()) ? 1.0 : 2.0; }
};

// The conditions of a right network as LP rows over the output parameters, for hidden
// functions `masks` and the start y0.
std::vector<rnn_lp::Row> output_rows(const std::vector<std::uint8_t>& masks, double y0,
                                     const OutputParams& op) {
  rnn_lp::OutputLayout layout;
  for (int i = 0; i < op.units; ++i) layout.v.push_back(static_cast<std::size_t>(i));
  layout.c0 = static_cast<std::size_t>(op.c0());
  layout.r = static_cast<std::size_t>(op.r());
  layout.c = static_cast<std::size_t>(op.c());
  layout.variables = static_cast<std::size_t>(op.count());
  return rnn_lp::output_rows(masks, y0, layout);
}

std::vector<double> output_values(const RnnWeights& w) {
  std::vector<double> p(w.v.data(), w.v.data() + w.v.size());
  p.push_back(w.c0);
  p.push_back(w.r);
  p.push_back(w.c);
  return p;
}

// The exact interval of parameter j that satisfies every row, the others held at `p`.
void exact_interval(const std::vector<rnn_lp::Row>& rows, const std::vector<double>& p,
                    std::size_t j, RnnActivation g, RnnFix* fix) {
  fix->lo = -kInf;
  fix->hi = kInf;
  fix->lo_closed = fix->hi_closed = false;
  for (const rnn_lp::Row& row : rows) {
    const double beta = row.coef[j];
    if (beta == 0) continue;
    double alpha = row.constant;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (i != j) alpha += row.coef[i] * p[i];
    }
    const double at = -alpha / beta + 0.0;  // no "-0" in messages
    // Firing needs pre > 0 (step) or >= 0 (step_ge); not firing the complement.
    const bool closed = (g == RnnActivation::kStepGe) == row.must_fire;
    const bool lower = (beta > 0) == row.must_fire;  // the row bounds p from below
    if (lower) {
      if (at > fix->lo || (at == fix->lo && !closed)) {
        fix->lo = at;
        fix->lo_closed = closed;
      }
    } else if (at < fix->hi || (at == fix->hi && !closed)) {
      fix->hi = at;
      fix->hi_closed = closed;
    }
  }
}

}  // namespace

std::optional<RnnRepair> rnn_repair(const RnnNetwork& net) {
  const RnnWeights& w = net.weights;
  const int units = static_cast<int>(w.W.rows());
  if (units == 0 || units > kMaxRepairHidden || net.activation == RnnActivation::kSigmoid) {
    return std::nullopt;
  }
  const RnnHiddenTable table = rnn_hidden_table(net);
  const OutputParams op{units};
  const std::vector<double> current = output_values(w);
  double scale = 10;
  for (double x : current) scale = std::max(scale, 10 * std::abs(x));

  // Every combination of hidden functions reachable by biases alone, fewest changes first.
  std::vector<std::vector<std::uint8_t>> families;
  families.reserve(static_cast<std::size_t>(units));
  for (int i = 0; i < units; ++i) families.push_back(bias_family(w.W.row(i)));
  std::vector<std::vector<std::uint8_t>> combos{{}};
  for (const auto& family : families) {
    std::vector<std::vector<std::uint8_t>> next;
    for (const auto& combo : combos) {
      for (std::uint8_t m : family) {
        next.push_back(combo);
        next.back().push_back(m);
      }
    }
    combos = std::move(next);
  }
  auto hidden_cost = [&](const std::vector<std::uint8_t>& combo) {
    int n = 0;
    for (int i = 0; i < units; ++i)
      n += combo[static_cast<std::size_t>(i)] != table.masks[static_cast<std::size_t>(i)];
    return n;
  };
  std::stable_sort(combos.begin(), combos.end(),
                   [&](const auto& x, const auto& y) { return hidden_cost(x) < hidden_cost(y); });
  std::vector<unsigned> subsets;
  for (unsigned s = 0; s < (1u << op.count()); ++s) subsets.push_back(s);
  auto subset_cost = [&](unsigned s) {
    double cost = 0;
    for (int j = 0; j < op.count(); ++j) {
      if ((s >> j) & 1u) cost += op.cost(j);
    }
    return cost;
  };
  std::stable_sort(subsets.begin(), subsets.end(),
                   [&](unsigned x, unsigned y) { return subset_cost(x) < subset_cost(y) - 1e-12; });

  double best_cost = kInf;
  std::vector<std::uint8_t> best_masks;
  unsigned best_subset = 0;
  std::vector<double> best_values;
  for (const auto& combo : combos) {
    const double hc = hidden_cost(combo);
    if (hc >= best_cost - 1e-12) break;
    const std::vector<rnn_lp::Row> rows = output_rows(combo, w.y0, op);
    std::vector<double> lo(current.size(), -scale);
    std::vector<double> hi(current.size(), scale);
    const auto all_free = rnn_lp::max_margin(rows, lo, hi, 1.0);
    if (!all_free || all_free->delta <= kFeasible) continue;
    for (unsigned s : subsets) {
      const double total = hc + subset_cost(s);
      if (total >= best_cost - 1e-12) break;
      for (int j = 0; j < op.count(); ++j) {
        const auto idx = static_cast<std::size_t>(j);
        const bool free = ((s >> j) & 1u) != 0;
        lo[idx] = free ? -scale : current[idx];
        hi[idx] = free ? scale : current[idx];
      }
      const auto sol = rnn_lp::max_margin(rows, lo, hi, 1.0);
      if (sol && sol->delta > kFeasible) {
        best_cost = total;
        best_masks = combo;
        best_subset = s;
        best_values = sol->p;
        for (int j = 0; j < op.count(); ++j) {
          if (((s >> j) & 1u) == 0)
            best_values[static_cast<std::size_t>(j)] = current[static_cast<std::size_t>(j)];
        }
        break;
      }
    }
  }
  if (best_cost == kInf) return std::nullopt;

  RnnRepair repair;
  repair.target_masks = best_masks;
  repair.repaired = w;
  for (int i = 0; i < units; ++i) {
    const std::uint8_t from = table.masks[static_cast<std::size_t>(i)];
    const std::uint8_t to = best_masks[static_cast<std::size_t>(i)];
    if (from == to) continue;
    RnnFix fix;
    fix.param = RnnFix::Param::kB;
    fix.index = i;
    fix.old_value = w.b(i);
    fix.old_mask = from;
    fix.new_mask = to;
    // Unit i fires on input k iff s_k + b > 0 (>= 0 under step_ge), s_k = W_i·x_k.
    const bool ge = net.activation == RnnActivation::kStepGe;
    fix.lo = -kInf;
    fix.hi = kInf;
    for (int k = 0; k < 4; ++k) {
      const double at = -(w.W(i, 0) * kRnnInputs[k][0] + w.W(i, 1) * kRnnInputs[k][1]);
      if (rnn_mask_bit(to, k)) {
        if (at > fix.lo) fix.lo = at;
      } else if (at < fix.hi) {
        fix.hi = at;
      }
      if (fix.differing_input < 0 && rnn_mask_bit(to, k) != rnn_mask_bit(from, k))
        fix.differing_input = k;
    }
    fix.lo_closed = ge;
    fix.hi_closed = !ge;
    fix.new_value = simple_value_inside(fix.lo, fix.hi);
    repair.repaired.b(i) = fix.new_value;
    repair.fixes.push_back(fix);
  }
  RnnNetwork hidden_fixed{repair.repaired, net.activation};
  repair.conditions_before = rnn_conditions(hidden_fixed);

  // Output parameters one at a time, from the LP's point (every row strictly satisfied): each
  // moves to a round value inside its exact interval, which keeps every row satisfied.
  const std::vector<rnn_lp::Row> rows = output_rows(best_masks, w.y0, op);
  std::vector<double> values = best_values;
  for (int j = 0; j < op.count(); ++j) {
    if (((best_subset >> j) & 1u) == 0) continue;
    const auto idx = static_cast<std::size_t>(j);
    RnnFix fix;
    fix.param = j < units      ? RnnFix::Param::kV
                : j == op.c0() ? RnnFix::Param::kC0
                : j == op.r()  ? RnnFix::Param::kR
                               : RnnFix::Param::kC;
    fix.index = j < units ? j : 0;
    fix.old_value = current[idx];
    exact_interval(rows, values, idx, net.activation, &fix);
    fix.new_value = simple_value_inside(fix.lo, fix.hi);
    values[idx] = fix.new_value;
    // The first condition this parameter enters that fails before the repair.
    for (std::size_t c = 0; c < repair.conditions_before.size() && fix.failing_condition < 0; ++c) {
      if (!repair.conditions_before[c].holds && rows[c].coef[idx] != 0) {
        fix.failing_condition = static_cast<int>(c);
      }
    }
    repair.fixes.push_back(fix);
  }
  for (int i = 0; i < units; ++i) repair.repaired.v(i) = values[static_cast<std::size_t>(i)];
  repair.repaired.c0 = values[static_cast<std::size_t>(op.c0())];
  repair.repaired.r = values[static_cast<std::size_t>(op.r())];
  repair.repaired.c = values[static_cast<std::size_t>(op.c())];

  // The repair must itself verify; anything else is a bug in the search, not advice to give.
  const RnnNetwork fixed{repair.repaired, net.activation};
  if (!rnn_fsm_proof(fixed, nullptr).ok || !rnn_bit_check(fixed).correct) return std::nullopt;
  return repair;
}

}  // namespace hw4::core
