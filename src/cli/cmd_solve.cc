// `hw4 solve FILE`: a whole problem set to one answer key, every claim confirmed or refuted.
#include <fmt/format.h>

#include "cli/command.h"
#include "hw4/derive/solve.h"
#include "hw4/report/render.h"

namespace hw4::cli {

namespace {

constexpr std::size_t kMaxProblems = 1000;

struct Problem {
  derive::ProblemOutcome outcome;
  std::string command, mode;
  Task task;  // empty for a problem answered in words only
  std::vector<std::pair<std::string, nlohmann::json>> claims;
};

Problem read_problem(const input::JsonReader& p, const Context& context) {
  p.allow_only({"id", "title", "question", "explanation", "command", "mode", "input", "claim"});
  Problem problem;
  const input::JsonReader id = p.at("id");
  problem.outcome.id = id.is_number() ? std::to_string(id.as_int()) : id.as_string(200);
  problem.outcome.title = p.string_or("title", "");
  problem.outcome.explanation = p.string_or("explanation", "");
  if (const auto command = p.find("command")) {
    problem.command = command->as_string(100);
    if (problem.command == "solve") command->fail("a problem cannot run solve");
    const Mode& mode = requested_mode(p);
    problem.mode = mode.name;
    problem.task = mode.prepare(p.at("input"), context);
  } else if (p.has("input") || p.has("mode")) {
    p.fail("a problem with an input needs a \"command\"");
  }
  if (const auto claims = p.find("claim")) {
    if (!problem.task) claims->fail("claims need a \"command\" whose result they check");
    for (const std::string& pointer : claims->keys()) {
      const input::JsonReader claimed = claims->at(pointer);
      if (!pointer.empty() && pointer.front() != '/') {
        claimed.fail("a claim's key is a JSON pointer into the result, starting with \"/\"");
      }
      try {
        (void)nlohmann::json::json_pointer(pointer);
      } catch (const nlohmann::json::exception&) {
        claimed.fail("not a valid JSON pointer (use ~0 for ~ and ~1 for /)");
      }
      problem.claims.emplace_back(pointer, claimed.json());
    }
  }
  if (!problem.task && problem.outcome.explanation.empty()) {
    p.fail("a problem needs a \"command\" with an \"input\", or an \"explanation\"");
  }
  return problem;
}

Task prepare_solve(const input::JsonReader& in, const Context& context) {
  in.allow_only({"title", "problems"});
  const std::string title = in.string_or("title", "Answer key");
  const input::JsonReader list = in.at("problems");
  std::vector<Problem> problems;
  // Every problem is read and checked before any is solved.
  for (std::size_t i = 0; i < list.size(kMaxProblems); ++i) {
    problems.push_back(read_problem(list[i], context));
  }
  return [title, problems = std::move(problems)]() mutable {
    std::vector<derive::ProblemOutcome> outcomes;
    nlohmann::json envelopes = nlohmann::json::array();
    for (Problem& p : problems) {
      nlohmann::json envelope = {{"id", p.outcome.id}, {"title", p.outcome.title}};
      if (!p.outcome.explanation.empty()) envelope["explanation"] = p.outcome.explanation;
      if (p.task) {
        report::Answer answer = p.task();
        answer.command = p.command;
        answer.mode = p.mode;
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
