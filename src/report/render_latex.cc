// A LaTeX fragment that compiles inside \begin{document} with amsmath alone: starred sectioning,
// prose escaped, steps as display-width paragraphs, tables as tabular.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "hw4/report/render.h"
#include "report/render_common.h"

namespace hw4::report {

namespace {

// The Unicode symbols prose may use, and their LaTeX spelling in text mode.
constexpr std::array<std::pair<std::string_view, std::string_view>, 45> kUnicode{{
    {"×", "$\\times$"}, {"·", "$\\cdot$"}, {"−", "$-$"}, {"–", "--"}, {"—", "---"},
    {"≤", "$\\le$"}, {"≥", "$\\ge$"}, {"≠", "$\\ne$"}, {"≈", "$\\approx$"}, {"σ", "$\\sigma$"},
    {"ε", "$\\varepsilon$"}, {"θ", "$\\theta$"}, {"λ", "$\\lambda$"}, {"Σ", "$\\Sigma$"},
    {"∂", "$\\partial$"}, {"→", "$\\to$"}, {"∞", "$\\infty$"}, {"²", "$^2$"}, {"³", "$^3$"},
    {"₀", "$_0$"}, {"₁", "$_1$"}, {"₂", "$_2$"}, {"₃", "$_3$"}, {"′", "$'$"}, {"“", "``"},
    {"”", "''"}, {"’", "'"}, {"‘", "`"}, {"…", "\\ldots{}"}, {"ŷ", "$\\hat{y}$"},
    {"⊗", "$\\otimes$"}, {"√", "$\\surd$"}, {"∈", "$\\in$"}, {"α", "$\\alpha$"},
    {"β", "$\\beta$"}, {"η", "$\\eta$"}, {"μ", "$\\mu$"}, {"∇", "$\\nabla$"}, {"±", "$\\pm$"},
    {"✓", "$\\checkmark$"}, {"⊙", "$\\odot$"}, {"‖", "$\\|$"}, {"γ", "$\\gamma$"},
    {"ρ", "$\\rho$"}, {"⁻", "$^-$"},
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

// Plain text may break after "," and "/" too, so that a vector or a JSON pointer wraps in a
// narrow column instead of running into the margin.
std::string breakable(const std::string& latex) {
  std::string out;
  for (char c : latex) {
    out += c;
    if (c == ',' || c == '/') out += "\\allowbreak{}";
  }
  return out;
}

std::string cell_latex(const Formula& f, const RenderOptions& options, bool wrap) {
  if (detail::same_in_both(f)) {
    const std::string text = escape_latex(detail::plain(f, options));
    return wrap ? breakable(text) : text;
  }
  return "$" + detail::latex(f, options) + "$";
}

std::size_t printed_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // code points
  return n;
}

// The longest piece of a cell no line break can split (breaks fall at spaces, "," and "/").
std::size_t longest_word(std::string_view s) {
  std::size_t longest = 0, start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ' ' || s[i] == ',' || s[i] == '/') {
      longest = std::max(longest, printed_length(s.substr(start, i - start)) + (i < s.size() && s[i] != ' '));
      start = i + 1;
    }
  }
  return longest;
}

// Characters of \small text a line holds in the narrowest page a fragment is put in (article's
// default 345pt); a table wider than this gets wrapping columns.
constexpr double kLineChars = 70;

// The column specification: "l" columns when the table fits, else "p" columns sharing out
// \linewidth. Each column first gets its longest unbreakable word; what is left goes by
// water-filling towards each column's natural width (a column wanting less than an equal share
// of the rest gets what it wants, the others split the remainder), so the table fits the line.
std::string column_spec(const Table& table, const RenderOptions& options, bool* wrap) {
  const std::size_t columns = table.header.size();
  std::vector<double> natural(columns, 1), least(columns, 1);
  auto measure = [&](std::size_t c, const std::string& text) {
    natural[c] = std::max(natural[c], static_cast<double>(printed_length(text)));
    // One character to spare: letters run wider than the average this estimate assumes.
    least[c] = std::max(least[c], static_cast<double>(longest_word(text) + 1));
  };
  for (std::size_t c = 0; c < columns; ++c) {
    measure(c, table.header[c]);
    for (const auto& row : table.rows) {
      if (c < row.size()) measure(c, detail::plain(row[c], options));
    }
  }
  double total = 0;
  for (double n : natural) total += n + 2;  // 2: the column separation, in characters
  *wrap = total > kLineChars;
  if (!*wrap) return std::string(columns, 'l');
  std::vector<double> width = least;
  double left = kLineChars - 2.0 * static_cast<double>(columns);
  for (double w : least) left -= w;
  std::vector<std::size_t> order(columns);
  for (std::size_t c = 0; c < columns; ++c) order[c] = c;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return natural[a] - least[a] < natural[b] - least[b];
  });
  for (std::size_t i = 0; i < columns && left > 0; ++i) {
    const std::size_t c = order[i];
    const double extra = std::min(natural[c] - least[c], left / static_cast<double>(columns - i));
    width[c] += extra;
    left -= extra;
  }
  double used = 0;
  for (double w : width) used += w;
  std::string spec;
  for (std::size_t c = 0; c < columns; ++c) {
    // A fraction of the line (rounded down, so the fractions never add up to more than 1) less
    // the column's separation on both sides.
    const double fraction = std::floor(1000.0 * width[c] / used) / 1000.0;
    spec += fmt::format("p{{\\dimexpr {:.3f}\\linewidth-2\\tabcolsep\\relax}}", fraction);
  }
  return spec;
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

void detail::latex_section(const Section& section, const RenderOptions& options, std::string& out) {
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
      bool wrap = false;
      const std::string spec = column_spec(table, options, &wrap);
      // In a wrapping column each cell is set ragged right, which redefines \\, so rows end
      // with \tabularnewline.
      const std::string cell_start = wrap ? "\\raggedright " : "";
      const std::string row_end = wrap ? " \\tabularnewline\n" : " \\\\\n";
      out += "\\small\\begin{tabular}{" + spec + "}\n\\hline\n";
      for (std::size_t c = 0; c < table.header.size(); ++c) {
        out += (c ? " & " : "") + cell_start + escape_latex(table.header[c]);
      }
      out += row_end + "\\hline\n";
      for (const auto& row : table.rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
          out += (c ? " & " : "") + cell_start + cell_latex(row[c], options, wrap);
        }
        out += row_end;
      }
      out += "\\hline\n\\end{tabular}\n\\end{center}\n";
    }
  }
  out += "\n";
}

std::string render_latex(const Report& report, const RenderOptions& options, int heading_level) {
  std::string out;
  if (!report.title.empty()) out += heading(heading_level, report.title);
  for (const Section& section : report.sections) {
    if (!section.heading.empty()) out += heading(heading_level + 1, section.heading);
    detail::latex_section(section, options, out);
  }
  for (const Report& part : report.parts) out += render_latex(part, options, heading_level + 1);
  return out;
}

}  // namespace hw4::report
