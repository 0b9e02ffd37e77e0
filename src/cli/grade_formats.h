// grade's own output formats, written from its result: the CSV gradebook and Gradescope's
// autograder results.json (SPEC "grade and vary").
#pragma once

#include <string>

#include "hw4/report/report.h"

namespace hw4::cli {

// A CSV field: quoted as RFC 4180 asks, and a leading = + - @ guarded with ' so a spreadsheet
// shows the text instead of running it as a formula.
std::string csv_field(std::string text);

// `student,name,<problem id>...,total,max,percent,error`, a `points possible` row, then one
// row per student: scores to 4 decimals, percent 0–100 to 2; an unreadable submission has empty
// scores and its message under `error`. Fields are quoted as RFC 4180 asks, and a text field
// starting with = + - @ gets a leading ' so a spreadsheet does not run it as a formula.
std::string render_gradebook_csv(const report::Answer& grades);

// {score, tests [{name: "<id> <pointer>", number: "<id>", score, max_score, status, output}]}
// for exactly one submission (throws Error(kUsage) otherwise); an unreadable one gives score 0
// and its message as `output`.
std::string render_gradescope(const report::Answer& grades);

}  // namespace hw4::cli
