// A small maximum-margin linear program over GLPK, shared by the RNN's repair and synthesis.
#pragma once

#include <optional>
#include <vector>

namespace hw4::core::rnn_lp {

// One pre-activation, linear in the variables: coef·p + constant. It must be >= δ when
// must_fire, else <= −δ.
struct Row {
  std::vector<double> coef;
  double constant = 0;
  bool must_fire = false;
};

struct Solution {
  std::vector<double> p;
  double delta = 0;
};

// Maximises δ (at most delta_cap) subject to every row and lo <= p <= hi. Returns nullopt when
// GLPK finds no optimum; a δ <= 0 means the rows cannot all hold strictly.
std::optional<Solution> max_margin(const std::vector<Row>& rows, const std::vector<double>& lo,
                                   const std::vector<double>& hi, double delta_cap);

}  // namespace hw4::core::rnn_lp
