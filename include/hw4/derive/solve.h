// The answer key of a problem set: every problem's derivation with its claims checked.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hw4/derive/claims.h"
#include "hw4/report/report.h"

namespace hw4::derive {

struct ProblemOutcome {
  std::string id;
  std::string title;
  std::string explanation;               // the answer in words, where the problem set gives one
  std::optional<report::Answer> answer;  // when the problem runs a command
  std::vector<ClaimCheck> claims;
};

// One document: a part per problem (its explanation, its claims confirmed or refuted with the
// evidence, then its own derivation). `negative` when any claim is refuted. The result holds the
// title and the claim counts; the CLI adds each problem's envelope.
report::Answer solve_problem_set(const std::string& title, const std::vector<ProblemOutcome>& problems);

}  // namespace hw4::derive
