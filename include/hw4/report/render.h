// The four renderers of an Answer (text, Markdown, LaTeX, JSON envelope) and number formatting.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hw4/report/report.h"

namespace hw4::report {

enum class Format { kText, kMarkdown, kLatex, kJson };

struct RenderOptions {
  int precision = 6;   // significant digits of floating-point numbers
  bool color = false;  // ANSI colour in text output (only on a TTY, never with NO_COLOR)
  bool compact = false;     // JSON on one line (for programs) rather than indented (for people)
  bool standalone = false;  // LaTeX as a complete document rather than a fragment
};

// A number as people write it: %.{precision}g, locale-free, "-0" printed as "0".
std::string format_number(double value, int precision);

// Parses "text", "markdown"/"md", "latex"/"tex", "json"; throws Error(kUsage) otherwise.
Format parse_format(std::string_view name);

// One answer as a complete output in the given format (ends with a newline).
std::string render(const Answer& answer, Format format, const RenderOptions& options);

// The pieces the renderers are made of, for documents that combine answers (solve).
std::string render_text(const Report& report, const RenderOptions& options);
std::string render_markdown(const Report& report, const RenderOptions& options, int heading_level);
std::string render_latex(const Report& report, const RenderOptions& options, int heading_level);
std::string render_formula(const Formula& formula, Format format, const RenderOptions& options);
// Prose escaped for LaTeX text mode; the common Unicode symbols become their LaTeX commands and
// any other non-ASCII character becomes "?" (a fragment must compile with amsmath alone).
std::string escape_latex(std::string_view prose);

// The SPEC envelope {hw4, command, mode, result, derivation, notes}.
nlohmann::json envelope(const Answer& answer, const RenderOptions& options);

}  // namespace hw4::report
