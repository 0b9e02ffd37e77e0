// The answer key: one part per problem, claims first, then the problem's own derivation.
#include "hw4/derive/solve.h"

namespace hw4::derive {

namespace {

// A claimed or actual value as it reads in a table (short JSON).
report::Formula table_cell(const nlohmann::json& value) {
  if (value.is_string()) return report::name(value.get<std::string>());
  if (value.is_number_float()) return report::num(value.get<double>());
  std::string s = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return report::name(s);
}

}  // namespace

report::Answer solve_problem_set(const std::string& title,
                                 const std::vector<ProblemOutcome>& problems) {
  report::Answer out;
  out.report.title = title;
  std::size_t confirmed = 0, refuted = 0;
  for (const ProblemOutcome& p : problems) {
    report::Report part;
    part.title = p.id + (p.title.empty() ? "" : " — " + p.title);
    if (!p.explanation.empty()) {
      part.sections.push_back({"Answer", {report::Text(p.explanation)}});
    }
    if (!p.claims.empty()) {
      report::Section claims{"Claims checked", {}};
      report::Table table{{"claim", "claimed", "computed", "verdict", "evidence"}, {}, ""};
      for (const ClaimCheck& c : p.claims) {
        (c.confirmed ? confirmed : refuted) += 1;
        table.rows.push_back({report::name(c.pointer), table_cell(c.claimed), table_cell(c.actual),
                              report::name(c.confirmed ? "confirmed" : "REFUTED"),
                              report::name(c.evidence)});
      }
      claims.blocks.push_back(std::move(table));
      part.sections.push_back(std::move(claims));
    }
    if (p.answer) {
      for (const report::Section& s : p.answer->report.sections) part.sections.push_back(s);
      for (const report::Note& n : p.answer->notes) {
        part.sections.push_back({"Note", {report::Text(n.message)}});
      }
    }
    out.report.parts.push_back(std::move(part));
  }
  report::Section summary{"Summary", {}};
  summary.blocks.push_back(report::Text(
      std::to_string(problems.size()) + " problems; " + std::to_string(confirmed) +
      " claims confirmed, " + std::to_string(refuted) + " refuted."));
  out.report.sections.push_back(std::move(summary));
  out.result = {{"title", title},
                {"claims", {{"confirmed", confirmed}, {"refuted", refuted}}}};
  out.negative = refuted > 0;
  return out;
}

}  // namespace hw4::derive
