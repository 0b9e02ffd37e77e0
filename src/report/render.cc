// render(): one Answer in the requested format, and the SPEC's JSON envelope.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

namespace {

nlohmann::json derivation_json(const Answer& answer, const RenderOptions& options) {
  nlohmann::json derivation = nlohmann::json::array();
  for (const Section& section : answer.report.sections) {
    std::string text;
    std::string latex;
    detail::text_section(section, options, text);
    detail::latex_section(section, options, latex);
    derivation.push_back({{"title", section.heading}, {"text", std::move(text)}, {"latex", std::move(latex)}});
  }
  return derivation;
}

nlohmann::json notes_json(const Answer& answer) {
  nlohmann::json notes = nlohmann::json::array();
  for (const Note& note : answer.notes) {
    notes.push_back({{"code", note.code}, {"message", note.message}});
  }
  return notes;
}

// Every field of the SPEC envelope {hw4, command, mode, result, derivation, notes} but the result.
nlohmann::json envelope_without_result(const Answer& answer, const RenderOptions& options) {
  return {{"hw4", HW4_VERSION},
          {"command", answer.command},
          {"mode", answer.mode},
          {"derivation", derivation_json(answer, options)},
          {"notes", notes_json(answer)}};
}

// The envelope as text, the same as envelope()'s dump: written field by field in the object's
// (sorted) order, so that the result, often most of the answer, is serialized where it is
// instead of being copied into a second tree first (a tenth of a ResNet-50 count).
std::string envelope_text(const Answer& answer, const RenderOptions& options) {
  const nlohmann::json rest = envelope_without_result(answer, options);
  std::vector<std::pair<std::string_view, const nlohmann::json*>> fields;
  for (const auto& [key, value] : rest.items()) fields.emplace_back(key, &value);
  const std::string_view result_key = "result";
  const auto at = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first > result_key; });
  fields.insert(at, {result_key, &answer.result});

  const int indent = options.compact ? -1 : 2;
  std::string out = "{";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto& [key, value] = fields[i];
    const std::string text = value->dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
    if (i > 0) out += ",";
    if (indent < 0) {
      out.append("\"").append(key).append("\":").append(text);
      continue;
    }
    // One level deeper: every line break of the value's own dump is structural (a string's
    // newlines are escaped), so indenting after each one nests it.
    out.append("\n  \"").append(key).append("\": ");
    for (const char c : text) {
      out += c;
      if (c == '\n') out += "  ";
    }
  }
  return out + (indent < 0 ? "}" : "\n}");
}

}  // namespace

nlohmann::json envelope(const Answer& answer, const RenderOptions& options) {
  nlohmann::json out = envelope_without_result(answer, options);
  out["result"] = answer.result;
  return out;
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
      return envelope_text(answer, options) + "\n";
  }
  return out;
}

}  // namespace hw4::report
