// The recurrent network of problem 5.1 that tells whether two bit strings are equal so far:
// simulation, the bit-check truth table, verification (a finite-state proof for step
// activations, an exhaustive check plus an interval proof for sigmoid), the repair of a wrong
// weight set, and the maximum-margin synthesis by linear programming.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hw4::core {

// The activation g used by every unit. kStep is 1[z > 0], kStepGe is 1[z >= 0]; kSigmoid is
// σ(z), whose values pass on as real numbers and are only read as a bit (1 when > 0.5) at the
// output.
enum class RnnActivation { kStep, kStepGe, kSigmoid };

// The network h_t = g(W x_t + b), x_t = (a_t, b_t); bit check e = g(v·h + c0); recurrence
// y_t = g(v·h_t + r·y_{t−1} + c) with y_0 = y0. W is H×2, b and v have H entries.
struct RnnWeights {
  Eigen::MatrixXd W;
  Eigen::VectorXd b;
  Eigen::VectorXd v;
  double c0 = 0;
  double r = 0;
  double c = 0;
  double y0 = 1;
};

struct RnnNetwork {
  RnnWeights weights;
  RnnActivation activation = RnnActivation::kStep;
};

// Limits the CLI checks before anything runs (docs/rnn-equal.md).
inline constexpr int kRnnMaxHidden = 16;
inline constexpr int kRnnMaxExhaustiveLength = 14;  // Σ 4^t ≈ 3.6e8 sequences
inline constexpr int kRnnDefaultMaxLength = 12;
inline constexpr std::size_t kRnnMaxRunLength = 100'000;

// The four inputs x = (a, b) in the order every table uses: (0,0), (0,1), (1,0), (1,1).
// A Boolean function of (a, b) is a 4-bit mask whose bit k is its value on input k.
inline constexpr std::array<std::array<int, 2>, 4> kRnnInputs = {{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
inline constexpr int rnn_input_index(int a, int b) { return 2 * a + b; }
inline constexpr bool rnn_input_equal(int k) { return k == 0 || k == 3; }
inline constexpr bool rnn_mask_bit(std::uint8_t mask, int k) { return ((mask >> k) & 1u) != 0; }

// g(z) for the activation.
double rnn_activate(RnnActivation g, double z);
// The bit an activation's value is read as: the value itself under step, 1[value > 0.5] under
// sigmoid.
int rnn_read(RnnActivation g, double value);
// Whether z lies on the side g reads as 1 (z > 0, z >= 0, z > 0).
bool rnn_fires(RnnActivation g, double z);

// The name of a Boolean function of (a, b) given as a mask: "AND", "OR", "NAND", "NOR", "XOR",
// "XNOR", "A", "B", "NOT A", "NOT B", "A AND NOT B", "B AND NOT A", "A OR NOT B",
// "B OR NOT A", "constant 0", "constant 1".
std::string rnn_gate_name(std::uint8_t mask);

// The hidden layer for each of the four inputs (it depends on x_t alone).
struct RnnHiddenTable {
  std::array<Eigen::VectorXd, 4> pre;  // W x + b
  std::array<Eigen::VectorXd, 4> h;    // g(W x + b)
  std::array<double, 4> u{};           // v·h
  // Per unit, the function its read bits compute (under sigmoid: h > 0.5).
  std::vector<std::uint8_t> masks;
};
RnnHiddenTable rnn_hidden_table(const RnnNetwork& net);

// One time step of a run.
struct RnnRunStep {
  int t = 0;
  int a = 0;
  int b = 0;
  Eigen::VectorXd hidden_pre;
  Eigen::VectorXd h;
  double y_prev = 0;
  double pre = 0;  // v·h + r·y_{t−1} + c
  double y = 0;
  int output = 0;    // y read as a bit
  int expected = 0;  // 1 iff a_1..a_t = b_1..b_t
};

struct RnnRun {
  std::vector<RnnRunStep> steps;
  bool correct = true;
  int first_wrong = 0;  // the first t whose output is wrong, 0 when correct
  // The least |pre-activation| over every unit and step: how far the run is from a tie.
  double min_abs_preactivation = 0;
};

// Runs the network on a and b (equal lengths of 0/1, checked by the caller).
RnnRun rnn_run(const RnnNetwork& net, const std::vector<int>& a, const std::vector<int>& b);

// The bit check e = g(v·h + c0) on the four inputs against [a = b].
struct RnnBitRow {
  int a = 0;
  int b = 0;
  Eigen::VectorXd h;
  double pre = 0;  // v·h + c0
  double e = 0;
  int read = 0;
  int expected = 0;
};
struct RnnBitCheck {
  std::array<RnnBitRow, 4> rows;
  bool correct = true;
};
RnnBitCheck rnn_bit_check(const RnnNetwork& net);

// A shortest input pair on which y_t is wrong, with its trace.
struct RnnCounterexample {
  std::vector<int> a;
  std::vector<int> b;
  int t = 0;
  int got = 0;
  int expected = 0;
  double got_value = 0;  // the real y_t (equal to got under step)
  RnnRun trace;
};

// A state of the product of the network (its output y) with the two-state machine "equal so far".
struct RnnState {
  double y = 0;
  bool equal = true;
  int depth = 0;  // the shortest t at which it is reached (0 for the start state)
};

// One transition of the product machine: from a state on input k.
struct RnnTransition {
  int from = 0;  // index into RnnFsmProof::states
  int input = 0;
  double pre = 0;
  double y = 0;
  int to = 0;
  int got = 0;
  int expected = 0;
  bool ok = true;
};

// The breadth-first search of the product machine from (y0, equal); binary activations only.
struct RnnFsmProof {
  std::vector<RnnState> states;  // in the order found; states[0] is the start
  std::vector<RnnTransition> transitions;
  bool ok = true;
  int depth = 0;                     // t at which no new state appeared
  double min_abs_preactivation = 0;  // over every reachable transition
};

// Every pair of strings up to max_length, sharing prefixes (Σ 4^t steps).
struct RnnExhaustive {
  int max_length = 0;
  int searched_length = 0;           // max_length, or less when a counterexample cut it short
  std::uint64_t sequences = 0;       // input sequences whose last output was examined
  double min_abs_y_minus_half = 0;   // how close any read output came to the threshold
  double min_abs_preactivation = 0;  // of the output unit
};

// The all-lengths argument for sigmoid: every y reachable while equal lies in `equal`, every y
// reachable after a mismatch in `unequal`, each interval is mapped into itself by the steps
// that keep it, and the two lie on the right sides of 0.5.
struct RnnIntervalProof {
  bool proved = false;
  bool equal_closed = false;    // an invariant interval was found for the equal phase
  bool unequal_closed = false;  // ... and for the phase after a mismatch
  double equal_lo = 0, equal_hi = 0;
  double unequal_lo = 0, unequal_hi = 0;
  int iterations = 0;
  // The least distance of either interval from 0.5 (negative when one crosses it).
  double margin = 0;
  // When proved: the least |pre-activation| of any unit over every reachable case.
  double min_abs_preactivation = 0;
};

// One condition of the all-lengths characterisation for binary activations: with y ∈ {0, 1}
// the network is right for every length exactly when, from the start state, from "y = 1 and
// equal so far" and from "y = 0 after a mismatch", every input gives the right output; and the
// bit check is right exactly when its four rows are.
struct RnnCondition {
  enum class Kind { kBitCheck, kRecurrence };
  Kind kind = Kind::kRecurrence;
  double y_prev = 0;  // recurrence only
  bool equal_prev = true;
  int input = 0;
  double pre = 0;
  bool must_fire = false;  // pre must be on the side read as 1
  bool holds = true;
};

// A change of one parameter that, with the other changes of the repair, makes the network right.
struct RnnFix {
  enum class Param { kB, kV, kC0, kR, kC };
  Param param = Param::kB;
  int index = 0;  // unit for kB and kV
  double old_value = 0;
  double new_value = 0;  // a simple value inside the interval
  // Every value in the interval works, the other parameters at their repaired values.
  double lo = 0, hi = 0;  // ±infinity for a half-line
  bool lo_closed = false, hi_closed = false;
  // kB: the unit's function before and after, and the first input on which they differ.
  std::uint8_t old_mask = 0, new_mask = 0;
  int differing_input = -1;
  // Output parameters: the first condition that fails before this fix (index into
  // RnnRepair::conditions_before), or -1.
  int failing_condition = -1;
};

// The cheapest change of biases and output weights (W and y0 kept) that makes a binary network
// right, a bias (b_i, c0, c) counting 1 and a weight (v_i, r) counting 2.
struct RnnRepair {
  std::vector<RnnFix> fixes;
  RnnWeights repaired;
  std::vector<std::uint8_t> target_masks;
  // The conditions with the repaired hidden layer and the original output weights.
  std::vector<RnnCondition> conditions_before;
};

enum class RnnMethod { kProof, kExhaustive };

struct RnnVerification {
  RnnHiddenTable hidden;
  RnnBitCheck bit_check;
  RnnMethod method = RnnMethod::kProof;
  std::optional<RnnFsmProof> proof;           // binary activations
  std::vector<RnnCondition> conditions;       // binary activations
  std::optional<RnnExhaustive> exhaustive;    // sigmoid
  std::optional<RnnIntervalProof> intervals;  // sigmoid
  std::optional<RnnCounterexample> counterexample;
  bool verified = false;            // y is right for every length checked (all lengths for a proof)
  bool all_lengths = false;         // a proof covers every length
  std::optional<RnnRepair> repair;  // binary, wrong, and repairable with H <= 3
  // Sigmoid without an all-lengths proof: whether the same weights are right under step, and
  // the least factor in {2, 5, 10, 20, 50, 100} whose multiple of every weight the interval
  // proof accepts (sigmoid(k z) tends to step(z)).
  std::optional<bool> right_as_step;
  std::optional<double> saturating_scale;
};

// The breadth-first proof over the product machine; the counterexample, when there is one, is
// the first shortest in the order of kRnnInputs. Binary activations only.
RnnFsmProof rnn_fsm_proof(const RnnNetwork& net, std::optional<RnnCounterexample>* counterexample);

// Every pair of strings of length 1..max_length (depth-first, prefixes shared), stopping at the
// first shortest counterexample in the order of kRnnInputs. Any activation.
RnnExhaustive rnn_exhaustive(const RnnNetwork& net, int max_length,
                             std::optional<RnnCounterexample>* counterexample);

// The interval argument for all lengths; any activation, meant for sigmoid.
RnnIntervalProof rnn_interval_proof(const RnnNetwork& net);

// The conditions of the all-lengths characterisation; binary activations only.
std::vector<RnnCondition> rnn_conditions(const RnnNetwork& net);

// The nearest repair, or nullopt when none keeps W (or H > 3). Binary activations only.
std::optional<RnnRepair> rnn_repair(const RnnNetwork& net);

// Everything verify reports. max_length applies to sigmoid.
RnnVerification rnn_verify(const RnnNetwork& net, int max_length);

// Bounds on |parameter| for solve, per group.
struct RnnBounds {
  double W = 1, b = 1, v = 1, c0 = 1, r = 1, c = 1;
};

// A design found by solve: the hidden functions, the weights, and their margin.
struct RnnSolution {
  RnnWeights weights;
  std::array<std::uint8_t, 2> masks{};
  // The least |pre-activation| over every reachable case: the LP's optimum for binary
  // activations, measured over the reachable intervals for sigmoid.
  double margin = 0;
  double lp_margin = 0;  // the LP's optimum (the margin of the same weights under step)
  int designs_tried = 0;
  int designs_feasible = 0;
  RnnVerification verification;
};

// Maximum-margin weights with two hidden units, y0 as given, |parameters| within the bounds,
// over every pair of hidden threshold functions, by linear programming (GLPK). Under sigmoid
// the step design is checked with the interval proof (the LP's margin keeps every unit
// saturated). Throws Error(kMath) when no design verifies within the bounds.
RnnSolution rnn_solve(RnnActivation activation, const RnnBounds& bounds, double y0, int max_length);

}  // namespace hw4::core
