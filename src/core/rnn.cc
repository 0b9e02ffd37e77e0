// The equality-checking RNN: activations, the hidden table, runs, the bit check, and the
// conditions that characterise a right binary network for every length.
#include "hw4/core/rnn.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace hw4::core {

double rnn_activate(RnnActivation g, double z) {
  switch (g) {
    case RnnActivation::kStep:
      return z > 0 ? 1.0 : 0.0;
    case RnnActivation::kStepGe:
      return z >= 0 ? 1.0 : 0.0;
    case RnnActivation::kSigmoid:
      // One formula for every z, without a branch the exhaustive search would mispredict: for
      // z < −709 exp(−z) is inf and the quotient is exactly 0, never NaN.
      return 1.0 / (1.0 + std::exp(-z));
  }
  return 0;
}

int rnn_read(RnnActivation /*g*/, double value) {
  // Under step the value is exactly 0 or 1, so one threshold serves every activation.
  return value > 0.5 ? 1 : 0;
}

bool rnn_fires(RnnActivation g, double z) { return g == RnnActivation::kStepGe ? z >= 0 : z > 0; }

std::string rnn_gate_name(std::uint8_t mask) {
  // Bit k is the value on input k of kRnnInputs: (0,0), (0,1), (1,0), (1,1).
  static constexpr const char* kNames[16] = {
      "constant 0",   // 0000
      "NOR",          // bit 0 only: (0,0)
      "B AND NOT A",  // (0,1)
      "NOT A",        // (0,0), (0,1)
      "A AND NOT B",  // (1,0)
      "NOT B",        // (0,0), (1,0)
      "XOR",          // (0,1), (1,0)
      "NAND",         // all but (1,1)
      "AND",          // (1,1)
      "XNOR",         // (0,0), (1,1)
      "B",            // (0,1), (1,1)
      "B OR NOT A",   // all but (1,0)
      "A",            // (1,0), (1,1)
      "A OR NOT B",   // all but (0,1)
      "OR",           // all but (0,0)
      "constant 1",
  };
  return kNames[mask & 15];
}

RnnHiddenTable rnn_hidden_table(const RnnNetwork& net) {
  const RnnWeights& w = net.weights;
  const auto units = w.W.rows();
  RnnHiddenTable table;
  table.masks.assign(static_cast<std::size_t>(units), 0);
  for (int k = 0; k < 4; ++k) {
    Eigen::Vector2d x(kRnnInputs[k][0], kRnnInputs[k][1]);
    table.pre[k] = w.W * x + w.b;
    table.h[k] = table.pre[k].unaryExpr([&](double z) { return rnn_activate(net.activation, z); });
    table.u[k] = w.v.dot(table.h[k]);
    for (Eigen::Index i = 0; i < units; ++i) {
      if (table.h[k](i) > 0.5) table.masks[static_cast<std::size_t>(i)] |= std::uint8_t(1u << k);
    }
  }
  return table;
}

RnnRun rnn_run(const RnnNetwork& net, const std::vector<int>& a, const std::vector<int>& b) {
  assert(a.size() == b.size());
  const RnnWeights& w = net.weights;
  const RnnHiddenTable table = rnn_hidden_table(net);
  RnnRun run;
  run.min_abs_preactivation = std::numeric_limits<double>::infinity();
  double y = w.y0;
  bool equal = true;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const int k = rnn_input_index(a[i], b[i]);
    RnnRunStep s;
    s.t = static_cast<int>(i) + 1;
    s.a = a[i];
    s.b = b[i];
    s.hidden_pre = table.pre[k];
    s.h = table.h[k];
    s.y_prev = y;
    s.pre = table.u[k] + w.r * y + w.c;
    s.y = rnn_activate(net.activation, s.pre);
    s.output = rnn_read(net.activation, s.y);
    equal = equal && a[i] == b[i];
    s.expected = equal ? 1 : 0;
    if (s.output != s.expected && run.correct) {
      run.correct = false;
      run.first_wrong = s.t;
    }
    run.min_abs_preactivation = std::min(run.min_abs_preactivation, std::abs(s.pre));
    if (s.hidden_pre.size() > 0) {
      run.min_abs_preactivation =
          std::min(run.min_abs_preactivation, s.hidden_pre.cwiseAbs().minCoeff());
    }
    y = s.y;
    run.steps.push_back(std::move(s));
  }
  if (run.steps.empty()) run.min_abs_preactivation = 0;
  return run;
}

RnnBitCheck rnn_bit_check(const RnnNetwork& net) {
  const RnnHiddenTable table = rnn_hidden_table(net);
  RnnBitCheck check;
  for (int k = 0; k < 4; ++k) {
    RnnBitRow& row = check.rows[k];
    row.a = kRnnInputs[k][0];
    row.b = kRnnInputs[k][1];
    row.h = table.h[k];
    row.pre = table.u[k] + net.weights.c0;
    row.e = rnn_activate(net.activation, row.pre);
    row.read = rnn_read(net.activation, row.e);
    row.expected = rnn_input_equal(k) ? 1 : 0;
    check.correct = check.correct && row.read == row.expected;
  }
  return check;
}

std::vector<RnnCondition> rnn_conditions(const RnnNetwork& net) {
  assert(net.activation != RnnActivation::kSigmoid);
  const RnnWeights& w = net.weights;
  const RnnHiddenTable table = rnn_hidden_table(net);
  std::vector<RnnCondition> out;
  for (int k = 0; k < 4; ++k) {
    RnnCondition cond;
    cond.kind = RnnCondition::Kind::kBitCheck;
    cond.input = k;
    cond.pre = table.u[k] + w.c0;
    cond.must_fire = rnn_input_equal(k);
    cond.holds = rnn_fires(net.activation, cond.pre) == cond.must_fire;
    out.push_back(cond);
  }
  // The states of a right network: the start, "1 while equal", "0 after a mismatch".
  std::vector<std::pair<double, bool>> states;
  if (w.y0 != 1.0) states.emplace_back(w.y0, true);
  states.emplace_back(1.0, true);
  states.emplace_back(0.0, false);
  for (const auto& [y, equal] : states) {
    for (int k = 0; k < 4; ++k) {
      RnnCondition cond;
      cond.kind = RnnCondition::Kind::kRecurrence;
      cond.y_prev = y;
      cond.equal_prev = equal;
      cond.input = k;
      cond.pre = table.u[k] + w.r * y + w.c;
      cond.must_fire = equal && rnn_input_equal(k);
      cond.holds = rnn_fires(net.activation, cond.pre) == cond.must_fire;
      out.push_back(cond);
    }
  }
  return out;
}

}  // namespace hw4::core
