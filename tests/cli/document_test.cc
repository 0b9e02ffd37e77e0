// Complete documents: --standalone LaTeX (implied by -o FILE.tex) and --format pdf through
// pdflatex. The seed answer key must compile without a line running into the margin.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

namespace fs = std::filesystem;

const std::string kPairs = R"({"text": "a rose is a rose", "window": 1})";

bool have_pdflatex() { return std::system("command -v pdflatex > /dev/null 2>&1") == 0; }

#define REQUIRE_PDFLATEX()                                                                      \
  if (!have_pdflatex()) {                                                                       \
    if (std::getenv("HW4_ALLOW_NO_LATEX") != nullptr) GTEST_SKIP() << "pdflatex is missing";    \
    FAIL() << "pdflatex is not installed (scripts/setup.sh --test installs texlive-latex-base)"; \
  }

TEST(Document, FragmentByDefaultOnStandardOutput) {
  const CliResult r = run_cli({"skipgram", "pairs", "--format", "latex"}, kPairs);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("\\section*{Skip-gram training pairs}", 0), 0u) << r.out.substr(0, 200);
  EXPECT_EQ(r.out.find("\\documentclass"), std::string::npos);
}

TEST(Document, StandaloneHasClassPackagesTitleAndTheFragmentAsBody) {
  const CliResult r = run_cli({"skipgram", "pairs", "--format", "latex", "--standalone"}, kPairs);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("\\documentclass", 0), 0u);
  for (const char* part : {"\\usepackage{amsmath", "\\title{Skip-gram training pairs}",
                           "\\begin{document}\n\\maketitle\n", "\\section*{Tokens}"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part;
  }
  EXPECT_TRUE(r.out.ends_with("\\end{document}\n"));
}

TEST(Document, OutputFileTexImpliesStandalone) {
  TempDir dir;
  const fs::path tex = dir.path / "pairs.tex";
  ASSERT_EQ(run_cli({"skipgram", "pairs", "-o", tex.string()}, kPairs).exit_code, 0);
  EXPECT_EQ(slurp(tex).rfind("\\documentclass", 0), 0u);
}

TEST(Document, PdfNeedsAnOutputFile) {
  const CliResult r = run_cli({"skipgram", "pairs", "--format", "pdf"}, kPairs);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hw4: error: --format pdf needs -o FILE.pdf\n");
}

TEST(Document, WithoutPdflatexNamesTheDebianPackageAndWritesNothing) {
  TempDir dir;
  const fs::path pdf = dir.path / "pairs.pdf";
  const std::string path = std::getenv("PATH") == nullptr ? "" : std::getenv("PATH");
  ::setenv("PATH", dir.path.c_str(), 1);
  const CliResult r = run_cli({"skipgram", "pairs", "-o", pdf.string()}, kPairs);
  ::setenv("PATH", path.c_str(), 1);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("texlive-latex-base"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(dir.path));
}

TEST(Document, PdfOfOneAnswer) {
  REQUIRE_PDFLATEX();
  TempDir dir;
  const fs::path pdf = dir.path / "pairs.pdf";
  const CliResult r = run_cli({"skipgram", "pairs", "--format", "pdf", "-o", pdf.string()}, kPairs);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(slurp(pdf).rfind("%PDF-", 0), 0u);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1)
      << "only the PDF is left";
}

// The seed answer key as a reader gets it: it compiles, and no line runs into the margin
// (pdflatex logs every such line as "Overfull \hbox").
TEST(Document, SeedAnswerKeyHasNoOverfullLines) {
  REQUIRE_PDFLATEX();
  TempDir dir;
  const fs::path tex = dir.path / "key.tex";
  const CliResult r = run_cli({"solve", source_path("data/hw4.json"), "-o", tex.string()});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  const std::string command = "cd '" + dir.path.string() +
                              "' && pdflatex -interaction=nonstopmode -halt-on-error key.tex "
                              "> /dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << slurp(dir.path / "key.log").substr(0, 4000);
  const std::string log = slurp(dir.path / "key.log");
  std::string overfull;
  for (std::size_t at = log.find("Overfull \\hbox"); at != std::string::npos;
       at = log.find("Overfull \\hbox", at + 1)) {
    overfull += log.substr(at, log.find('\n', log.find('\n', at) + 1) - at) + "\n";
  }
  EXPECT_EQ(overfull, "");

  const fs::path pdf = dir.path / "key.pdf";
  const CliResult p = run_cli({"solve", source_path("data/hw4.json"), "-o", pdf.string()});
  ASSERT_TRUE(p.exit_code == 0 || p.exit_code == 1) << p.err;
  EXPECT_EQ(slurp(pdf).rfind("%PDF-", 0), 0u);
}

}  // namespace
}  // namespace hw4::testing
