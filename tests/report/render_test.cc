// Renderers: a hand-built Report to exact output in each format.
#include "hw4/report/render.h"

#include <gtest/gtest.h>

namespace hw4::report {
namespace {

Report sample() {
  Report r;
  r.title = "Sample";
  Section s{"Sum", {}};
  s.blocks.push_back(Text("Add the two terms ") );
  std::get<Text>(s.blocks.back()) << sup(raw("C"), raw("2")) << ".";
  s.blocks.push_back(Step{"total", raw("a + b"), num(1.5) + raw(" + ") + num(2), 3.5, {}});
  s.blocks.push_back(Table{{"x", "σ(x)"}, {{num(0), num(0.5)}}, ""});
  r.sections.push_back(s);
  return r;
}

TEST(Render, FormatNumber) {
  EXPECT_EQ(format_number(0.1428571428, 3), "0.143");
  EXPECT_EQ(format_number(-0.0, 6), "0");
  EXPECT_EQ(format_number(1e-20, 6), "1e-20");
  EXPECT_EQ(format_number(11689512, 17), "11689512");
}

TEST(Render, Text) {
  EXPECT_EQ(render_text(sample(), RenderOptions{}),
            "Sample\n======\n\nSum\n---\nAdd the two terms C^2.\n"
            "  total: a + b = 1.5 + 2 = 3.5\n"
            "  x  σ(x)\n  -------\n  0  0.5\n");
}

TEST(Render, Markdown) {
  EXPECT_EQ(render_markdown(sample(), RenderOptions{}, 1),
            "# Sample\n\n## Sum\n\nAdd the two terms $C^{2}$.\n\n"
            "- **total**: a + b = 1.5 + 2 = 3.5\n\n"
            "| x | σ(x) |\n| --- | --- |\n| 0 | 0.5 |\n");
}

TEST(Render, Latex) {
  EXPECT_EQ(render_latex(sample(), RenderOptions{}, 0),
            "\\section*{Sample}\n\\subsection*{Sum}\nAdd the two terms $C^{2}$.\n\n"
            "\\noindent \\textbf{total}: $a + b = 1.5 + 2 = 3.5$\\par\\smallskip\n"
            "\\begin{center}\n\\small\\begin{tabular}{ll}\n\\hline\nx & $\\sigma$(x) \\\\\n"
            "\\hline\n0 & 0.5 \\\\\n\\hline\n\\end{tabular}\n\\end{center}\n\n");
}

TEST(Render, LatexEscapesProse) {
  EXPECT_EQ(escape_latex("50% of a_b & #1 ≥ 2 ☃"), "50\\% of a\\_b \\& \\#1 $\\ge$ 2 ?");
}

TEST(Render, FracAndLatexNumbers) {
  RenderOptions o;
  Formula f = frac(raw("a + b"), raw("2"));
  EXPECT_EQ(render_formula(f, Format::kText, o), "(a + b)/2");
  EXPECT_EQ(render_formula(f, Format::kLatex, o), "\\frac{a + b}{2}");
  EXPECT_EQ(render_formula(num(2.5e-7), Format::kLatex, o), "2.5 \\times 10^{-7}");
}

TEST(Render, EnvelopeHasSpecFields) {
  Answer a;
  a.command = "skipgram";
  a.mode = "pairs";
  a.result = {{"count", 2}};
  a.report = sample();
  a.notes.push_back({"n1", "a note"});
  const nlohmann::json e = envelope(a, RenderOptions{});
  EXPECT_EQ(e["command"], "skipgram");
  EXPECT_EQ(e["result"]["count"], 2);
  EXPECT_EQ(e["derivation"][0]["title"], "Sum");
  EXPECT_EQ(e["notes"][0]["code"], "n1");
  EXPECT_TRUE(e.contains("hw4"));
}

}  // namespace
}  // namespace hw4::report
