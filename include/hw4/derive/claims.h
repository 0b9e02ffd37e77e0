// Checking claimed answers against a result: the rules of SPEC's `solve` claims.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hw4::derive {

struct ClaimCheck {
  std::string pointer;  // into the problem's result
  nlohmann::json claimed;
  nlohmann::json actual;  // null when the pointer names nothing
  bool confirmed = false;
  std::string evidence;  // why, in a few words ("agrees to the 3 decimals written")
};

// Compares `claimed` with the value at `pointer` in `result`: a number at the precision it is
// written with (0.143 confirms 0.142857…; against an exact "p/q" string too), a polynomial
// string as a polynomial (any spelling of the same one confirms; a polynomial object compares by
// its text), lists and objects element by element, anything else exactly.
ClaimCheck check_claim(const nlohmann::json& result, const std::string& pointer,
                       const nlohmann::json& claimed);

// Half a unit in the last decimal place written: 0.143 -> 0.0005, 10 -> 0.5, 1.5e-3 -> 5e-5.
double written_tolerance(const nlohmann::json& number);

}  // namespace hw4::derive
