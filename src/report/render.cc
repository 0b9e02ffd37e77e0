// render(): one Answer in the requested format, and the SPEC's JSON envelope.
#include <string>
#include <utility>

#include "hw4/report/render.h"
#include "report/render_common.h"

namespace hw4::report {

namespace {

std::string latex_notes(const Answer& answer) {
  if (answer.notes.empty()) return "";
  std::string out = "\\paragraph*{Notes}\n\\begin{itemize}\n";
  for (const Note& note : answer.notes) out += "\\item " + escape_latex(note.message) + "\n";
  return out + "\\end{itemize}\n";
}

// The fragment as the body of a document pdflatex compiles as it is: the report's title becomes
// the document's, and its sections move up a level to \section*. The packages are those of
// Debian's texlive-latex-base.
std::string latex_document(const Answer& answer, const RenderOptions& options) {
  Report body = answer.report;
  body.title.clear();
  std::string out =
      "\\documentclass[11pt]{article}\n"
      "\\usepackage[a4paper,margin=2cm]{geometry}\n"
      "\\usepackage{amsmath,amssymb}\n"
      "\\setlength{\\emergencystretch}{3em}\n"  // a long formula or name may stretch a line's spaces
      "\\title{" + escape_latex(answer.report.title) + "}\n"
      "\\date{hw4 " HW4_VERSION "}\n"
      "\\begin{document}\n";
  if (!answer.report.title.empty()) out += "\\maketitle\n";
  return out + render_latex(body, options, -1) + latex_notes(answer) + "\\end{document}\n";
}

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
    std::string text;
    std::string latex;
    detail::text_section(section, options, text);
    detail::latex_section(section, options, latex);
    derivation.push_back({{"title", section.heading}, {"text", std::move(text)}, {"latex", std::move(latex)}});
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
      if (options.standalone) return latex_document(answer, options);
      out = render_latex(answer.report, options, 0);
      return out + latex_notes(answer);
    case Format::kJson:
      return envelope(answer, options)
                 .dump(options.compact ? -1 : 2, ' ', false, nlohmann::json::error_handler_t::replace) +
             "\n";
  }
  return out;
}

}  // namespace hw4::report
