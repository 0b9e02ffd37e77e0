// A problem set read and validated: what `solve` runs, and the key `grade` and `vary` use, with
// SPEC's key additions (`points`, `grade`, `vary`).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "hw4/derive/claims.h"
#include "hw4/derive/solve.h"

namespace hw4::cli {

// An answer that counts in `grade`: its pointer into the result, points and tolerance.
struct GradedAnswer {
  std::string pointer;
  double points = 1;
  derive::Tolerance tolerance;
  nlohmann::json tolerance_json;  // as written, kept when vary writes a key
};

// One input `vary` draws: a pointer into the problem (under /input/) and its distribution.
struct VaryEntry {
  enum class Kind { kChoices, kRange, kUniform };
  std::string pointer;
  Kind kind = Kind::kChoices;
  std::vector<nlohmann::json> choices;
  std::int64_t lo = 0, hi = 0, step = 1;  // range: lo, lo + step, ... <= hi
  double low = 0, high = 0;               // uniform
  int decimals = 0;
};

struct Problem {
  derive::ProblemOutcome outcome;  // id, title, explanation
  std::string command, mode;
  nlohmann::json json;  // the problem as written (vary draws into it, grade re-solves it)
  Task task;            // empty for a problem answered in words only
  std::vector<std::pair<std::string, nlohmann::json>> claims;
  double points = 1;
  std::vector<GradedAnswer> graded;  // in the key's order
  std::vector<VaryEntry> vary;       // in byte order of the pointers (SPEC)
};

struct ProblemSet {
  std::string title;
  std::vector<Problem> problems;
};

// Reads and checks every problem (throws InputError naming the problem's field); no problem is
// solved.
ProblemSet read_problem_set(const input::JsonReader& in, const Context& context);

// Prepares one problem's command on another input (a drawn variant, a mistake made): the task,
// or InputError at the input's pointer.
Task prepare_input(const Problem& problem, const nlohmann::json& input, const Context& context);

// Runs a problem's task: its answer with the command and mode filled in.
report::Answer run_problem(const Problem& problem);

}  // namespace hw4::cli
