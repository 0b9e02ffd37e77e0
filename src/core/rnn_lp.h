// The RNN's linear programs, shared by its repair and synthesis: the output layer's conditions
// as rows, and a small maximum-margin solver over GLPK.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace hw4::core::rnn_lp {

// An unbounded variable's lo or hi, or no cap on δ.
inline constexpr double kInf = std::numeric_limits<double>::infinity();

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

// Where the output layer's parameters sit among an LP's variables.
struct OutputLayout {
  std::vector<std::size_t> v;  // v_i, one per hidden unit
  std::size_t c0 = 0, r = 0, c = 0;
  std::size_t variables = 0;  // all of the LP's
};

// The output layer's conditions for hidden units computing `masks` (bit k: the unit fires on
// input k of kRnnInputs) and the start y0: the first step's bit check fires exactly when a = b,
// and from every reachable state (y, equal so far) the recurrence fires exactly when the
// strings are still equal.
std::vector<Row> output_rows(const std::vector<std::uint8_t>& masks, double y0,
                             const OutputLayout& layout);

// Maximises δ (at most delta_cap) subject to every row and lo <= p <= hi. Returns nullopt when
// GLPK finds no optimum; a δ <= 0 means the rows cannot all hold strictly.
std::optional<Solution> max_margin(const std::vector<Row>& rows, const std::vector<double>& lo,
                                   const std::vector<double>& hi, double delta_cap);

}  // namespace hw4::core::rnn_lp
