// Grading: every answer judged by the claim judge, wrong ones matched against the key's
// mistaken values, and the class's statistics.
#include "hw4/derive/grade.h"

#include <algorithm>
#include <map>

namespace hw4::derive {

namespace {

using nlohmann::json;

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kCorrect: return "correct";
    case Verdict::kWrong: return "wrong";
    case Verdict::kMissing: return "missing";
  }
  return "";
}

// A wrong answer's group: a polynomial in hw4's text form, anything else as given.
json group_value(const json& given) {
  if (given.is_string()) {
    if (const auto text = polynomial_text(given.get<std::string>())) return *text;
  }
  return given;
}

// A value as it reads in a table cell (short JSON, strings bare).
report::Formula cell(const json& value) {
  if (value.is_null()) return report::name("—");
  if (value.is_string()) return report::name(value.get<std::string>());
  if (value.is_number_float()) return report::num(value.get<double>());
  std::string s = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return report::name(s);
}

json diagnosis_json(const Diagnosis& d) { return {{"code", d.code}, {"message", d.message}}; }

}  // namespace

double max_score(const Key& key) {
  double total = 0;
  for (const KeyProblem& p : key.problems) {
    for (const KeyAnswer& a : p.answers) total += a.points;
  }
  return total;
}

StudentGrade grade_submission(const Key& key, const Submission& submission) {
  StudentGrade out{submission.student, submission.name, std::nullopt, max_score(key), {},
                   submission.error};
  if (submission.error) return out;
  double score = 0;
  for (const KeyProblem& problem : key.problems) {
    ProblemGrade pg{problem.id, 0, 0, {}};
    const json* answers = submission.answers.contains(problem.id)
                              ? &submission.answers[problem.id]
                              : nullptr;
    for (const KeyAnswer& k : problem.answers) {
      AnswerGrade g{k.pointer, nullptr, k.expected, Verdict::kMissing, 0, k.points, "", std::nullopt};
      if (answers != nullptr && answers->contains(k.pointer)) g.given = (*answers)[k.pointer];
      if (!g.given.is_null()) {
        const Judgement j = judge(g.given, k.expected, k.tolerance);
        g.verdict = j.agrees ? Verdict::kCorrect : Verdict::kWrong;
        if (j.agrees) g.points = k.points;
      }
      g.accepted = accepted(g.given, k.expected, k.tolerance);
      if (g.verdict == Verdict::kWrong) {
        for (const MistakenValue& m : k.mistakes) {
          if (judge(g.given, m.value, k.tolerance).agrees) {
            g.diagnosis = m.diagnosis;
            break;
          }
        }
      }
      pg.score += g.points;
      pg.max_score += g.max_points;
      pg.answers.push_back(std::move(g));
    }
    score += pg.score;
    out.problems.push_back(std::move(pg));
  }
  out.score = score;
  return out;
}

std::vector<QuestionStats> question_stats(const std::vector<StudentGrade>& students) {
  std::vector<QuestionStats> stats;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  // Per question, the groups of wrong answers by their JSON text, with their first diagnosis.
  std::vector<std::map<std::string, WrongAnswer>> groups;
  std::vector<std::size_t> correct;
  for (const StudentGrade& s : students) {
    if (!s.score) continue;
    for (const ProblemGrade& p : s.problems) {
      for (const AnswerGrade& a : p.answers) {
        const auto [it, added] = index.try_emplace({p.id, a.pointer}, stats.size());
        if (added) {
          stats.push_back({p.id, a.pointer, a.max_points, 0, 0, {}, 0});
          groups.emplace_back();
          correct.push_back(0);
        }
        QuestionStats& q = stats[it->second];
        q.graded += 1;
        q.mean_score += a.points;
        q.max_score = std::max(q.max_score, a.max_points);
        if (a.verdict == Verdict::kCorrect) correct[it->second] += 1;
        if (a.verdict != Verdict::kWrong) continue;
        const json value = group_value(a.given);
        WrongAnswer& w = groups[it->second][value.dump()];
        if (w.count == 0) {
          w.given = value;
          w.diagnosis = a.diagnosis;
        }
        w.count += 1;
      }
    }
  }
  for (std::size_t i = 0; i < stats.size(); ++i) {
    QuestionStats& q = stats[i];
    if (q.graded > 0) {
      q.mean_score /= static_cast<double>(q.graded);
      q.correct_fraction = static_cast<double>(correct[i]) / static_cast<double>(q.graded);
    }
    for (auto& [text, w] : groups[i]) q.wrong_answers.push_back(std::move(w));
    // Most common first; the map's order (the answers' JSON text) breaks ties.
    std::stable_sort(q.wrong_answers.begin(), q.wrong_answers.end(),
                     [](const WrongAnswer& a, const WrongAnswer& b) { return a.count > b.count; });
  }
  return stats;
}

report::Answer grade_report(const std::string& title, const std::vector<StudentGrade>& students,
                            const std::vector<QuestionStats>& questions) {
  report::Answer out;
  out.report.title = title;
  json students_json = json::array();
  std::size_t unreadable = 0;
  for (const StudentGrade& s : students) {
    json sj = {{"student", s.student}, {"name", s.name}, {"score", nullptr},
               {"max_score", s.max_score}, {"problems", json::array()}};
    report::Report part;
    part.title = s.student + (s.name.empty() ? "" : " (" + s.name + ")");
    if (s.error) {
      unreadable += 1;
      sj["error"] = *s.error;
      part.sections.push_back({"Not graded", {report::Text("The submission could not be read: " + *s.error)}});
      students_json.push_back(std::move(sj));
      out.report.parts.push_back(std::move(part));
      continue;
    }
    sj["score"] = *s.score;
    report::Table table{{"problem", "answer", "given", "verdict", "points", "accepted", "diagnosis"}, {}, ""};
    for (const ProblemGrade& p : s.problems) {
      json pj = {{"id", p.id}, {"score", p.score}, {"max_score", p.max_score}, {"answers", json::array()}};
      for (const AnswerGrade& a : p.answers) {
        json aj = {{"pointer", a.pointer}, {"given", a.given}, {"expected", a.expected},
                   {"verdict", verdict_name(a.verdict)}, {"points", a.points},
                   {"max_points", a.max_points}, {"accepted", a.accepted}};
        if (a.diagnosis) aj["diagnosis"] = diagnosis_json(*a.diagnosis);
        pj["answers"].push_back(std::move(aj));
        table.rows.push_back({report::name(p.id), report::name(a.pointer), cell(a.given),
                              report::name(verdict_name(a.verdict)),
                              report::num(a.points) + report::name(" / ") + report::num(a.max_points),
                              report::name(a.accepted),
                              report::name(a.diagnosis ? a.diagnosis->message : "")});
      }
      sj["problems"].push_back(std::move(pj));
    }
    report::Section feedback{"Score", {}};
    report::Text score("Score: ");
    score << report::num(*s.score) << " of " << report::num(s.max_score) << ".";
    feedback.blocks.push_back(std::move(score));
    feedback.blocks.push_back(std::move(table));
    part.sections.push_back(std::move(feedback));
    students_json.push_back(std::move(sj));
    out.report.parts.push_back(std::move(part));
  }

  json questions_json = json::array();
  report::Table stats{{"problem", "answer", "points", "mean", "correct", "most common wrong answers"}, {}, ""};
  for (const QuestionStats& q : questions) {
    json wrong = json::array();
    std::string common;
    for (const WrongAnswer& w : q.wrong_answers) {
      json wj = {{"given", w.given}, {"count", w.count}};
      if (w.diagnosis) wj["diagnosis"] = diagnosis_json(*w.diagnosis);
      wrong.push_back(std::move(wj));
      if (wrong.size() <= 3) {
        common += (common.empty() ? "" : "; ") +
                  (w.given.is_string() ? w.given.get<std::string>() : w.given.dump()) + " ×" +
                  std::to_string(w.count) + (w.diagnosis ? " (" + w.diagnosis->code + ")" : "");
      }
    }
    questions_json.push_back({{"id", q.id}, {"pointer", q.pointer}, {"max_score", q.max_score},
                              {"mean_score", q.mean_score}, {"correct_fraction", q.correct_fraction},
                              {"wrong_answers", std::move(wrong)}});
    stats.rows.push_back({report::name(q.id), report::name(q.pointer), report::num(q.max_score),
                          report::num(q.mean_score), report::num(q.correct_fraction),
                          report::name(common.empty() ? "—" : common)});
  }
  report::Section class_section{"Per question", {}};
  class_section.blocks.push_back(report::Text(
      std::to_string(students.size() - unreadable) + " submissions graded" +
      (unreadable > 0 ? ", " + std::to_string(unreadable) + " could not be read" : "") +
      "; mean score and fraction correct per answer (a missing answer counts as 0), and the wrong "
      "answers most often given, with the mistake that produces them where hw4 knows it."));
  class_section.blocks.push_back(std::move(stats));
  // After every student's feedback: the class's statistics close the document.
  report::Report class_part;
  class_part.title = "Class statistics";
  class_part.sections.push_back(std::move(class_section));
  out.report.parts.push_back(std::move(class_part));
  out.result = {{"title", title}, {"students", std::move(students_json)},
                {"questions", std::move(questions_json)}};
  out.negative = unreadable > 0;
  return out;
}

}  // namespace hw4::derive
