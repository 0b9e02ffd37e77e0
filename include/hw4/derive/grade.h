// Grading a class against a computed key: each answer judged as a claim is, with the points,
// what was accepted in words and, for a wrong answer, the known mistake that produces it; then
// the class's statistics per question and the document every format renders.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw4/derive/claims.h"
#include "hw4/report/report.h"

namespace hw4::derive {

struct Diagnosis {
  std::string code;     // SPEC's: bias_left_out, sign_flipped, ...
  std::string message;  // what the mistake is, for the student
};

// The value an answer takes when a known mistake is made (the problem re-solved with it).
struct MistakenValue {
  Diagnosis diagnosis;
  nlohmann::json value;
};

// One graded answer of a key, with hw4's computed value.
struct KeyAnswer {
  std::string pointer;
  double points = 1;
  Tolerance tolerance;
  nlohmann::json expected;
  std::vector<MistakenValue> mistakes;  // those whose value differs from the expected one
};

struct KeyProblem {
  std::string id;
  std::vector<KeyAnswer> answers;
};

struct Key {
  std::string title;
  std::vector<KeyProblem> problems;  // only problems with graded answers
};

// A student's submission: answers[problem id][pointer] = value. `error` when it could not be
// read (then `student` is the file's name or "line N").
struct Submission {
  std::string student;
  std::string name;
  nlohmann::json answers = nlohmann::json::object();
  std::optional<std::string> error;
};

enum class Verdict { kCorrect, kWrong, kMissing };

struct AnswerGrade {
  std::string pointer;
  nlohmann::json given;  // null when missing
  nlohmann::json expected;
  Verdict verdict = Verdict::kMissing;
  double points = 0;
  double max_points = 0;
  std::string accepted;
  std::optional<Diagnosis> diagnosis;  // wrong answers only
};

struct ProblemGrade {
  std::string id;
  double score = 0;
  double max_score = 0;
  std::vector<AnswerGrade> answers;
};

struct StudentGrade {
  std::string student;
  std::string name;
  std::optional<double> score;  // null when the submission could not be read
  double max_score = 0;
  std::vector<ProblemGrade> problems;
  std::optional<std::string> error;
};

// Judges every graded answer of the key; a submission with an error becomes its error row.
StudentGrade grade_submission(const Key& key, const Submission& submission);

// The maximum score of a key.
double max_score(const Key& key);

struct WrongAnswer {
  nlohmann::json given;  // a polynomial in hw4's text form, a number as given
  std::size_t count = 0;
  std::optional<Diagnosis> diagnosis;
};

struct QuestionStats {
  std::string id;
  std::string pointer;
  double max_score = 0;
  double mean_score = 0;
  double correct_fraction = 0;
  std::vector<WrongAnswer> wrong_answers;  // most common first
  std::size_t graded = 0;                  // students counted (readable submissions)
};

// Per question (problem id and pointer, in the order they first appear): mean score and
// fraction correct over the readable submissions (a missing answer counts as 0), and the wrong
// answers grouped by value.
std::vector<QuestionStats> question_stats(const std::vector<StudentGrade>& students);

// SPEC's result {students, questions} and the document: feedback per student, then the class's
// statistics. `negative` when a submission could not be read.
report::Answer grade_report(const std::string& title, const std::vector<StudentGrade>& students,
                            const std::vector<QuestionStats>& questions);

}  // namespace hw4::derive
