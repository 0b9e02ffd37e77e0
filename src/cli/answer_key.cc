// Solving a key: the problems' own tasks, then the mistakes' re-solves.
#include "cli/answer_key.h"

#include <fmt/format.h>

#include "cli/mistakes.h"
#include "hw4/error.h"
#include "hw4/input/json_reader.h"

namespace hw4::cli {

derive::Key solve_key(const ProblemSet& set, const Context& context, bool diagnose) {
  derive::Key key{set.title, {}};
  for (std::size_t i = 0; i < set.problems.size(); ++i) {
    const Problem& p = set.problems[i];
    if (p.graded.empty()) continue;
    const nlohmann::json result = run_problem(p).result;
    derive::KeyProblem kp{p.outcome.id, {}};
    for (const GradedAnswer& g : p.graded) {
      const nlohmann::json::json_pointer at(g.pointer);
      if (!result.contains(at)) {
        throw InputError(input::append_pointer(fmt::format("/problems/{}/grade", i), g.pointer),
                         "the result has no value at this pointer");
      }
      kp.answers.push_back({g.pointer, g.points, g.tolerance, result.at(at), {}});
    }
    if (diagnose) {
      auto mistaken = mistaken_values(p, result, context);
      for (std::size_t j = 0; j < kp.answers.size(); ++j) kp.answers[j].mistakes = std::move(mistaken[j]);
    }
    key.problems.push_back(std::move(kp));
  }
  return key;
}

}  // namespace hw4::cli
