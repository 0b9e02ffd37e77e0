// Plain-text rendering for a terminal: underlined headings, aligned step labels and tables.
#include <algorithm>
#include <string>
#include <vector>

#include "hw4/report/render.h"
#include "report/render_common.h"

namespace hw4::report {

namespace {

// Display width of UTF-8 text: code points, not bytes (σ and · are one column).
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string pad(const std::string& s, std::size_t w) {
  const std::size_t n = width(s);
  return n >= w ? s : s + std::string(w - n, ' ');
}

std::string bold(const std::string& s, const RenderOptions& options) {
  return options.color ? "\x1b[1m" + s + "\x1b[0m" : s;
}

// Formulas inside prose are never broken across lines: their spaces are held as \x01 while the
// prose is wrapped, and restored after.
constexpr char kHeldSpace = '\x01';

std::string text_plain(const Text& text, const RenderOptions& options) {
  std::string out;
  for (const Span& span : text.spans) {
    if (!span.math) {
      out += span.prose;
      continue;
    }
    std::string math = detail::plain(*span.math, options);
    std::replace(math.begin(), math.end(), ' ', kHeldSpace);
    out += math;
  }
  return out;
}

std::string release_spaces(std::string s) {
  std::replace(s.begin(), s.end(), kHeldSpace, ' ');
  return s;
}

void render_table(const Table& table, const RenderOptions& options, std::string& out) {
  std::vector<std::vector<std::string>> cells;
  cells.push_back(table.header);
  for (const auto& row : table.rows) {
    std::vector<std::string> line;
    for (const Formula& f : row) line.push_back(detail::plain(f, options));
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> widths;
  for (const auto& row : cells) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width(row[c]));
  }
  if (!table.caption.empty()) out += table.caption + "\n";
  for (std::size_t r = 0; r < cells.size(); ++r) {
    std::string line = "  ";
    for (std::size_t c = 0; c < cells[r].size(); ++c) {
      line += (c ? "  " : "") + pad(cells[r][c], widths[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += (r == 0 ? bold(line, options) : line) + "\n";
    if (r == 0) {
      std::size_t total = 2 * (widths.size() - 1);
      for (std::size_t w : widths) total += w;
      out += "  " + std::string(total, '-') + "\n";
    }
  }
}

// Wraps prose at `columns` display columns (a word longer than a line stays whole).
std::string wrap_prose(const std::string& text, std::size_t columns) {
  std::string out, line, word;
  auto flush_word = [&] {
    if (word.empty()) return;
    if (!line.empty() && width(line) + 1 + width(word) > columns) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    word.clear();
  };
  for (char c : text) {
    if (c == ' ') {
      flush_word();
    } else if (c == '\n') {
      flush_word();
      out += line + "\n";
      line.clear();
    } else {
      word += c;
    }
  }
  flush_word();
  return out + line;
}

}  // namespace

void detail::text_section(const Section& section, const RenderOptions& options, std::string& out) {
  // Labels of the steps in a section share one column.
  std::size_t label_width = 0;
  for (const Block& block : section.blocks) {
    if (const auto* step = std::get_if<Step>(&block)) {
      label_width = std::max(label_width, std::min<std::size_t>(width(step->label), 32));
    }
  }
  for (const Block& block : section.blocks) {
    if (const auto* text = std::get_if<Text>(&block)) {
      out += release_spaces(wrap_prose(text_plain(*text, options), 100)) + "\n";
    } else if (const auto* step = std::get_if<Step>(&block)) {
      std::string line = "  ";
      if (!step->label.empty()) line += pad(step->label + ":", label_width + 1) + " ";
      line += detail::plain(detail::step_equation(*step), options);
      const std::string note = release_spaces(text_plain(step->note, options));
      if (!note.empty()) line += "   (" + note + ")";
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    } else {
      render_table(std::get<Table>(block), options, out);
    }
  }
}

std::string render_text(const Report& report, const RenderOptions& options) {
  std::string out;
  if (!report.title.empty()) {
    out += bold(report.title, options) + "\n" + std::string(width(report.title), '=') + "\n";
  }
  for (const Section& section : report.sections) {
    out += "\n";
    if (!section.heading.empty()) {
      out += bold(section.heading, options) + "\n" + std::string(width(section.heading), '-') + "\n";
    }
    detail::text_section(section, options, out);
  }
  for (const Report& part : report.parts) out += "\n\n" + render_text(part, options);
  return out;
}

}  // namespace hw4::report
