// Golden tests: every documented example in data/examples/<command>/<mode>/<name>.json, rendered
// in every format, against tests/golden/<command>/<mode>/<name>.{txt,md,tex,json} (and
// <name>.exit when the exit code is not 0). HW4_UPDATE_GOLDEN=1 rewrites them; review the diff.
// The LaTeX of every example must also compile with pdflatex and amsmath.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

namespace fs = std::filesystem;

struct Example {
  std::string command, mode, name;
  fs::path input;
  std::vector<std::string> more;  // grade: the class's submissions folder after the key
  fs::path golden(const std::string& extension) const {
    return fs::path(source_path("tests/golden")) / command / mode / (name + "." + extension);
  }
  std::vector<std::string> args(const std::string& format) const {
    std::vector<std::string> out = {command};
    if (!mode.empty()) out.push_back(mode);
    out.push_back(input.string());
    out.insert(out.end(), more.begin(), more.end());
    for (const std::string& a : {std::string("--format"), std::string(format)}) out.push_back(a);
    return out;
  }
};

std::vector<Example> examples() {
  std::vector<Example> out;
  const fs::path root = source_path("data/examples");
  if (!fs::exists(root)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".json") continue;
    // A grade example is a key beside the folder of its class's submissions.
    if (entry.path().parent_path().filename() == "submissions") continue;
    const fs::path relative = fs::relative(entry.path(), root);
    // <command>/<mode>/<name>.json, or <command>/<name>.json for a command with one unnamed mode.
    auto it = relative.begin();
    Example e;
    e.command = (it++)->string();
    if (it == relative.end()) continue;
    if (std::next(it) != relative.end()) e.mode = (it++)->string();
    e.name = entry.path().stem().string();
    e.input = entry.path();
    if (fs::is_directory(entry.path().parent_path() / "submissions")) {
      e.more.push_back((entry.path().parent_path() / "submissions").string());
    }
    out.push_back(e);
  }
  // The seed problem set is the project's main example.
  out.push_back({"solve", "", "hw4", fs::path(source_path("data/hw4.json")), {}});
  std::sort(out.begin(), out.end(), [](const Example& a, const Example& b) { return a.input < b.input; });
  return out;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Goldens pin the text and structure; the numbers' correctness comes from the reference tests.
// Numbers compare within a relative 1e-4 (plus 1e-6 absolute), because optimisation levels
// (Release vs the sanitizer build) reorder floating-point sums: the last digits of a double, a
// float32 training trajectory, or a finite-difference error of 1e-10 are rounding noise.
// The number starting at s[i], advancing i past it; LaTeX's "m \times 10^{e}" is one number.
double number_at(const std::string& s, std::size_t& i) {
  char* end = nullptr;
  double value = std::strtod(s.c_str() + i, &end);
  i = static_cast<std::size_t>(end - s.c_str());
  // As written in LaTeX, and inside a JSON string (backslash escaped).
  for (const std::string times : {" \\times 10^{", " \\\\times 10^{"}) {
    if (s.compare(i, times.size(), times) != 0) continue;
    const double exponent = std::strtod(s.c_str() + i + times.size(), &end);
    value *= std::pow(10.0, exponent);
    i = static_cast<std::size_t>(end - s.c_str());
    break;
  }
  return value;
}

bool same_up_to_rounding(const std::string& got, const std::string& want) {
  auto starts_number = [](const std::string& s, std::size_t i) {
    return std::isdigit(static_cast<unsigned char>(s[i])) ||
           (s[i] == '-' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])));
  };
  std::size_t i = 0, j = 0;
  while (i < got.size() && j < want.size()) {
    if (starts_number(got, i) && starts_number(want, j)) {
      const double g = number_at(got, i), w = number_at(want, j);
      if (std::abs(g - w) > 1e-4 * std::max(std::abs(g), std::abs(w)) + 1e-6) return false;
      continue;
    }
    // Column padding and rule lengths follow the numbers' printed widths.
    if ((got[i] == ' ' || got[i] == '-') && got[i] == want[j]) {
      const char c = got[i];
      while (i < got.size() && got[i] == c) ++i;
      while (j < want.size() && want[j] == c) ++j;
      continue;
    }
    if (got[i] != want[j]) return false;
    ++i;
    ++j;
  }
  return i == got.size() && j == want.size();
}

// The first line where two outputs differ, so a failure reads in one screen.
std::string first_difference(const std::string& got, const std::string& want) {
  std::istringstream g(got), w(want);
  std::string gl, wl;
  for (int line = 1;; ++line) {
    const bool more_g = static_cast<bool>(std::getline(g, gl));
    const bool more_w = static_cast<bool>(std::getline(w, wl));
    if (!more_g && !more_w) return "identical";
    if (!same_up_to_rounding(gl, wl) || more_g != more_w) {
      return "line " + std::to_string(line) + ":\n  got:  " + (more_g ? gl : "<end>") +
             "\n  want: " + (more_w ? wl : "<end>");
    }
  }
}

void PrintTo(const Example& e, std::ostream* os) { *os << e.input; }

std::string test_name(const ::testing::TestParamInfo<Example>& info) {
  std::string name = info.param.command + "_" + info.param.mode + "_" + info.param.name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class Golden : public ::testing::TestWithParam<Example> {};

TEST_P(Golden, EveryFormatMatches) {
  const Example& e = GetParam();
  const bool update = std::getenv("HW4_UPDATE_GOLDEN") != nullptr;
  std::vector<std::pair<std::string, std::string>> formats = {
      {"text", "txt"}, {"markdown", "md"}, {"latex", "tex"}, {"json", "json"}};
  if (e.command == "grade") formats.emplace_back("csv", "csv");  // the gradebook
  for (const auto& [format, extension] : formats) {
    CliResult r = run_cli(e.args(format));
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
    if (extension == "json") {
      // Off a terminal the envelope is one line (EnvelopeRoundTrip checks it); the golden keeps
      // it indented so that a change reads as a diff of lines.
      r.out = nlohmann::json::parse(r.out).dump(2) + "\n";
    }
    const fs::path golden = e.golden(extension);
    if (update) {
      fs::create_directories(golden.parent_path());
      std::ofstream(golden, std::ios::binary) << r.out;
      if (r.exit_code != 0) std::ofstream(e.golden("exit")) << r.exit_code << "\n";
      continue;
    }
    ASSERT_TRUE(fs::exists(golden)) << golden << " is missing: run with HW4_UPDATE_GOLDEN=1";
    const std::string want = read_file(golden);
    EXPECT_TRUE(same_up_to_rounding(r.out, want)) << "format " << format << ", " << first_difference(r.out, want)
                               << "\n(HW4_UPDATE_GOLDEN=1 rewrites the goldens; review the diff)";
    const int expected_exit = fs::exists(e.golden("exit")) ? std::stoi(read_file(e.golden("exit"))) : 0;
    EXPECT_EQ(r.exit_code, expected_exit);
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, Golden, ::testing::ValuesIn(examples()), test_name);

// The JSON envelope parses back to the same document, carries SPEC's fields, and its derivation
// holds the same sections as the text rendering.
class EnvelopeRoundTrip : public ::testing::TestWithParam<Example> {};

TEST_P(EnvelopeRoundTrip, ParsesBackToTheSameDocument) {
  const Example& e = GetParam();
  const CliResult r = run_cli(e.args("json"));
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  const nlohmann::json envelope = nlohmann::json::parse(r.out);
  EXPECT_EQ(envelope.dump() + "\n", r.out);  // one line: standard output is not a terminal
  for (const char* key : {"hw4", "command", "mode", "result", "derivation", "notes"}) {
    EXPECT_TRUE(envelope.contains(key)) << key;
  }
  EXPECT_EQ(envelope["command"], e.command);
  EXPECT_EQ(envelope["mode"], e.mode);
  const std::string text = run_cli(e.args("text")).out;
  for (const auto& section : envelope["derivation"]) {
    EXPECT_NE(text.find(section["title"].get<std::string>()), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, EnvelopeRoundTrip, ::testing::ValuesIn(examples()), test_name);

class LatexCompiles : public ::testing::TestWithParam<Example> {};

TEST_P(LatexCompiles, WithAmsmathAlone) {
  if (std::system("command -v pdflatex > /dev/null 2>&1") != 0) {
    if (std::getenv("HW4_ALLOW_NO_LATEX") != nullptr) GTEST_SKIP() << "pdflatex is not installed";
    FAIL() << "pdflatex is not installed (scripts/setup.sh installs texlive-latex-base)";
  }
  const Example& e = GetParam();
  const CliResult r = run_cli(e.args("latex"));
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  const fs::path dir = fs::temp_directory_path() / ("hw4-latex-" + test_name({e, 0}) + "-" +
                                                    std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "doc.tex") << "\\documentclass{article}\n\\usepackage{amsmath}\n"
                                    "\\begin{document}\n"
                                 << r.out << "\n\\end{document}\n";
  const std::string command = "cd '" + dir.string() +
                              "' && pdflatex -interaction=nonstopmode -halt-on-error doc.tex "
                              "> log.txt 2>&1";
  const int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << read_file(dir / "log.txt").substr(0, 4000);
  if (status == 0) fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Examples, LatexCompiles, ::testing::ValuesIn(examples()), test_name);

}  // namespace
}  // namespace hw4::testing
