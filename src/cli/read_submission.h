// Reading students' submissions for `grade`: files, folders of *.json files and NDJSON streams.
// A submission that cannot be read becomes that student's error row; it never stops the others.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "hw4/derive/grade.h"
#include "hw4/input/json_reader.h"

namespace hw4::cli {

// Limits checked before anything grows (README "Limits").
inline constexpr std::size_t kMaxSubmissions = 100'000;

// One submission document {student, name?, answers: {problem id: {pointer: value}}}; throws
// InputError at the offending pointer.
derive::Submission read_submission(const input::JsonReader& in);

// The submissions of an NDJSON text, one per non-blank line; a bad line is the row `line N`.
std::vector<derive::Submission> read_submission_lines(const std::string& text,
                                                      const std::string& source);

// Every SUBMISSION argument in order: a file, a folder (its *.json files in name order), an
// NDJSON stream (a `.ndjson` file, or "-" for `stdin_stream`). A file that cannot be read is the
// row named by its file name without extension.
std::vector<derive::Submission> read_submissions(const std::vector<std::string>& arguments,
                                                 std::istream& stdin_stream);

}  // namespace hw4::cli
