// hw4 completion and hw4(1) are written from the command table: every command, mode, tool and
// option the parser accepts appears in each. (tests/shell/check_completion.sh runs the scripts in
// real shells; the ManPage CTest renders the page with man -l.)
#include <gtest/gtest.h>

#include "cli/command.h"
#include "cli/completion.h"
#include "cli/man_page.h"
#include "cli/parser.h"
#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

// A word as roff writes it: every "-" as the minus sign "\-".
std::string roff_dashes(const std::string& word) {
  std::string out;
  for (char c : word) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

TEST(Completion, EveryShellOffersEveryCommandModeToolAndOption) {
  for (const std::string& shell : cli::shells()) {
    const CliResult r = run_cli({"completion", shell});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const cli::Tool& t : cli::tools())
      EXPECT_NE(r.out.find(t.name), std::string::npos) << shell << ": " << t.name;
    for (const cli::Command& c : cli::commands()) {
      EXPECT_NE(r.out.find(c.name), std::string::npos) << shell << ": " << c.name;
      for (const cli::Mode& m : c.modes) {
        EXPECT_NE(r.out.find(m.name), std::string::npos) << shell << ": " << m.name;
        for (const cli::OptionInfo& o : cli::ModeParser(c, m).describe()) {
          // fish writes --vectors-format as "-l vectors-format".
          for (const std::string& n : o.names) {
            EXPECT_NE(r.out.find(n.substr(n.find_first_not_of('-'))), std::string::npos)
                << shell << ": " << n;
          }
        }
      }
    }
  }
}

TEST(Completion, UnknownShellIsUsage) {
  const CliResult r = run_cli({"completion", "tcsh"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hw4: error: usage: hw4 completion bash|zsh|fish\n");
  EXPECT_EQ(run_cli({"completion", "bash", "zsh"}).exit_code, 2);
  EXPECT_EQ(run_cli({"completion"}).exit_code, 2);
}

TEST(ManPage, DocumentsEveryCommandModeToolAndOption) {
  const std::string page = cli::man_page();
  EXPECT_EQ(page.rfind(".TH HW4 1 ", 0), 0u);
  for (const cli::Command& c : cli::commands()) {
    for (const cli::Mode& m : c.modes) {
      const std::string heading = ".B hw4 " + roff_dashes(c.name) +
                                  (m.name.empty() ? "" : " " + roff_dashes(m.name)) + "\n";
      EXPECT_NE(page.find(heading), std::string::npos) << heading;
      for (const cli::OptionInfo& o : cli::ModeParser(c, m).describe()) {
        for (const std::string& n : o.names)
          EXPECT_NE(page.find(roff_dashes(n)), std::string::npos) << n;
      }
    }
  }
  for (const cli::Tool& t : cli::tools())
    EXPECT_NE(page.find(".B hw4 " + t.name), std::string::npos) << t.name;
  EXPECT_EQ(run_cli({"--man"}).out, page);
}

}  // namespace
}  // namespace hw4::testing
