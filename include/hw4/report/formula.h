// Formulas written once and rendered both as plain text and as LaTeX; numbers inside them stay
// numbers until a renderer formats them (so --precision applies everywhere).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

namespace hw4::report {

// One piece of a formula: the same text in both syntaxes, or a number.
struct Piece {
  std::string plain;
  std::string latex;
  std::optional<double> number;  // when set, plain/latex are empty and the renderer formats it
  bool is_name = false;          // a word set in math as \text{...}; shown plain outside math
};

// A math expression as a sequence of pieces. Build it with the helpers below and operator+.
struct Formula {
  std::vector<Piece> pieces;
  bool empty() const { return pieces.empty(); }
};

Formula operator+(Formula a, const Formula& b);
Formula operator+(Formula a, Formula&& b);  // b's pieces are moved, not copied
Formula& operator+=(Formula& a, const Formula& b);
Formula& operator+=(Formula& a, Formula&& b);

// Text that reads the same in both syntaxes ("+", "C", "2").
Formula raw(std::string_view same);
// Text with a plain and a LaTeX spelling: tex("σ(z)", "\\sigma(z)").
Formula tex(std::string_view plain, std::string_view latex);
// A number, formatted at render time with the requested precision.
Formula num(double value);
// An integer, printed exactly (never in exponent notation).
Formula integer(std::int64_t value);
// A name inside math (a word, a layer label): plain as is, LaTeX as \text{...}, escaped.
Formula name(std::string_view text);
// An exact rational written "p/q" or "p": plain as is, LaTeX as \frac{p}{q}.
Formula rational(std::string_view text);
// Operators spelled differently: times() is "·" / "\cdot", minus() is " − " / " - ".
Formula times();
Formula eq();  // " = "
// a/b: plain "(a)/(b)" (parentheses only around compound parts), LaTeX \frac{a}{b}.
Formula frac(const Formula& numerator, const Formula& denominator);
// base with a subscript / superscript: "z_real" / "z_{\text{real}}".
Formula sub(const Formula& base, const Formula& index);
Formula sup(const Formula& base, const Formula& exponent);
// Round brackets that grow in LaTeX: \left( ... \right).
Formula parens(const Formula& inner);
// A sum with limits: plain "Σ_{i=1}^{n}", LaTeX \sum_{i=1}^{n}.
Formula sum_over(const Formula& lower, const Formula& upper);
// A vector as [a, b, c] / \begin{bmatrix} a & b & c \end{bmatrix}.
Formula vector(const std::vector<double>& values);
// A matrix as [[a, b], [c, d]] / bmatrix with rows.
Formula matrix(const Eigen::MatrixXd& values);

}  // namespace hw4::report
