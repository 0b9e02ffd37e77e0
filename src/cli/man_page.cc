// hw4(1) in man(7) roff: the command table, the tools and each mode's parser, walked once.
#include "cli/man_page.h"

#include <algorithm>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/parser.h"

namespace hw4::cli {

namespace {

// Text for roff: a backslash as \e, "-" as the ASCII minus \-, a line's leading "." or "'"
// guarded by \& so that it is not read as a request.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

// An option as a tagged paragraph: its names in bold, its value in italics.
std::string option_item(const OptionInfo& o) {
  const std::string names = roff(fmt::format("{}", fmt::join(o.names, ", ")));
  const std::string tag = o.value_name.empty() ? fmt::format(".B \"{}\"", names)
                                               : fmt::format(".BI \"{} \" {}", names, o.value_name);
  return fmt::format(".TP\n{}\n{}\n", tag, roff(o.help));
}

bool same_option(const OptionInfo& a, const OptionInfo& b) {
  return a.names == b.names && a.value_name == b.value_name && a.help == b.help;
}

}  // namespace

std::string man_page() {
  std::string out = fmt::format(
      ".TH HW4 1 \"\" \"hw4 {}\" \"User Commands\"\n"
      ".SH NAME\nhw4 \\- solve and check a machine\\-learning problem set, and show the work\n"
      ".SH SYNOPSIS\n.B hw4\n.I command\n.RI [ mode ]\n.RI [ INPUT ]\n.RI [ options ]\n",
      HW4_VERSION);
  for (const Tool& t : tools())
    out += fmt::format(".br\n.B hw4 {}\n{}\n", roff(t.name), roff(t.synopsis));
  out +=
      ".br\n.B hw4 \\-\\-help\n.br\n.B hw4 \\-\\-version\n.br\n.B hw4 \\-\\-man\n"
      ".SH DESCRIPTION\n"
      "hw4 solves the problems of a machine\\-learning problem set (modern CNNs, autoencoders,\n"
      "GANs, recurrent networks, word embeddings, decoding) for any numbers it is given, checks\n"
      "claimed answers, and shows the work as a derivation in text, Markdown, LaTeX or PDF, or\n"
      "as a JSON envelope.\n"
      ".I INPUT\nis a JSON file, or\n.B \\-\n"
      "for standard input (read when INPUT is left out and standard input is not a terminal).\n"
      "A path inside an input file is relative to that file's folder.\n";

  // The options every mode has, as the first mode's parser shows them; a mode lists only the
  // options that differ (its own field flags, a folder for -o, formats of its own).
  const Command& first = commands().front();
  const std::vector<OptionInfo> common = ModeParser(first, first.modes.front()).describe();
  out += ".SH COMMANDS\n";
  for (const Command& c : commands()) {
    for (const Mode& m : c.modes) {
      out += fmt::format(".TP\n.B hw4 {}{}\n{}{}.\n", roff(c.name),
                         m.name.empty() ? "" : " " + roff(m.name), roff(m.summary),
                         &m == &c.modes.front() && c.modes.size() > 1 ? " (the default mode)" : "");
      out += ".RS\n";
      if (m.takes_arguments) out += fmt::format(".PP\nAfter INPUT: {}\n", roff(m.arguments_help));
      std::string own;
      for (const OptionInfo& o : ModeParser(c, m).describe()) {
        const auto same = [&](const OptionInfo& x) { return same_option(x, o); };
        if (std::none_of(common.begin(), common.end(), same)) own += option_item(o);
      }
      if (!own.empty()) out += ".PP\nOptions of this mode:\n" + own;
      std::string example = roff(m.example);
      if (!example.empty() && example.back() != '\n') example += '\n';
      out += ".PP\nExample:\n.PP\n.nf\n" + example + ".fi\n.RE\n";
    }
  }
  for (const Tool& t : tools()) {
    out += fmt::format(".TP\n.B hw4 {} {}\n{}.\n", roff(t.name), roff(t.synopsis), roff(t.summary));
  }
  out += ".SH OPTIONS\nEvery command and mode takes:\n";
  for (const OptionInfo& o : common) out += option_item(o);
  out +=
      ".SH EXIT STATUS\n.TP\n.B 0\ndone, and every check asked for holds\n"
      ".TP\n.B 1\ndone, but the answer is \"no\" (a counterexample, a failed gradient check, a "
      "refuted claim)\n"
      ".TP\n.B 2\nbad usage or bad input: one line on standard error naming the file and the JSON "
      "pointer\n"
      ".TP\n.B 70\ninternal error (a bug: please report it)\n"
      ".TP\n.B 74\nthe output could not be written\n"
      ".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nwhen set, text output has no colour, even on a terminal\n"
      ".SH SEE ALSO\n.BR pdflatex (1)\n";
  return out;
}

}  // namespace hw4::cli
