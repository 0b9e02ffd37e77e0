// How every gradient mode reports its finite-difference check (the result's `gradient_check`
// object, a derivation section, and the notes that go with it), and the helpers the derivations
// share to write numbers, vectors and matrices into the JSON result and the steps.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hw4/core/gradient_check.h"
#include "hw4/report/report.h"

namespace hw4::derive {

// {"max_abs_error", "max_rel_error", "passed", "checked", "coordinates", "step"}; a non-finite
// error (f was not finite at x ± h) is written null.
nlohmann::json gradient_check_json(const core::GradientCheck& check);

// The section "Gradient check": what was perturbed (`what`, prose), the difference quotient,
// the tolerance rule, the largest error and the verdict.
report::Section gradient_check_section(const core::GradientCheck& check, const std::string& what);

// Notes for a check that failed, compared only a subset, or used one-sided differences at kinks.
std::vector<report::Note> gradient_check_notes(const core::GradientCheck& check);

// A vector or a matrix as JSON numbers (rows of a matrix as lists), with −0 written as 0.
nlohmann::json vector_json(const Eigen::VectorXd& values);
nlohmann::json matrix_json(const Eigen::MatrixXd& values);
// A JSON number (−0 written as 0), or null where it is not finite (SPEC: never NaN in the
// output).
nlohmann::json number_or_null(double v);

// A gradient derivation writes out the steps of its first kMaxWorkedSteps samples (or words) and
// tabulates up to kMaxTableSamples; the JSON result has them all.
inline constexpr Eigen::Index kMaxWorkedSteps = 6;
inline constexpr Eigen::Index kMaxTableSamples = 200;

// A matrix or vector (1 × n) as a step's result, or nothing when it has more than 400 entries
// (the derivation stays readable; the JSON result has it in full).
inline constexpr Eigen::Index kMaxShownEntries = 400;
report::Value shown(const Eigen::MatrixXd& values);
// A vector as a row (1 × n), likewise.
report::Value shown_row(const Eigen::VectorXd& values);

}  // namespace hw4::derive
