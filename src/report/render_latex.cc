// A LaTeX fragment that compiles inside \begin{document} with amsmath alone: starred sectioning,
// prose escaped, steps as display-width paragraphs, tables as tabular.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "hw4/report/render.h"
#include "report/render_common.h"

namespace hw4::report {

namespace {

// The Unicode symbols prose may use, and their LaTeX spelling in text mode.
constexpr std::array<std::pair<std::string_view, std::string_view>, 40> kUnicode{{
    {"×", "$\\times$"}, {"·", "$\\cdot$"}, {"−", "$-$"}, {"–", "--"}, {"—", "---"},
    {"≤", "$\\le$"}, {"≥", "$\\ge$"}, {"≠", "$\\ne$"}, {"≈", "$\\approx$"}, {"σ", "$\\sigma$"},
    {"ε", "$\\varepsilon$"}, {"θ", "$\\theta$"}, {"λ", "$\\lambda$"}, {"Σ", "$\\Sigma$"},
    {"∂", "$\\partial$"}, {"→", "$\\to$"}, {"∞", "$\\infty$"}, {"²", "$^2$"}, {"³", "$^3$"},
    {"₀", "$_0$"}, {"₁", "$_1$"}, {"₂", "$_2$"}, {"₃", "$_3$"}, {"′", "$'$"}, {"“", "``"},
    {"”", "''"}, {"’", "'"}, {"‘", "`"}, {"…", "\\ldots{}"}, {"ŷ", "$\\hat{y}$"},
    {"⊗", "$\\otimes$"}, {"√", "$\\surd$"}, {"∈", "$\\in$"}, {"α", "$\\alpha$"},
    {"β", "$\\beta$"}, {"η", "$\\eta$"}, {"μ", "$\\mu$"}, {"∇", "$\\nabla$"}, {"±", "$\\pm$"},
    {"✓", "$\\checkmark$"},
}};

const std::array<std::string_view, 5> kHeadings{"section", "subsection", "subsubsection",
                                                "paragraph", "subparagraph"};

std::string heading(int level, const std::string& title) {
  const auto i = static_cast<std::size_t>(std::clamp(level, 0, 4));
  return "\\" + std::string(kHeadings[i]) + "*{" + escape_latex(title) + "}\n";
}

std::string text_latex(const Text& text, const RenderOptions& options) {
  std::string out;
  for (const Span& span : text.spans) {
    out += span.math ? "$" + detail::latex(*span.math, options) + "$" : escape_latex(span.prose);
  }
  return out;
}

std::string cell_latex(const Formula& f, const RenderOptions& options) {
  if (detail::same_in_both(f)) return escape_latex(detail::plain(f, options));
  return "$" + detail::latex(f, options) + "$";
}

}  // namespace

std::string escape_latex(std::string_view prose) {
  std::string out;
  for (std::size_t i = 0; i < prose.size();) {
    const char c = prose[i];
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      switch (c) {
        case '\\': out += "\\textbackslash{}"; break;
        case '&': case '%': case '$': case '#': case '_': case '{': case '}':
          out += '\\';
          out += c;
          break;
        case '~': out += "\\textasciitilde{}"; break;
        case '^': out += "\\textasciicircum{}"; break;
        case '<': out += "\\textless{}"; break;
        case '>': out += "\\textgreater{}"; break;
        case '|': out += "\\textbar{}"; break;
        default:
          if (byte >= 0x20 || c == '\n' || c == '\t') out += c;
      }
      ++i;
      continue;
    }
    const std::size_t len = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    const std::string_view symbol = prose.substr(i, len);
    std::string_view replacement = "?";
    for (const auto& [from, to] : kUnicode) {
      if (from == symbol) replacement = to;
    }
    out += replacement;
    i += len;
  }
  return out;
}

std::string render_latex(const Report& report, const RenderOptions& options, int heading_level) {
  std::string out;
  if (!report.title.empty()) out += heading(heading_level, report.title);
  for (const Section& section : report.sections) {
    if (!section.heading.empty()) out += heading(heading_level + 1, section.heading);
    for (const Block& block : section.blocks) {
      if (const auto* text = std::get_if<Text>(&block)) {
        out += text_latex(*text, options) + "\n\n";
      } else if (const auto* step = std::get_if<Step>(&block)) {
        std::string line = "\\noindent ";
        const Formula equation = detail::step_equation(*step);
        if (!step->label.empty()) {
          line += "\\textbf{" + escape_latex(step->label) + "}" + (equation.empty() ? " " : ": ");
        }
        if (!equation.empty()) line += "$" + detail::latex(equation, options) + "$";
        const std::string note = text_latex(step->note, options);
        if (!note.empty()) line += " \\quad " + note;
        out += line + "\\par\\smallskip\n";
      } else {
        const Table& table = std::get<Table>(block);
        out += "\\begin{center}\n";
        if (!table.caption.empty()) out += "\\textit{" + escape_latex(table.caption) + "}\\\\[2pt]\n";
        out += "\\small\\begin{tabular}{" + std::string(table.header.size(), 'l') + "}\n\\hline\n";
        for (std::size_t c = 0; c < table.header.size(); ++c) {
          out += (c ? " & " : "") + escape_latex(table.header[c]);
        }
        out += " \\\\\n\\hline\n";
        for (const auto& row : table.rows) {
          for (std::size_t c = 0; c < row.size(); ++c) {
            out += (c ? " & " : "") + cell_latex(row[c], options);
          }
          out += " \\\\\n";
        }
        out += "\\hline\n\\end{tabular}\n\\end{center}\n";
      }
    }
    out += "\n";
  }
  for (const Report& part : report.parts) out += render_latex(part, options, heading_level + 1);
  return out;
}

}  // namespace hw4::report
