// The known mistakes `grade` diagnoses, each made by re-solving the problem: an input transform
// (or a core option the input selects) run through the problem's own command.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "cli/problem_set.h"
#include "hw4/derive/grade.h"

namespace hw4::cli {

// For each graded answer of the problem (in order), the values its known mistakes give, where
// they differ from `result` (the problem's right result). A mistake that does not apply to the
// command, or that makes the input invalid, gives nothing.
std::vector<std::vector<derive::MistakenValue>> mistaken_values(const Problem& problem,
                                                                const nlohmann::json& result,
                                                                const Context& context);

}  // namespace hw4::cli
