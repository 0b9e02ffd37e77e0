// `hw4 grade KEY SUBMISSION...` (or `--variants DIR SUBMISSION...`): a class's answers judged
// against the key hw4 computes, with feedback, diagnoses, statistics and a gradebook.
#include <map>

#include <fmt/format.h>

#include "cli/answer_key.h"
#include "cli/grade_formats.h"
#include "cli/read_submission.h"
#include "cli/variants.h"
#include "hw4/error.h"
#include "hw4/input/load.h"

namespace hw4::cli {

namespace {

// Each student against DIR/<student>/key.json; a student without a readable variant is that
// row's error.
std::vector<derive::StudentGrade> grade_variants(const std::filesystem::path& dir,
                                                 const std::vector<derive::Submission>& submissions,
                                                 std::istream& in) {
  std::map<std::string, derive::Key> keys;
  std::vector<derive::StudentGrade> grades;
  for (derive::Submission s : submissions) {
    if (!s.error && !keys.contains(s.student)) {
      const std::filesystem::path key_path = dir / s.student / "key.json";
      if (!is_variant_id(s.student)) {
        s.error = fmt::format("\"{}\" is not a variant id (letters, digits, _ and -)", s.student);
      } else if (!std::filesystem::exists(key_path)) {
        s.error = fmt::format("no variant for student \"{}\" in {}", s.student, dir.string());
      } else {
        try {
          const input::Document doc = input::load_document(key_path.string(), in);
          const ProblemSet set = read_problem_set(input::JsonReader(doc.json), {doc.base_dir});
          keys.emplace(s.student, solve_key(set, {doc.base_dir}, true));
        } catch (const Error& e) {
          s.error = fmt::format("{}: {}", key_path.string(), e.what());
        }
      }
    }
    grades.push_back(s.error ? derive::grade_submission({}, s) : derive::grade_submission(keys.at(s.student), s));
  }
  return grades;
}

Task prepare_grade(const input::JsonReader& in, const Context& context) {
  if (context.options.contains("variants")) {
    const std::filesystem::path dir = context.options["variants"].get<std::string>();
    if (!std::filesystem::is_directory(dir)) {
      throw Error(ErrorKind::kUsage, fmt::format("--variants {}: no such folder", dir.string()));
    }
    return [dir, context] {
      const auto submissions = read_submissions(context.arguments, *context.in);
      const auto grades = grade_variants(dir, submissions, *context.in);
      return derive::grade_report("Grades (variants in " + dir.string() + ")", grades,
                                  derive::question_stats(grades));
    };
  }
  ProblemSet set = read_problem_set(in, context);
  bool graded = false;
  for (const Problem& p : set.problems) graded = graded || !p.graded.empty();
  if (!graded) in.fail("the key grades nothing: give its problems a \"grade\" {pointer: {...}}");
  return [set = std::move(set), context] {
    // The key is solved before any submission is read: a key that fails stops here (exit 2).
    const derive::Key key = solve_key(set, context, true);
    std::vector<derive::StudentGrade> grades;
    for (const derive::Submission& s : read_submissions(context.arguments, *context.in)) {
      grades.push_back(derive::grade_submission(key, s));
    }
    return derive::grade_report("Grades: " + key.title, grades, derive::question_stats(grades));
  };
}

}  // namespace

Command grade_command() {
  Mode mode{"",
            "judge a class's submitted answers against the key hw4 computes",
            "  hw4 grade data/examples/grade/key.json data/examples/grade/submissions/\n"
            "  hw4 grade key.json class.ndjson --format csv -o gradebook.csv\n"
            "  hw4 grade --variants variants/ submissions/\n"
            "  submission: {\"student\": \"s123\", \"name\": \"Ada\", \"answers\": {\"1.1\": "
            "{\"/models/A/params/text\": \"38C^2 + 6C\"}}}\n",
            prepare_grade,
            {{"variants", FieldFlag::Type::kPath,
              "grade each student against DIR/<student>/key.json (written by hw4 vary); no KEY", ""}},
            true};
  mode.takes_arguments = true;
  mode.arguments_help = "SUBMISSION...: files, folders of *.json, .ndjson streams or - (NDJSON on standard input)";
  mode.formats = {{"csv", ".csv", render_gradebook_csv}, {"gradescope", "", render_gradescope}};
  return {"grade", "a class's submitted answers -> scores, feedback, diagnoses, gradebook", {mode}};
}

}  // namespace hw4::cli
