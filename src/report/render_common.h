// Helpers the renderers share: formulas and values in each syntax.
#pragma once

#include <string>

#include "hw4/report/render.h"

namespace hw4::report::detail {

// A formula in plain text or LaTeX (numbers formatted with the options' precision).
std::string plain(const Formula& formula, const RenderOptions& options);
std::string latex(const Formula& formula, const RenderOptions& options);

// A step's value as a formula (integers exact, doubles formatted, a 1-row matrix as a vector).
Formula value_formula(const Value& value);

// rule = substituted = result, skipping the empty parts.
Formula step_equation(const Step& step);

// True when the formula can be shown as plain text outside math (numbers, words, names).
bool same_in_both(const Formula& formula);

// A section's blocks (not its heading) appended to `out`: what render_text and render_latex
// write under each heading, and the JSON envelope's "text" and "latex" of each section.
void text_section(const Section& section, const RenderOptions& options, std::string& out);
void latex_section(const Section& section, const RenderOptions& options, std::string& out);

}  // namespace hw4::report::detail
