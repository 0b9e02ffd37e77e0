// A problem set solved into grade's key: every graded answer's computed value and, for grading,
// the values its known mistakes give.
#pragma once

#include "cli/problem_set.h"
#include "hw4/derive/grade.h"

namespace hw4::cli {

// Solves each problem that has graded answers, once. Throws InputError at
// /problems/<i>/grade/<pointer> when the result has no value there, and whatever a problem's
// command throws (a key that does not solve is exit 2). With `diagnose`, each answer also gets
// its mistaken values (mistakes.h).
derive::Key solve_key(const ProblemSet& set, const Context& context, bool diagnose);

}  // namespace hw4::cli
