// `hw4 solve FILE`: a whole problem set to one answer key, every claim confirmed or refuted.
#include <fmt/format.h>

#include "cli/command.h"
#include "cli/problem_set.h"
#include "hw4/derive/solve.h"
#include "hw4/report/render.h"

namespace hw4::cli {

namespace {

Task prepare_solve(const input::JsonReader& in, const Context& context) {
  // Every problem is read and checked before any is solved.
  ProblemSet set = read_problem_set(in, context);
  return [title = std::move(set.title), problems = std::move(set.problems)]() mutable {
    std::vector<derive::ProblemOutcome> outcomes;
    nlohmann::json envelopes = nlohmann::json::array();
    for (Problem& p : problems) {
      nlohmann::json envelope = {{"id", p.outcome.id}, {"title", p.outcome.title}};
      if (!p.outcome.explanation.empty()) envelope["explanation"] = p.outcome.explanation;
      if (p.task) {
        report::Answer answer = run_problem(p);
        envelope.update(report::envelope(answer, report::RenderOptions{}));
        nlohmann::json checks = nlohmann::json::array();
        for (const auto& [pointer, claimed] : p.claims) {
          derive::ClaimCheck c = derive::check_claim(answer.result, pointer, claimed);
          checks.push_back({{"pointer", c.pointer}, {"claimed", c.claimed}, {"actual", c.actual},
                            {"verdict", c.confirmed ? "confirmed" : "refuted"},
                            {"evidence", c.evidence}});
          p.outcome.claims.push_back(std::move(c));
        }
        if (!p.claims.empty()) envelope["claims"] = std::move(checks);
        p.outcome.answer = std::move(answer);
      }
      envelopes.push_back(std::move(envelope));
      outcomes.push_back(std::move(p.outcome));
    }
    report::Answer key = derive::solve_problem_set(title, outcomes);
    key.result["problems"] = std::move(envelopes);
    return key;
  };
}

}  // namespace

Command solve_command() {
  return {"solve",
          "a whole problem-set file to one answer key, every claimed answer checked",
          {{"",
            "solve every problem of a problem set and check its claims",
            "  hw4 solve data/hw4.json --format markdown -o answer-key.md\n"
            "  problem set: {\"title\": \"HW4\", \"problems\": [{\"id\": \"6.1\", \"command\": "
            "\"skipgram\",\n    \"mode\": \"pairs\", \"input\": {\"text\": \"a b c\", \"window\": "
            "1}, \"claim\": {\"/count\": 4}}]}\n",
            prepare_solve,
            {}}}};
}

}  // namespace hw4::cli
