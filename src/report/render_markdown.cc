// GitHub-flavoured Markdown: headings, prose with $math$, steps as bullets (```math blocks when
// a formula holds line breaks, which GitHub's inline math would mangle), pipe tables.
#include <string>

#include "hw4/report/render.h"
#include "report/render_common.h"

namespace hw4::report {

namespace {

std::string inline_math(const Formula& f, const RenderOptions& options) {
  if (detail::same_in_both(f)) return detail::plain(f, options);
  return "$" + detail::latex(f, options) + "$";
}

std::string text_markdown(const Text& text, const RenderOptions& options) {
  std::string out;
  for (const Span& span : text.spans) {
    out += span.math ? inline_math(*span.math, options) : span.prose;
  }
  return out;
}

std::string escape_cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string render_markdown(const Report& report, const RenderOptions& options,
                            int heading_level) {
  const std::string h1(static_cast<std::size_t>(heading_level), '#');
  const std::string h2 = h1 + "#";
  std::string out;
  if (!report.title.empty()) out += h1 + " " + report.title + "\n";
  for (const Section& section : report.sections) {
    out += "\n";
    if (!section.heading.empty()) out += h2 + " " + section.heading + "\n\n";
    bool in_list = false;
    for (const Block& block : section.blocks) {
      const bool is_step = std::holds_alternative<Step>(block);
      if (in_list && !is_step) out += "\n";
      in_list = is_step;
      if (const auto* text = std::get_if<Text>(&block)) {
        out += text_markdown(*text, options) + "\n\n";
      } else if (const auto* step = std::get_if<Step>(&block)) {
        const Formula equation = detail::step_equation(*step);
        const std::string latex = detail::latex(equation, options);
        std::string line = "- ";
        if (!step->label.empty()) line += "**" + step->label + "**" + (equation.empty() ? "" : ": ");
        if (latex.find("\\\\") != std::string::npos) {
          line += "\n\n  ```math\n  " + latex + "\n  ```\n";
        } else if (!equation.empty()) {
          line += inline_math(equation, options);
        }
        const std::string note = text_markdown(step->note, options);
        if (!note.empty()) line += (line.back() == '\n' ? "  " : " — ") + note;
        out += line + "\n";
      } else {
        const Table& table = std::get<Table>(block);
        if (!table.caption.empty()) out += "*" + table.caption + "*\n\n";
        out += "|";
        for (const auto& h : table.header) out += " " + escape_cell(h) + " |";
        out += "\n|";
        for (std::size_t i = 0; i < table.header.size(); ++i) out += " --- |";
        out += "\n";
        for (const auto& row : table.rows) {
          out += "|";
          for (const Formula& cell : row) out += " " + escape_cell(inline_math(cell, options)) + " |";
          out += "\n";
        }
        out += "\n";
      }
    }
    if (in_list) out += "\n";
  }
  for (const Report& part : report.parts) {
    out += "\n" + render_markdown(part, options, heading_level + 1) + "\n";
  }
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

}  // namespace hw4::report
