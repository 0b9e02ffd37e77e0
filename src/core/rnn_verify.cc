// Verification of the equality-checking RNN: the product-machine proof for binary activations,
// the exhaustive check with shared prefixes, and the interval proof for sigmoid.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "hw4/core/rnn.h"

namespace hw4::core {
namespace {

// The start of a running minimum: any value seen replaces it.
constexpr double kNoneSeen = std::numeric_limits<double>::infinity();

bool is_binary(RnnActivation g) { return g != RnnActivation::kSigmoid; }

RnnCounterexample make_counterexample(const RnnNetwork& net, const std::vector<int>& inputs) {
  RnnCounterexample ce;
  for (int k : inputs) {
    ce.a.push_back(kRnnInputs[k][0]);
    ce.b.push_back(kRnnInputs[k][1]);
  }
  ce.trace = rnn_run(net, ce.a, ce.b);
  const RnnRunStep& last = ce.trace.steps.back();
  ce.t = last.t;
  ce.got = last.output;
  ce.expected = last.expected;
  ce.got_value = last.y;
  return ce;
}

struct Interval {
  double lo = 0;
  double hi = 0;
};

Interval hull(Interval a, Interval b) { return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)}; }

// One step's map y -> g(u_k + r·y + c) is monotone in y, so an interval's image is the interval
// between its ends' images.
class StepMap {
 public:
  explicit StepMap(const RnnNetwork& net) : net_(net), table_(rnn_hidden_table(net)) {}
  double pre(int k, double y) const { return table_.u[k] + net_.weights.r * y + net_.weights.c; }
  double operator()(int k, double y) const { return rnn_activate(net_.activation, pre(k, y)); }
  Interval image(int k, Interval in) const {
    const double a = (*this)(k, in.lo);
    const double b = (*this)(k, in.hi);
    return {std::min(a, b), std::max(a, b)};
  }
  // The least |pre| over y in the interval: 0 when the pre-activations straddle 0.
  double min_abs_pre(int k, Interval in) const {
    const double a = pre(k, in.lo);
    const double b = pre(k, in.hi);
    if ((a <= 0 && b >= 0) || (a >= 0 && b <= 0)) return 0;
    return std::min(std::abs(a), std::abs(b));
  }
  const RnnHiddenTable& table() const { return table_; }

 private:
  const RnnNetwork& net_;
  RnnHiddenTable table_;
};

// Grows `seed` to the least interval closed (up to convergence) under the maps in `inputs`, then
// widens it until the maps provably send it into itself: each end's image must land strictly
// inside, with room for rounding. Returns false when no widening closes it.
bool close_interval(const StepMap& f, const std::vector<int>& inputs, Interval seed, Interval* out,
                    int* iterations) {
  Interval in = seed;
  int it = 0;
  for (; it < 100'000; ++it) {
    Interval next = in;
    for (int k : inputs) next = hull(next, f.image(k, in));
    const bool settled = next.lo >= in.lo - 1e-16 && next.hi <= in.hi + 1e-16;
    in = next;
    if (settled) break;
  }
  *iterations += it;
  constexpr double kRoom = 1e-15;
  for (double eta : {1e-12, 1e-9, 1e-6, 1e-3}) {
    const Interval wide{in.lo - eta, in.hi + eta};
    bool closed = true;
    for (int k : inputs) {
      const Interval img = f.image(k, wide);
      closed = closed && img.lo > wide.lo + kRoom && img.hi < wide.hi - kRoom;
    }
    if (closed) {
      *out = wide;
      return true;
    }
  }
  *out = in;
  return false;
}

}  // namespace

RnnFsmProof rnn_fsm_proof(const RnnNetwork& net, std::optional<RnnCounterexample>* counterexample) {
  assert(is_binary(net.activation));
  const StepMap f(net);
  RnnFsmProof proof;
  proof.states.push_back({net.weights.y0, true, 0});
  std::vector<std::pair<int, int>> parent{{-1, -1}};  // (state, input) it was first reached by
  int failing_state = -1;
  int failing_input = -1;
  double margin = kNoneSeen;
  for (const auto& pre : f.table().pre) {
    if (pre.size() > 0) margin = std::min(margin, pre.cwiseAbs().minCoeff());
  }
  // Breadth first with inputs in order: states are found in order of their shortest, then
  // lexicographically first, path, so the first failing transition is the first shortest
  // counterexample.
  for (std::size_t i = 0; i < proof.states.size(); ++i) {
    const RnnState from = proof.states[i];
    for (int k = 0; k < 4; ++k) {
      RnnTransition tr;
      tr.from = static_cast<int>(i);
      tr.input = k;
      tr.pre = f.pre(k, from.y);
      tr.y = rnn_activate(net.activation, tr.pre);
      const bool equal = from.equal && rnn_input_equal(k);
      tr.got = rnn_read(net.activation, tr.y);
      tr.expected = equal ? 1 : 0;
      tr.ok = tr.got == tr.expected;
      margin = std::min(margin, std::abs(tr.pre));
      auto found = std::find_if(proof.states.begin(), proof.states.end(),
                                [&](const RnnState& s) { return s.y == tr.y && s.equal == equal; });
      if (found == proof.states.end()) {
        proof.states.push_back({tr.y, equal, from.depth + 1});
        parent.emplace_back(static_cast<int>(i), k);
        found = proof.states.end() - 1;
      }
      tr.to = static_cast<int>(found - proof.states.begin());
      if (!tr.ok && proof.ok) {
        proof.ok = false;
        failing_state = static_cast<int>(i);
        failing_input = k;
      }
      proof.transitions.push_back(tr);
    }
  }
  for (const RnnState& s : proof.states) proof.depth = std::max(proof.depth, s.depth + 1);
  proof.min_abs_preactivation = margin;
  if (counterexample != nullptr) {
    counterexample->reset();
    if (!proof.ok) {
      std::vector<int> inputs{failing_input};
      for (int s = failing_state; parent[static_cast<std::size_t>(s)].first >= 0;
           s = parent[static_cast<std::size_t>(s)].first) {
        inputs.push_back(parent[static_cast<std::size_t>(s)].second);
      }
      std::reverse(inputs.begin(), inputs.end());
      *counterexample = make_counterexample(net, inputs);
    }
  }
  return proof;
}

namespace {

// The depth-first search of rnn_exhaustive for one activation G (a functor, so the hot loop has
// no switch): the four children of a prefix are computed together (they are independent, so
// their exps overlap), then checked and descended into in input order.
template <typename G>
class Search {
 public:
  Search(const std::array<double, 4>& base, double r, int max_length)
      : base_(base), r_(r), limit_(max_length), path_(static_cast<std::size_t>(max_length) + 1) {}

  void visit(int depth, double y, bool equal) {
    std::array<double, 4> pre{};
    std::array<double, 4> next{};
    for (int k = 0; k < 4; ++k) pre[k] = base_[k] + r_ * y;
    for (int k = 0; k < 4; ++k) next[k] = G()(pre[k]);
    for (int k = 0; k < 4 && depth < limit_; ++k) {
      const bool eq = equal && rnn_input_equal(k);
      ++sequences_;
      closest_ = std::min(closest_, std::abs(next[k] - 0.5));
      min_pre_ = std::min(min_pre_, std::abs(pre[k]));
      path_[static_cast<std::size_t>(depth)] = k;
      if ((next[k] > 0.5) != eq) {
        // Only a shorter counterexample can improve on this one, and the first found at each
        // length is the lexicographically first there.
        best_.assign(path_.begin(), path_.begin() + depth + 1);
        limit_ = depth;
        return;
      }
      if (depth + 1 < limit_) visit(depth + 1, next[k], eq);
    }
  }

  std::uint64_t sequences_ = 0;
  double closest_ = kNoneSeen;
  double min_pre_ = kNoneSeen;
  std::vector<int> best_;

 private:
  std::array<double, 4> base_;
  double r_;
  int limit_;
  std::vector<int> path_;
};

struct StepG {
  double operator()(double z) const { return z > 0 ? 1.0 : 0.0; }
};
struct StepGeG {
  double operator()(double z) const { return z >= 0 ? 1.0 : 0.0; }
};
struct SigmoidG {
  double operator()(double z) const { return 1.0 / (1.0 + std::exp(-z)); }
};

template <typename G>
void run_search(const std::array<double, 4>& base, const RnnWeights& w, int max_length,
                RnnExhaustive* ex, std::vector<int>* best) {
  Search<G> search(base, w.r, max_length);
  if (max_length >= 1) search.visit(0, w.y0, true);
  ex->sequences = search.sequences_;
  ex->min_abs_y_minus_half = search.closest_ == kNoneSeen ? 0 : search.closest_;
  ex->min_abs_preactivation = search.min_pre_ == kNoneSeen ? 0 : search.min_pre_;
  *best = std::move(search.best_);
}

}  // namespace

RnnExhaustive rnn_exhaustive(const RnnNetwork& net, int max_length,
                             std::optional<RnnCounterexample>* counterexample) {
  const RnnHiddenTable table = rnn_hidden_table(net);
  const RnnWeights& w = net.weights;
  const std::array<double, 4> base{table.u[0] + w.c, table.u[1] + w.c, table.u[2] + w.c,
                                   table.u[3] + w.c};
  RnnExhaustive ex;
  ex.max_length = max_length;
  std::vector<int> best;
  // Depth first in the order of kRnnInputs, one step per prefix: Σ 4^t steps, not t·4^t.
  switch (net.activation) {
    case RnnActivation::kStep:
      run_search<StepG>(base, w, max_length, &ex, &best);
      break;
    case RnnActivation::kStepGe:
      run_search<StepGeG>(base, w, max_length, &ex, &best);
      break;
    case RnnActivation::kSigmoid:
      run_search<SigmoidG>(base, w, max_length, &ex, &best);
      break;
  }
  ex.searched_length = best.empty() ? max_length : static_cast<int>(best.size());
  if (counterexample != nullptr) {
    counterexample->reset();
    if (!best.empty()) *counterexample = make_counterexample(net, best);
  }
  return ex;
}

RnnIntervalProof rnn_interval_proof(const RnnNetwork& net) {
  const StepMap f(net);
  const double y0 = net.weights.y0;
  RnnIntervalProof proof;
  Interval equal{};
  const Interval start{y0, y0};
  proof.equal_closed = close_interval(f, {0, 3}, hull(f.image(0, start), f.image(3, start)), &equal,
                                      &proof.iterations);
  proof.equal_lo = equal.lo;
  proof.equal_hi = equal.hi;
  proof.margin = equal.lo - 0.5;
  if (!proof.equal_closed) return proof;
  // A mismatch can come first (from y0) or after any equal prefix (from the equal interval).
  const Interval before = hull(start, equal);
  Interval unequal{};
  proof.unequal_closed = close_interval(
      f, {0, 1, 2, 3}, hull(f.image(1, before), f.image(2, before)), &unequal, &proof.iterations);
  proof.unequal_lo = unequal.lo;
  proof.unequal_hi = unequal.hi;
  proof.margin = std::min(equal.lo - 0.5, 0.5 - unequal.hi);
  // 1e-9 keeps the verdict clear of any rounding in σ.
  proof.proved = proof.equal_closed && proof.unequal_closed && proof.margin > 1e-9;
  if (proof.proved) {
    double m = kNoneSeen;
    for (const auto& pre : f.table().pre) {
      if (pre.size() > 0) m = std::min(m, pre.cwiseAbs().minCoeff());
    }
    for (int k = 0; k < 4; ++k) {
      m = std::min(m, std::abs(f.table().u[k] + net.weights.c0));
      m = std::min(m, f.min_abs_pre(k, before));
      m = std::min(m, f.min_abs_pre(k, unequal));
    }
    proof.min_abs_preactivation = m;
  }
  return proof;
}

RnnVerification rnn_verify(const RnnNetwork& net, int max_length) {
  RnnVerification v;
  v.hidden = rnn_hidden_table(net);
  v.bit_check = rnn_bit_check(net);
  if (is_binary(net.activation)) {
    v.method = RnnMethod::kProof;
    v.proof = rnn_fsm_proof(net, &v.counterexample);
    v.conditions = rnn_conditions(net);
    v.verified = v.proof->ok;
    v.all_lengths = true;
    if (!v.verified || !v.bit_check.correct) v.repair = rnn_repair(net);
  } else {
    v.method = RnnMethod::kExhaustive;
    v.exhaustive = rnn_exhaustive(net, max_length, &v.counterexample);
    v.intervals = rnn_interval_proof(net);
    v.verified = !v.counterexample.has_value();
    v.all_lengths = v.verified && v.intervals->proved;
    if (!v.all_lengths) {
      RnnNetwork as_step = net;
      as_step.activation = RnnActivation::kStep;
      v.right_as_step = rnn_fsm_proof(as_step, nullptr).ok;
      for (double k : {2.0, 5.0, 10.0, 20.0, 50.0, 100.0}) {
        RnnNetwork scaled = net;
        RnnWeights& w = scaled.weights;
        w.W *= k;
        w.b *= k;
        w.v *= k;
        w.c0 *= k;
        w.r *= k;
        w.c *= k;
        if (rnn_interval_proof(scaled).proved) {
          v.saturating_scale = k;
          break;
        }
      }
    }
  }
  return v;
}

}  // namespace hw4::core
