// compile_pdf: pdflatex in a temporary folder, run as a child process without a shell.
#include "cli/pdf.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "hw4/error.h"

namespace hw4::cli {

namespace {

namespace fs = std::filesystem;

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path == nullptr ? "" : path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (!dir.empty() && ::access((fs::path(dir) / program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs pdflatex on doc.tex in `dir`, its output to doc.out; true when it exits 0.
bool run_pdflatex(const fs::path& dir) {
  const std::string log = (dir / "doc.out").string();
  const pid_t pid = ::fork();
  if (pid < 0) throw Error(ErrorKind::kInternal, "cannot start pdflatex: fork failed");
  if (pid == 0) {  // only async-signal-safe calls until exec
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int null = ::open("/dev/null", O_RDONLY);
    if (out < 0 || null < 0 || ::chdir(dir.c_str()) != 0) ::_exit(127);
    ::dup2(null, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::execlp("pdflatex", "pdflatex", "-interaction=nonstopmode", "-halt-on-error",
             "-no-shell-escape", "doc.tex", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return false;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "hw4-pdf-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw Error(ErrorKind::kOutput, "cannot create a temporary folder for pdflatex");
    }
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace

std::string compile_pdf(const std::string& latex_document) {
  if (!on_path("pdflatex")) {
    throw Error(ErrorKind::kUsage,
                "--format pdf needs pdflatex, which Debian's texlive-latex-base package provides "
                "(apt-get install texlive-latex-base)");
  }
  TempDir dir;
  std::ofstream(dir.path / "doc.tex", std::ios::binary) << latex_document;
  // A second run settles what the first wrote to doc.aux (longtable widths, references).
  for (int run = 0; run < 2; ++run) {
    if (!run_pdflatex(dir.path)) {
      const std::string log = slurp(dir.path / "doc.out");
      const std::size_t bang = log.find("\n! ");
      const std::string first = bang == std::string::npos
                                    ? "pdflatex failed"
                                    : log.substr(bang + 1, log.find('\n', bang + 1) - bang - 1);
      throw Error(ErrorKind::kInternal, fmt::format("the LaTeX did not compile: {}", first));
    }
    if (slurp(dir.path / "doc.log").find("Rerun") == std::string::npos) break;
  }
  return slurp(dir.path / "doc.pdf");
}

}  // namespace hw4::cli
