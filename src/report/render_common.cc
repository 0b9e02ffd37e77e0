// Formula and value rendering shared by the text, Markdown and LaTeX renderers.
#include "report/render_common.h"

#include <type_traits>

namespace hw4::report::detail {

namespace {

std::string latex_number(double value, const RenderOptions& options) {
  std::string s = format_number(value, options.precision);
  // 1e-05 reads as 1 \times 10^{-5} in LaTeX.
  const auto e = s.find('e');
  if (e == std::string::npos) return s;
  std::string mantissa = s.substr(0, e);
  int exponent = std::stoi(s.substr(e + 1));
  return mantissa + " \\times 10^{" + std::to_string(exponent) + "}";
}

}  // namespace

std::string plain(const Formula& formula, const RenderOptions& options) {
  std::string out;
  for (const Piece& p : formula.pieces) {
    out += p.number ? format_number(*p.number, options.precision) : p.plain;
  }
  return out;
}

std::string latex(const Formula& formula, const RenderOptions& options) {
  std::string out;
  for (const Piece& p : formula.pieces) {
    out += p.number ? latex_number(*p.number, options) : p.latex;
  }
  return out;
}

Formula value_formula(const Value& value) {
  return std::visit(
      [](const auto& v) -> Formula {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return Formula{};
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return integer(v);
        } else if constexpr (std::is_same_v<T, double>) {
          return num(v);
        } else if constexpr (std::is_same_v<T, Formula>) {
          return v;
        } else {
          if (v.rows() == 1) {
            return vector(std::vector<double>(v.data(), v.data() + v.size()));
          }
          return matrix(v);
        }
      },
      value);
}

Formula step_equation(const Step& step) {
  const Formula result = value_formula(step.result);
  Formula out;
  for (const Formula* part : {&step.rule, &step.substituted, &result}) {
    if (part->empty()) continue;
    if (!out.empty()) out += eq();
    out += *part;
  }
  return out;
}

bool same_in_both(const Formula& formula) {
  for (const Piece& p : formula.pieces) {
    if (!p.number && !p.is_name && p.plain != p.latex) return false;
  }
  return true;
}

}  // namespace hw4::report::detail
