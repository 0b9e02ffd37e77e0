// Tests of the equality-checking RNN core against hand-worked cases and brute force.
#include "hw4/core/rnn.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "hw4/error.h"

namespace hw4::core {
namespace {

constexpr double kTol = 1e-12;

RnnNetwork make_net(std::vector<double> W, std::vector<double> b, std::vector<double> v, double c0,
                    double r, double c, double y0 = 1, RnnActivation g = RnnActivation::kStep) {
  RnnNetwork net;
  net.activation = g;
  const auto units = static_cast<Eigen::Index>(b.size());
  net.weights.W.resize(units, 2);
  for (Eigen::Index i = 0; i < units; ++i) {
    net.weights.W(i, 0) = W[static_cast<std::size_t>(2 * i)];
    net.weights.W(i, 1) = W[static_cast<std::size_t>(2 * i + 1)];
  }
  net.weights.b = Eigen::Map<Eigen::VectorXd>(b.data(), units);
  net.weights.v = Eigen::Map<Eigen::VectorXd>(v.data(), units);
  net.weights.c0 = c0;
  net.weights.r = r;
  net.weights.c = c;
  net.weights.y0 = y0;
  return net;
}

RnnNetwork seed() { return make_net({1, 1, -1, -1}, {-0.5, 1.1}, {1, 1}, 0.1, 3.25, -3); }
RnnNetwork textbook(RnnActivation g = RnnActivation::kStep) {
  return make_net({1, 1, -1, -1}, {-1.5, 0.5}, {1, 1}, -0.5, 1, -1.5, 1, g);
}

RnnNetwork scaled(RnnNetwork net, double k) {
  net.weights.W *= k;
  net.weights.b *= k;
  net.weights.v *= k;
  net.weights.c0 *= k;
  net.weights.r *= k;
  net.weights.c *= k;
  return net;
}

// The shortest, lexicographically first counterexample by running every sequence from scratch.
std::optional<std::vector<int>> brute_force(const RnnNetwork& net, int max_length) {
  for (int t = 1; t <= max_length; ++t) {
    const long total = 1L << (2 * t);
    for (long code = 0; code < total; ++code) {
      std::vector<int> a(static_cast<std::size_t>(t));
      std::vector<int> b(static_cast<std::size_t>(t));
      std::vector<int> ks;
      for (int i = 0; i < t; ++i) {
        const int k = static_cast<int>((code >> (2 * (t - 1 - i))) & 3);
        ks.push_back(k);
        a[static_cast<std::size_t>(i)] = kRnnInputs[k][0];
        b[static_cast<std::size_t>(i)] = kRnnInputs[k][1];
      }
      const RnnRun run = rnn_run(net, a, b);
      if (run.steps.back().output != run.steps.back().expected) return ks;
    }
  }
  return std::nullopt;
}

std::vector<int> inputs_of(const RnnCounterexample& ce) {
  std::vector<int> ks;
  for (std::size_t i = 0; i < ce.a.size(); ++i) ks.push_back(rnn_input_index(ce.a[i], ce.b[i]));
  return ks;
}

TEST(RnnCore, NamesEveryGate) {
  EXPECT_EQ(rnn_gate_name(8), "AND");
  EXPECT_EQ(rnn_gate_name(14), "OR");
  EXPECT_EQ(rnn_gate_name(7), "NAND");
  EXPECT_EQ(rnn_gate_name(1), "NOR");
  EXPECT_EQ(rnn_gate_name(6), "XOR");
  EXPECT_EQ(rnn_gate_name(9), "XNOR");
  EXPECT_EQ(rnn_gate_name(12), "A");
  EXPECT_EQ(rnn_gate_name(3), "NOT A");
  EXPECT_EQ(rnn_gate_name(4), "A AND NOT B");
  EXPECT_EQ(rnn_gate_name(0), "constant 0");
}

TEST(RnnCore, SeedHiddenUnitsAreOrAndNand) {
  const RnnHiddenTable t = rnn_hidden_table(seed());
  EXPECT_EQ(rnn_gate_name(t.masks[0]), "OR");
  EXPECT_EQ(rnn_gate_name(t.masks[1]), "NAND");
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(t.u[k], rnn_input_equal(k) ? 1 : 2, kTol);
}

TEST(RnnCore, SeedRunMatchesHandTrace) {
  const RnnRun run = rnn_run(seed(), {1, 0, 1}, {1, 1, 1});
  ASSERT_EQ(run.steps.size(), 3u);
  EXPECT_FALSE(run.correct);
  EXPECT_EQ(run.first_wrong, 2);
  for (const auto& s : run.steps) EXPECT_EQ(s.output, 1);
  EXPECT_EQ(run.steps[1].expected, 0);
  EXPECT_NEAR(run.steps[1].pre, 2 + 3.25 - 3, kTol);
  EXPECT_NEAR(run.min_abs_preactivation, 0.1, 1e-9);
}

TEST(RnnCore, SeedFailsAtLengthOne) {
  const RnnVerification v = rnn_verify(seed(), 12);
  EXPECT_FALSE(v.verified);
  EXPECT_FALSE(v.bit_check.correct);
  ASSERT_TRUE(v.counterexample.has_value());
  EXPECT_EQ(v.counterexample->t, 1);
  EXPECT_EQ(v.counterexample->a, std::vector<int>{0});
  EXPECT_EQ(v.counterexample->b, std::vector<int>{1});
  EXPECT_EQ(v.counterexample->got, 1);
  EXPECT_EQ(v.counterexample->expected, 0);
}

TEST(RnnCore, SeedRepairNamesTheFourSlips) {
  const auto repair = rnn_repair(seed());
  ASSERT_TRUE(repair.has_value());
  ASSERT_EQ(repair->fixes.size(), 4u);
  const RnnFix& b1 = repair->fixes[0];
  EXPECT_EQ(b1.param, RnnFix::Param::kB);
  EXPECT_EQ(rnn_gate_name(b1.old_mask), "OR");
  EXPECT_EQ(rnn_gate_name(b1.new_mask), "AND");
  EXPECT_EQ(b1.differing_input, 1);  // (0,1) gets through
  EXPECT_EQ(b1.lo, -2);
  EXPECT_EQ(b1.hi, -1);
  EXPECT_FALSE(b1.lo_closed);
  EXPECT_TRUE(b1.hi_closed);
  EXPECT_EQ(b1.new_value, -1.5);
  const RnnFix& b2 = repair->fixes[1];
  EXPECT_EQ(rnn_gate_name(b2.new_mask), "NOR");
  EXPECT_EQ(b2.lo, 0);
  EXPECT_EQ(b2.hi, 1);
  const RnnFix& c0 = repair->fixes[2];
  EXPECT_EQ(c0.param, RnnFix::Param::kC0);
  EXPECT_NEAR(c0.lo, -1, kTol);
  EXPECT_NEAR(c0.hi, 0, kTol);
  EXPECT_TRUE(c0.hi_closed);
  const RnnFix& c = repair->fixes[3];
  EXPECT_EQ(c.param, RnnFix::Param::kC);
  EXPECT_NEAR(c.lo, -4.25, kTol);
  EXPECT_NEAR(c.hi, -3.25, kTol);
  EXPECT_GE(c.failing_condition, 0);
  const RnnNetwork fixed{repair->repaired, RnnActivation::kStep};
  EXPECT_TRUE(rnn_verify(fixed, 12).verified);
}

TEST(RnnCore, TextbookWeightsAreProvedRight) {
  const RnnVerification v = rnn_verify(textbook(), 12);
  EXPECT_TRUE(v.verified);
  EXPECT_TRUE(v.all_lengths);
  EXPECT_TRUE(v.bit_check.correct);
  ASSERT_TRUE(v.proof.has_value());
  EXPECT_EQ(v.proof->states.size(), 2u);  // (1, equal) and (0, mismatch)
  EXPECT_NEAR(v.proof->min_abs_preactivation, 0.5, kTol);
  for (const RnnCondition& c : v.conditions) EXPECT_TRUE(c.holds);
}

TEST(RnnCore, StepGeDecidesTiesAtZero) {
  RnnNetwork net = make_net({1, 1, -1, -1}, {-2, 0}, {1, 1}, -1, 1, -2, 1, RnnActivation::kStepGe);
  EXPECT_TRUE(rnn_verify(net, 12).verified);
  net.activation = RnnActivation::kStep;
  EXPECT_FALSE(rnn_verify(net, 12).verified);
}

TEST(RnnCore, StartAtZeroCannotBeRight) {
  RnnNetwork net = textbook();
  net.weights.y0 = 0;
  const RnnVerification v = rnn_verify(net, 12);
  EXPECT_FALSE(v.verified);
  EXPECT_EQ(v.counterexample->t, 1);
  EXPECT_EQ(v.counterexample->a, std::vector<int>{0});
  EXPECT_THROW(rnn_solve(RnnActivation::kStep, {}, 0, 8), Error);
}

// The product-machine proof and the exhaustive search must agree with running every sequence.
TEST(RnnCore, ProofAgreesWithBruteForceOnRandomWeights) {
  std::mt19937 rng(20261126);
  std::uniform_int_distribution<int> half(-6, 6);
  int wrong = 0;
  for (int trial = 0; trial < 240; ++trial) {
    std::vector<double> p;
    for (int i = 0; i < 11; ++i) p.push_back(half(rng) / 2.0);
    const RnnActivation g = trial % 2 ? RnnActivation::kStep : RnnActivation::kStepGe;
    // Half the trials start from the textbook net with one or two parameters moved.
    RnnNetwork net = trial % 4 < 2 ? make_net({p[0], p[1], p[2], p[3]}, {p[4], p[5]}, {p[6], p[7]},
                                              p[8], p[9], p[10], 1, g)
                                   : textbook(g);
    if (trial % 4 >= 2) {
      net.weights.b(trial % 2) = p[4];
      net.weights.c += p[5] / 2;
    }
    std::optional<RnnCounterexample> by_proof;
    const RnnFsmProof proof = rnn_fsm_proof(net, &by_proof);
    std::optional<RnnCounterexample> by_search;
    rnn_exhaustive(net, 6, &by_search);
    const auto by_brute = brute_force(net, 4);
    ASSERT_EQ(proof.ok, !by_search.has_value()) << trial;
    ASSERT_EQ(proof.ok, !by_brute.has_value()) << trial;
    bool conditions_hold = true;
    for (const RnnCondition& c : rnn_conditions(net)) {
      if (c.kind == RnnCondition::Kind::kRecurrence) conditions_hold = conditions_hold && c.holds;
    }
    ASSERT_EQ(proof.ok, conditions_hold) << trial;
    if (!proof.ok) {
      ++wrong;
      EXPECT_LE(by_proof->t, 2);  // README: a binary network that fails, fails by t = 2
      EXPECT_EQ(inputs_of(*by_proof), *by_brute) << trial;
      EXPECT_EQ(inputs_of(*by_search), *by_brute) << trial;
      // Repairs, when found, must verify (rnn_repair checks it; here it must also be minimal
      // enough to keep W).
      const auto repair = rnn_repair(net);
      if (repair) {
        EXPECT_EQ(repair->repaired.W, net.weights.W);
      }
    }
  }
  EXPECT_GT(wrong, 30);
}

TEST(RnnCore, ExhaustiveSigmoidAgreesWithBruteForce) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-3, 3);
  int refuted = 0;
  int proved = 0;
  for (int trial = 0; trial < 40; ++trial) {
    RnnNetwork net = scaled(textbook(RnnActivation::kSigmoid), 1 + trial / 7.0);
    net.weights.c += u(rng) / 2;
    net.weights.r += u(rng) / 2;
    std::optional<RnnCounterexample> by_search;
    const RnnExhaustive ex = rnn_exhaustive(net, 5, &by_search);
    const auto by_brute = brute_force(net, 5);
    ASSERT_EQ(by_search.has_value(), by_brute.has_value()) << trial;
    refuted += by_brute.has_value();
    if (by_brute) {
      EXPECT_EQ(inputs_of(*by_search), *by_brute) << trial;
      EXPECT_EQ(ex.searched_length, by_search->t);
    } else {
      EXPECT_EQ(ex.sequences, 4u + 16u + 64u + 256u + 1024u);
    }
    // The interval proof may only ever claim what the search cannot refute.
    if (rnn_interval_proof(net).proved) {
      ++proved;
      EXPECT_FALSE(by_search.has_value()) << trial;
    }
  }
  // Both verdicts occur, and the interval proof succeeds on some of the right ones.
  EXPECT_GT(refuted, 5);
  EXPECT_LT(refuted, 35);
  EXPECT_GT(proved, 3);
}

TEST(RnnCore, SaturatedSigmoidIsProvedForAllLengths) {
  const RnnNetwork net = scaled(textbook(RnnActivation::kSigmoid), 10);
  const RnnVerification v = rnn_verify(net, 8);
  EXPECT_TRUE(v.verified);
  ASSERT_TRUE(v.intervals.has_value());
  EXPECT_TRUE(v.intervals->proved);
  EXPECT_TRUE(v.all_lengths);
  EXPECT_GT(v.intervals->equal_lo, 0.5);
  EXPECT_LT(v.intervals->unequal_hi, 0.5);
  // Unscaled, the sigmoid is too soft: sigma(0.5) stays near 0.5.
  EXPECT_FALSE(rnn_verify(textbook(RnnActivation::kSigmoid), 8).verified);
}

TEST(RnnCore, SolveFindsMaximumMarginDesign) {
  const RnnSolution s = rnn_solve(RnnActivation::kStep, {}, 1, 8);
  EXPECT_TRUE(s.verification.verified);
  EXPECT_TRUE(s.verification.bit_check.correct);
  EXPECT_NEAR(s.margin, 0.5, 1e-9);
  EXPECT_NEAR(s.lp_margin, 0.5, 1e-9);
}

// Solved weights always verify, over random solve requests.
TEST(RnnCore, SolvedWeightsAlwaysVerify) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> bound(0.2, 20);
  std::uniform_real_distribution<double> start(0.3, 1.5);
  int refused = 0;
  for (int trial = 0; trial < 25; ++trial) {
    const RnnActivation g = trial % 5 == 4   ? RnnActivation::kSigmoid
                            : trial % 2 == 0 ? RnnActivation::kStep
                                             : RnnActivation::kStepGe;
    RnnBounds bounds{bound(rng), bound(rng), bound(rng), bound(rng), bound(rng), bound(rng)};
    if (g == RnnActivation::kSigmoid) {
      bounds = {10 + bound(rng), 10 + bound(rng), 10 + bound(rng),
                10 + bound(rng), 10 + bound(rng), 10 + bound(rng)};
    }
    const double y0 = trial % 3 == 0 ? 1.0 : start(rng);
    RnnSolution s;
    try {
      s = rnn_solve(g, bounds, y0, 6);
    } catch (const Error&) {
      ++refused;  // no design within these bounds; that is an answer too
      continue;
    }
    EXPECT_TRUE(s.verification.verified) << trial;
    EXPECT_TRUE(s.verification.bit_check.correct) << trial;
    EXPECT_GT(s.margin, 0) << trial;
    const RnnWeights& w = s.weights;
    EXPECT_LE(w.W.cwiseAbs().maxCoeff(), bounds.W + 1e-9);
    EXPECT_LE(w.b.cwiseAbs().maxCoeff(), bounds.b + 1e-9);
    EXPECT_LE(w.v.cwiseAbs().maxCoeff(), bounds.v + 1e-9);
    EXPECT_LE(std::abs(w.c0), bounds.c0 + 1e-9);
    EXPECT_LE(std::abs(w.r), bounds.r + 1e-9);
    EXPECT_LE(std::abs(w.c), bounds.c + 1e-9);
    if (g == RnnActivation::kSigmoid) {
      EXPECT_TRUE(s.verification.all_lengths) << trial;
    }
  }
  EXPECT_LT(refused, 7);
}

}  // namespace
}  // namespace hw4::core
