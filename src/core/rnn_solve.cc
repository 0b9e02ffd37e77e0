// Synthesis of the equality-checking RNN: for every pair of hidden threshold functions, the
// maximum-margin weights by linear programming; the best pair wins.
#include <algorithm>
#include <cmath>

#include "core/rnn_lp.h"
#include "hw4/core/rnn.h"
#include "hw4/error.h"

namespace hw4::core {
namespace {

using rnn_lp::kInf;

// The 14 threshold functions of (a, b) (all but XOR and XNOR), the seed's AND and NOR first so
// that among equal margins the textbook design is kept.
constexpr std::array<std::uint8_t, 14> kThresholdMasks = {8,  1, 14, 7,  4,  2, 12,
                                                          10, 3, 5,  13, 11, 0, 15};

// Variables: W00 W01 W10 W11 b0 b1 v0 v1 c0 r c.
enum Var { kW00, kW01, kW10, kW11, kB0, kB1, kV0, kV1, kC0, kR, kC, kVars };

// The LP of one design: hidden unit i computes masks[i] and the output layer is right.
std::vector<rnn_lp::Row> design_rows(std::uint8_t m0, std::uint8_t m1, double y0) {
  std::vector<rnn_lp::Row> rows;
  const std::array<std::uint8_t, 2> masks{m0, m1};
  auto row = [] { return rnn_lp::Row{std::vector<double>(kVars, 0.0), 0.0, false}; };
  for (std::size_t i = 0; i < 2; ++i) {
    for (int k = 0; k < 4; ++k) {
      rnn_lp::Row r = row();
      r.coef[kW00 + 2 * i] = kRnnInputs[k][0];
      r.coef[kW01 + 2 * i] = kRnnInputs[k][1];
      r.coef[kB0 + i] = 1;
      r.must_fire = rnn_mask_bit(masks[i], k);
      rows.push_back(r);
    }
  }
  const rnn_lp::OutputLayout layout{{kV0, kV1}, kC0, kR, kC, kVars};
  for (rnn_lp::Row& r : rnn_lp::output_rows({m0, m1}, y0, layout)) rows.push_back(std::move(r));
  return rows;
}

// The simplex lands on vertices such as 0.49999999999999994; such values are meant as 0.5.
double snap(double x) {
  const double r = std::round(x * 1e6) / 1e6;
  return std::abs(x - r) < 1e-9 ? r + 0.0 : x;
}

RnnWeights weights_from(const std::vector<double>& p, double y0) {
  RnnWeights w;
  w.W.resize(2, 2);
  w.W << snap(p[kW00]), snap(p[kW01]), snap(p[kW10]), snap(p[kW11]);
  w.b.resize(2);
  w.b << snap(p[kB0]), snap(p[kB1]);
  w.v.resize(2);
  w.v << snap(p[kV0]), snap(p[kV1]);
  w.c0 = snap(p[kC0]);
  w.r = snap(p[kR]);
  w.c = snap(p[kC]);
  w.y0 = y0;
  return w;
}

// The least |pre-activation| of a binary network over every reachable case: the hidden units on
// all four inputs, the bit check, and the recurrence from every reachable state.
double binary_margin(const RnnNetwork& net) {
  double m = kInf;
  const RnnHiddenTable table = rnn_hidden_table(net);
  for (const auto& pre : table.pre) m = std::min(m, pre.cwiseAbs().minCoeff());
  for (const RnnCondition& c : rnn_conditions(net)) m = std::min(m, std::abs(c.pre));
  return m;
}

}  // namespace

RnnSolution rnn_solve(RnnActivation activation, const RnnBounds& bounds, double y0,
                      int max_length) {
  const std::array<double, kVars> bound{bounds.W, bounds.W, bounds.W,  bounds.W, bounds.b, bounds.b,
                                        bounds.v, bounds.v, bounds.c0, bounds.r, bounds.c};
  std::vector<double> lo(kVars);
  std::vector<double> hi(kVars);
  for (std::size_t j = 0; j < kVars; ++j) {
    lo[j] = -bound[j];
    hi[j] = bound[j];
  }
  struct Candidate {
    RnnWeights weights;
    std::array<std::uint8_t, 2> masks;
    double lp_margin;
  };
  std::vector<Candidate> feasible;
  int tried = 0;
  for (std::size_t i = 0; i < kThresholdMasks.size(); ++i) {
    for (std::size_t j = i + 1; j < kThresholdMasks.size(); ++j) {
      ++tried;
      const auto sol =
          rnn_lp::max_margin(design_rows(kThresholdMasks[i], kThresholdMasks[j], y0), lo, hi, kInf);
      if (!sol || sol->delta <= 1e-9) continue;
      feasible.push_back(
          {weights_from(sol->p, y0), {kThresholdMasks[i], kThresholdMasks[j]}, sol->delta});
    }
  }
  // Largest LP margin first; the stable sort keeps the preferred design among equals.
  std::stable_sort(feasible.begin(), feasible.end(), [](const Candidate& x, const Candidate& y) {
    return x.lp_margin > y.lp_margin + 1e-12;
  });

  RnnSolution best;
  best.designs_tried = tried;
  best.designs_feasible = static_cast<int>(feasible.size());
  best.margin = -kInf;
  for (const Candidate& cand : feasible) {
    const RnnNetwork net{cand.weights, activation};
    double margin = 0;
    if (activation == RnnActivation::kSigmoid) {
      const RnnIntervalProof proof = rnn_interval_proof(net);
      if (!proof.proved) continue;
      margin = proof.min_abs_preactivation;
    } else {
      if (!rnn_fsm_proof(net, nullptr).ok || !rnn_bit_check(net).correct) continue;
      margin = binary_margin(net);
    }
    if (margin > best.margin + 1e-12) {
      best.weights = cand.weights;
      best.masks = cand.masks;
      best.margin = margin;
      best.lp_margin = cand.lp_margin;
    }
    // Under step the LP's order is the margin's order: the first that verifies is the best.
    if (activation != RnnActivation::kSigmoid) break;
  }
  if (best.margin == -kInf) {
    if (feasible.empty()) {
      throw Error(ErrorKind::kMath,
                  y0 == 0 ? "no weights can verify with y0 = 0: an equal pair must give 1 at t = 1 "
                            "but 0 after a mismatch, from the same state"
                          : "no weights within the bounds verify");
    }
    throw Error(ErrorKind::kMath,
                "no weights within the bounds verify under sigmoid for every length: the units "
                "do not saturate; raise the bounds (10 is usually enough)");
  }
  best.verification = rnn_verify(RnnNetwork{best.weights, activation}, max_length);
  return best;
}

}  // namespace hw4::core
