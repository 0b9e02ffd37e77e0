// Formula builders: each helper produces the plain and the LaTeX spelling at once.
#include "hw4/report/formula.h"

#include <iterator>
#include <string>
#include <utility>

#include "hw4/report/render.h"

namespace hw4::report {

namespace {

// A formula reads as one term in plain text when it is a single piece without spaces or
// operators; otherwise frac() and sup() parenthesise it.
bool is_atomic_plain(const Formula& f) {
  if (f.pieces.size() != 1) return false;
  const Piece& p = f.pieces.front();
  if (p.number) return *p.number >= 0;
  return p.plain.find_first_of(" +-/*") == std::string::npos &&
         p.plain.find("·") == std::string::npos && p.plain.find("−") == std::string::npos;
}

Formula wrap(const Formula& f, std::string_view before_plain, std::string_view before_latex,
             std::string_view after_plain, std::string_view after_latex) {
  Formula out = tex(before_plain, before_latex);
  out += f;
  out += tex(after_plain, after_latex);
  return out;
}

}  // namespace

Formula operator+(Formula a, const Formula& b) {
  a += b;
  return a;
}

Formula operator+(Formula a, Formula&& b) {
  a += std::move(b);
  return a;
}

Formula& operator+=(Formula& a, const Formula& b) {
  a.pieces.insert(a.pieces.end(), b.pieces.begin(), b.pieces.end());
  return a;
}

Formula& operator+=(Formula& a, Formula&& b) {
  if (a.pieces.empty()) {
    a.pieces = std::move(b.pieces);
  } else {
    a.pieces.insert(a.pieces.end(), std::make_move_iterator(b.pieces.begin()),
                    std::make_move_iterator(b.pieces.end()));
  }
  return a;
}

Formula raw(std::string_view same) { return tex(same, same); }

// One piece, built in place (a braced list would build it once more to copy it in).
Formula tex(std::string_view plain, std::string_view latex) {
  Formula f;
  f.pieces.push_back(Piece{std::string(plain), std::string(latex), std::nullopt});
  return f;
}

Formula num(double value) {
  Formula f;
  f.pieces.push_back(Piece{"", "", value});
  return f;
}

Formula name(std::string_view text) {
  Formula f = tex(text, "\\text{" + escape_latex(text) + "}");
  f.pieces.front().is_name = true;
  return f;
}

Formula integer(std::int64_t value) { return raw(std::to_string(value)); }

Formula rational(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return raw(text);
  std::string_view numerator = text.substr(0, slash);
  std::string sign;
  if (!numerator.empty() && numerator.front() == '-') {
    sign = "-";
    numerator.remove_prefix(1);
  }
  const std::string latex = sign + "\\frac{" + std::string(numerator) + "}{" +
                            std::string(text.substr(slash + 1)) + "}";
  return tex(text, latex);
}

Formula times() { return tex("·", " \\cdot "); }

Formula eq() { return raw(" = "); }

Formula frac(const Formula& numerator, const Formula& denominator) {
  Formula out = is_atomic_plain(numerator) ? wrap(numerator, "", "\\frac{", "", "")
                                           : wrap(numerator, "(", "\\frac{", ")", "");
  out += tex("/", "}{");
  out += is_atomic_plain(denominator) ? denominator : wrap(denominator, "(", "", ")", "");
  out += tex("", "}");
  return out;
}

Formula sub(const Formula& base, const Formula& index) {
  return base + wrap(index, "_", "_{", "", "}");
}

Formula sup(const Formula& base, const Formula& exponent) {
  return base + (is_atomic_plain(exponent) ? wrap(exponent, "^", "^{", "", "}")
                                           : wrap(exponent, "^(", "^{", ")", "}"));
}

Formula parens(const Formula& inner) { return wrap(inner, "(", "\\left(", ")", "\\right)"); }

Formula sum_over(const Formula& lower, const Formula& upper) {
  return tex("Σ", "\\sum") + wrap(lower, "_{", "_{", "}", "}") +
         wrap(upper, "^{", "^{", "} ", "} ");
}

Formula vector(const std::vector<double>& values) {
  Formula out = tex("[", "\\begin{bmatrix}");
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += tex(", ", " & ");
    out += num(values[i]);
  }
  return out + tex("]", "\\end{bmatrix}");
}

Formula matrix(const Eigen::MatrixXd& values) {
  Formula out = tex("[", "\\begin{bmatrix}");
  for (Eigen::Index r = 0; r < values.rows(); ++r) {
    if (r > 0) out += tex(", ", " \\\\ ");
    out += tex("[", "");
    for (Eigen::Index c = 0; c < values.cols(); ++c) {
      if (c > 0) out += tex(", ", " & ");
      out += num(values(r, c));
    }
    out += tex("]", "");
  }
  return out + tex("]", "\\end{bmatrix}");
}

}  // namespace hw4::report
