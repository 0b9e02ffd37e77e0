// PDF output: a standalone LaTeX document compiled by pdflatex in a temporary folder.
#pragma once

#include <string>

namespace hw4::cli {

// The PDF of a complete LaTeX document. pdflatex runs in a fresh temporary folder (removed
// afterwards), once more when its log asks for a rerun. Throws Error(kUsage) naming the Debian
// package when pdflatex is not installed, Error(kInternal) with the log's first error when the
// document does not compile (hw4's LaTeX always should).
std::string compile_pdf(const std::string& latex_document);

}  // namespace hw4::cli
