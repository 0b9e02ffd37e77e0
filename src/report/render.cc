// render(): one Answer in the requested format, and the SPEC's JSON envelope.
#include <string>

#include "hw4/report/render.h"
#include "report/render_common.h"

namespace hw4::report {

namespace {

Report section_only(const Section& section) { return Report{"", {section}, {}}; }

}  // namespace

std::string render_formula(const Formula& formula, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::kText:
    case Format::kJson:
      return detail::plain(formula, options);
    case Format::kMarkdown:
      return detail::same_in_both(formula) ? detail::plain(formula, options)
                                           : "$" + detail::latex(formula, options) + "$";
    case Format::kLatex:
      return detail::latex(formula, options);
  }
  return {};
}

nlohmann::json envelope(const Answer& answer, const RenderOptions& options) {
  nlohmann::json derivation = nlohmann::json::array();
  for (const Section& section : answer.report.sections) {
    Section body = section;
    body.heading.clear();
    derivation.push_back({{"title", section.heading},
                          {"text", render_text(section_only(body), options).substr(1)},
                          {"latex", render_latex(section_only(body), options, 1)}});
  }
  nlohmann::json notes = nlohmann::json::array();
  for (const Note& note : answer.notes) {
    notes.push_back({{"code", note.code}, {"message", note.message}});
  }
  return {{"hw4", HW4_VERSION},       {"command", answer.command}, {"mode", answer.mode},
          {"result", answer.result},  {"derivation", derivation},  {"notes", notes}};
}

std::string render(const Answer& answer, Format format, const RenderOptions& options) {
  std::string out;
  switch (format) {
    case Format::kText:
      out = render_text(answer.report, options);
      for (const Note& note : answer.notes) out += "\nnote: " + note.message + "\n";
      return out;
    case Format::kMarkdown:
      out = render_markdown(answer.report, options, 1);
      if (!answer.notes.empty()) {
        out += "\n**Notes**\n\n";
        for (const Note& note : answer.notes) out += "- " + note.message + "\n";
      }
      return out;
    case Format::kLatex:
      out = render_latex(answer.report, options, 0);
      if (!answer.notes.empty()) {
        out += "\\paragraph*{Notes}\n\\begin{itemize}\n";
        for (const Note& note : answer.notes) out += "\\item " + escape_latex(note.message) + "\n";
        out += "\\end{itemize}\n";
      }
      return out;
    case Format::kJson:
      return envelope(answer, options).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  return out;
}

}  // namespace hw4::report
