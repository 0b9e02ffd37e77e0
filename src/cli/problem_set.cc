// Reading a problem set: each problem's command prepared, its claims, points, graded answers and
// varied inputs checked, before anything is solved.
#include "cli/problem_set.h"

#include <algorithm>

#include <fmt/format.h>

namespace hw4::cli {

namespace {

constexpr std::size_t kMaxProblems = 1000;
constexpr std::size_t kMaxChoices = 10'000;

// A key of `claim` or `grade`: a JSON pointer into the result.
void check_pointer(const std::string& pointer, const input::JsonReader& at, const char* what) {
  if (!pointer.empty() && pointer.front() != '/') {
    at.fail(fmt::format("a {}'s key is a JSON pointer into the result, starting with \"/\"", what));
  }
  try {
    (void)nlohmann::json::json_pointer(pointer);
  } catch (const nlohmann::json::exception&) {
    at.fail("not a valid JSON pointer (use ~0 for ~ and ~1 for /)");
  }
}

derive::Tolerance read_tolerance(const input::JsonReader& t) {
  t.allow_only({"digits", "sigfigs", "rtol", "atol", "exact"});
  derive::Tolerance tolerance;
  const std::size_t kinds = (t.has("digits") ? 1u : 0u) + (t.has("sigfigs") ? 1u : 0u) +
                            (t.has("rtol") || t.has("atol") ? 1u : 0u) + (t.has("exact") ? 1u : 0u);
  if (kinds != 1) {
    t.fail("a tolerance is one of {\"digits\": \"written\"}, {\"sigfigs\": n}, "
           "{\"rtol\": r, \"atol\": a} or {\"exact\": true}");
  }
  if (const auto d = t.find("digits")) {
    (void)d->as_choice({"written"});
  } else if (const auto s = t.find("sigfigs")) {
    tolerance.kind = derive::Tolerance::Kind::kSigfigs;
    tolerance.sigfigs = static_cast<int>(s->as_int(1, 17));
  } else if (const auto e = t.find("exact")) {
    if (!e->as_bool()) e->fail("only {\"exact\": true} is a tolerance");
    tolerance.kind = derive::Tolerance::Kind::kExact;
  } else {
    tolerance.kind = derive::Tolerance::Kind::kClose;
    tolerance.rtol = t.double_or("rtol", 0, 0, 1e6);
    tolerance.atol = t.double_or("atol", 0, 0, 1e300);
  }
  return tolerance;
}

std::vector<GradedAnswer> read_graded(const input::JsonReader& grade, double points) {
  std::vector<GradedAnswer> graded;
  for (const std::string& pointer : grade.keys()) {
    const input::JsonReader g = grade.at(pointer);
    check_pointer(pointer, g, "grade entry");
    g.allow_only({"points", "tolerance"});
    GradedAnswer answer{pointer, g.double_or("points", points, 0, 1e6), {}, nlohmann::json::object()};
    if (const auto t = g.find("tolerance")) {
      answer.tolerance = read_tolerance(*t);
      answer.tolerance_json = t->json();
    }
    graded.push_back(std::move(answer));
  }
  return graded;
}

VaryEntry read_vary_entry(const std::string& pointer, const input::JsonReader& v,
                          const nlohmann::json& problem) {
  if (pointer.rfind("/input/", 0) != 0) {
    v.fail("a vary key is a JSON pointer into the problem's input, starting with \"/input/\"");
  }
  check_pointer(pointer, v, "vary entry");
  if (!problem.contains(nlohmann::json::json_pointer(pointer))) {
    v.fail("the problem has no value at this pointer");
  }
  VaryEntry entry;
  entry.pointer = pointer;
  if (const auto c = v.find("choices")) {
    v.allow_only({"choices"});
    entry.kind = VaryEntry::Kind::kChoices;
    const std::size_t n = c->size(kMaxChoices);
    if (n == 0) c->fail("expected at least one choice");
    for (std::size_t i = 0; i < n; ++i) entry.choices.push_back((*c)[i].json());
  } else if (const auto r = v.find("range")) {
    v.allow_only({"range", "step"});
    entry.kind = VaryEntry::Kind::kRange;
    if (r->size(2) != 2) r->fail("expected [lo, hi]");
    entry.lo = (*r)[0].as_int(-(std::int64_t{1} << 52), std::int64_t{1} << 52);
    entry.hi = (*r)[1].as_int(entry.lo, std::int64_t{1} << 52);
    entry.step = v.int_or("step", 1, 1, std::int64_t{1} << 52);
  } else if (const auto u = v.find("uniform")) {
    v.allow_only({"uniform", "decimals"});
    entry.kind = VaryEntry::Kind::kUniform;
    if (u->size(2) != 2) u->fail("expected [low, high]");
    entry.low = (*u)[0].as_double(-1e12, 1e12);
    entry.high = (*u)[1].as_double(entry.low, 1e12);
    entry.decimals = static_cast<int>(v.int_or("decimals", 2, 0, 9));
  } else {
    v.fail("a vary entry is {\"choices\": [...]}, {\"range\": [lo, hi], \"step\"?} or "
           "{\"uniform\": [low, high], \"decimals\"?}");
  }
  return entry;
}

Problem read_problem(const input::JsonReader& p, const Context& context) {
  p.allow_only({"id", "title", "question", "explanation", "command", "mode", "input", "claim",
                "points", "grade", "vary"});
  Problem problem;
  problem.json = p.json();
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
      check_pointer(pointer, claimed, "claim");
      problem.claims.emplace_back(pointer, claimed.json());
    }
  }
  problem.points = p.double_or("points", 1, 0, 1e6);
  if (const auto grade = p.find("grade")) {
    if (!problem.task) grade->fail("graded answers need a \"command\" whose result they check");
    problem.graded = read_graded(*grade, problem.points);
  }
  if (const auto vary = p.find("vary")) {
    if (!problem.task) vary->fail("varied inputs need a \"command\" with an \"input\"");
    for (const std::string& pointer : vary->keys()) {
      problem.vary.push_back(read_vary_entry(pointer, vary->at(pointer), problem.json));
    }
    std::sort(problem.vary.begin(), problem.vary.end(),
              [](const VaryEntry& a, const VaryEntry& b) { return a.pointer < b.pointer; });
  }
  if (!problem.task && problem.outcome.explanation.empty()) {
    p.fail("a problem needs a \"command\" with an \"input\", or an \"explanation\"");
  }
  return problem;
}

}  // namespace

ProblemSet read_problem_set(const input::JsonReader& in, const Context& context) {
  in.allow_only({"title", "problems"});
  ProblemSet set{in.string_or("title", "Answer key"), {}};
  const input::JsonReader list = in.at("problems");
  for (std::size_t i = 0; i < list.size(kMaxProblems); ++i) {
    set.problems.push_back(read_problem(list[i], context));
  }
  return set;
}

Task prepare_input(const Problem& problem, const nlohmann::json& input, const Context& context) {
  const Mode* mode = find_mode(problem.command, problem.mode);
  return mode->prepare(input::JsonReader(input, "/input"), context);
}

report::Answer run_problem(const Problem& problem) {
  report::Answer answer = problem.task();
  answer.command = problem.command;
  answer.mode = problem.mode;
  return answer;
}

}  // namespace hw4::cli
