// Judging an answer against a computed value: the rules of SPEC's `solve` claims and the four
// tolerance kinds of `grade`, with what each accepts in words.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hw4::derive {

// How close a number must come. kWritten is a claim's rule (half a unit in the last digit
// written; an integer against an integer or an exact rational is exact); kSigfigs accepts
// |given − expected| ≤ ½·10^(⌊log10|expected|⌋ − n + 1); kClose is numpy's isclose,
// |given − expected| ≤ atol + rtol·|expected|; kExact compares rationals exactly (26.0 equals
// 26, "1/7" only 1/7). Every edge is inclusive. Polynomials and other strings ignore it.
struct Tolerance {
  enum class Kind { kWritten, kSigfigs, kClose, kExact };
  Kind kind = Kind::kWritten;
  int sigfigs = 0;
  double rtol = 0;
  double atol = 0;
};

struct Judgement {
  bool agrees = false;
  std::string evidence;  // why, in a few words ("compared to ±0.0005, the precision written")
};

// Compares `given` with `expected`: a number (or a string spelling a decimal, "0.140", or an
// exact rational, "1/7") within the tolerance, a polynomial string as a polynomial in any
// handwritten spelling (a polynomial object compares by its text), lists and objects item by
// item with the same tolerance, anything else exactly.
Judgement judge(const nlohmann::json& given, const nlohmann::json& expected,
                const Tolerance& tolerance);

// What the tolerance accepts for `expected`, in words ("any number in [0.142357, 0.143357]: the
// 3 decimals written, ± half a unit"; "38*C^2 + 6*C in any spelling"). `given` (null when the
// answer is missing) decides the written precision.
std::string accepted(const nlohmann::json& given, const nlohmann::json& expected,
                     const Tolerance& tolerance);

// A polynomial answer in hw4's text form ("C(38C + 6)" -> "38*C^2 + 6*C"); nullopt when the
// text names no symbol or is not a polynomial.
std::optional<std::string> polynomial_text(const std::string& text);

struct ClaimCheck {
  std::string pointer;  // into the problem's result
  nlohmann::json claimed;
  nlohmann::json actual;  // null when the pointer names nothing
  bool confirmed = false;
  std::string evidence;  // why, in a few words ("agrees to the 3 decimals written")
};

// Compares `claimed` with the value at `pointer` in `result` by judge() with the written
// tolerance: 0.143 confirms 0.142857…, against an exact "p/q" string too.
ClaimCheck check_claim(const nlohmann::json& result, const std::string& pointer,
                       const nlohmann::json& claimed);

// Half a unit in the last decimal place written: 0.143 -> 0.0005, 10 -> 0.5, 1.5e-3 -> 5e-5;
// a string keeps its trailing zeros ("0.140" -> 0.0005).
double written_tolerance(const nlohmann::json& number);

}  // namespace hw4::derive
