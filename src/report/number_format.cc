// Locale-free number formatting shared by every renderer, and the --format names.
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "hw4/error.h"
#include "hw4/report/render.h"

namespace hw4::report {

std::string format_number(double value, int precision) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // fmt's 'g' is locale-independent; -0 prints as 0 so goldens agree across compilers.
  std::string s = fmt::format("{:.{}g}", value, precision);
  if (s == "-0") s = "0";
  return s;
}

Format parse_format(std::string_view name) {
  if (name == "text" || name == "txt") return Format::kText;
  if (name == "markdown" || name == "md") return Format::kMarkdown;
  if (name == "latex" || name == "tex") return Format::kLatex;
  if (name == "json") return Format::kJson;
  throw Error(ErrorKind::kUsage, fmt::format("unknown format \"{}\" (expected text, markdown, "
                                             "latex or json)", name));
}

}  // namespace hw4::report
