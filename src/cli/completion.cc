// The completion scripts: one walk over the command table, the tools and each mode's parser.
#include "cli/completion.h"

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/command.h"
#include "cli/parser.h"
#include "hw4/error.h"

namespace hw4::cli {

namespace {

// The options hw4 takes before any command.
const std::vector<std::string> kGlobalFlags = {"--help", "--version", "--man"};

std::string space_separated(const std::vector<std::string>& list) {
  return fmt::format("{}", fmt::join(list, " "));
}

// Every word that can follow `hw4`.
std::vector<std::string> first_words() {
  std::vector<std::string> names = command_names();
  for (const Tool& t : tools()) names.push_back(t.name);
  return names;
}

// The modes a user can name (a command with one unnamed mode has none).
std::vector<std::string> named_modes(const Command& c) {
  std::vector<std::string> names;
  for (const Mode& m : c.modes) {
    if (!m.name.empty()) names.push_back(m.name);
  }
  return names;
}

// One mode's options, sorted by what their value is.
struct ModeWords {
  std::string key;  // "command/mode" ("solve/" for an unnamed mode)
  std::vector<std::string> flags, file_flags, format_flags, other_flags, formats;
};

std::vector<ModeWords> every_mode() {
  std::vector<ModeWords> all;
  for (const Command& c : commands()) {
    for (const Mode& m : c.modes) {
      const ModeParser parser(c, m);
      ModeWords w{c.name + "/" + m.name, {}, {}, {}, {}, parser.formats()};
      for (const OptionInfo& o : parser.describe()) {
        for (const std::string& n : o.names) {
          w.flags.push_back(n);
          switch (o.value) {
            case ValueKind::kNone:
              break;
            case ValueKind::kFile:
              w.file_flags.push_back(n);
              break;
            case ValueKind::kFormat:
              w.format_flags.push_back(n);
              break;
            case ValueKind::kOther:
              w.other_flags.push_back(n);
              break;
          }
        }
      }
      all.push_back(std::move(w));
    }
  }
  return all;
}

// zsh and fish take a description in single quotes.
std::string single_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The parts bash and zsh share: the modes of each command, and each mode's option words.
std::string modes_function() {
  std::string out = "_hw4_modes() {  # the modes of command $1\n  case $1 in\n";
  for (const Command& c : commands()) {
    if (!named_modes(c).empty())
      out += fmt::format("    {}) echo \"{}\" ;;\n", c.name, space_separated(named_modes(c)));
  }
  return out + "  esac\n}\n";
}
std::string option_words_case() {
  std::string out;
  for (const ModeWords& w : every_mode()) {
    out += fmt::format(
        "    \"{}\") flags=\"{}\" file_flags=\"{}\" format_flags=\"{}\" other_flags=\"{}\" "
        "formats=\"{}\" ;;\n",
        w.key, space_separated(w.flags), space_separated(w.file_flags),
        space_separated(w.format_flags), space_separated(w.other_flags),
        space_separated(w.formats));
  }
  return out;
}

// What a tool's arguments complete to, as case branches for bash and zsh: both scripts set
// $argument (1 for the word after the tool's name) and $second, and define _hw4_offer WORDS.
std::string tools_case() {
  std::string out;
  for (const Tool& t : tools()) {
    if (t.names_a_mode) {
      out += fmt::format(
          "    {}) ((argument == 1)) && _hw4_offer \"{}\"; ((argument == 2)) && _hw4_offer "
          "\"$(_hw4_modes \"$second\")\"; return ;;\n",
          t.name, space_separated(command_names()));
    } else if (!t.words.empty()) {
      out += fmt::format("    {}) ((argument == 1)) && _hw4_offer \"{}\"; return ;;\n", t.name,
                         space_separated(t.words));
    } else {
      out += fmt::format("    {}) return ;;\n", t.name);
    }
  }
  return out;
}

std::string bash_script() {
  return fmt::format(
      R"(# bash completion for hw4 (written by `hw4 completion bash` from its command table).
# Load it with: source <(hw4 completion bash)
{modes_function}_hw4() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  local command=${{COMP_WORDS[1]}} second=${{COMP_WORDS[2]:-}}
  COMPREPLY=()
  if ((COMP_CWORD == 1)); then
    _hw4_offer "{first_words} {global_flags}"
    return
  fi
  local argument=$((COMP_CWORD - 1))
  case $command in
{tools_case}  esac
  local modes mode flags="" file_flags="" format_flags="" other_flags="" formats=""
  modes=$(_hw4_modes "$command")
  mode=${{modes%% *}}
  if ((COMP_CWORD > 2)) && [[ " $modes " == *" $second "* ]]; then mode=$second; fi
  case "$command/$mode" in
{option_words}    *) return ;;
  esac
  if [[ " $format_flags " == *" $prev "* ]]; then
    _hw4_offer "$formats"
  elif [[ " $file_flags " == *" $prev "* ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  elif [[ " $other_flags " == *" $prev "* ]]; then
    return
  elif [[ $cur == -* ]]; then
    _hw4_offer "$flags"
  else
    # INPUT and further file arguments; a mode's name first.
    ((COMP_CWORD == 2)) && _hw4_offer "$modes"
    COMPREPLY+=($(compgen -f -- "$cur"))
  fi
}}
_hw4_offer() {{ COMPREPLY+=($(compgen -W "$1" -- "${{COMP_WORDS[COMP_CWORD]}}")); }}
complete -o filenames -F _hw4 hw4
)",
      fmt::arg("modes_function", modes_function()),
      fmt::arg("first_words", space_separated(first_words())),
      fmt::arg("global_flags", space_separated(kGlobalFlags)), fmt::arg("tools_case", tools_case()),
      fmt::arg("option_words", option_words_case()));
}

std::string zsh_script() {
  std::string described;
  for (const Command& c : commands())
    described += "    " + single_quoted(c.name + ":" + c.summary) + "\n";
  for (const Tool& t : tools())
    described += "    " + single_quoted(t.name + ":" + t.summary) + "\n";
  return fmt::format(
      R"(#compdef hw4
# zsh completion for hw4 (written by `hw4 completion zsh` from its command table).
# Put it on $fpath as _hw4, or load it with: source <(hw4 completion zsh)
{modes_function}_hw4_offer() {{ compadd -- ${{=1}}; }}
_hw4() {{
  local -a commands
  commands=(
{described}  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'hw4 command' commands
    compadd -- {global_flags}
    return
  fi
  local command=${{words[2]}} second=${{words[3]}} argument=$(( CURRENT - 2 ))
  case $command in
{tools_case}  esac
  local modes mode flags="" file_flags="" format_flags="" other_flags="" formats=""
  modes=$(_hw4_modes $command)
  mode=${{modes%% *}}
  if (( CURRENT > 3 )) && [[ " $modes " == *" $second "* ]]; then mode=$second; fi
  case "$command/$mode" in
{option_words}    *) return ;;
  esac
  local prev=${{words[CURRENT-1]}}
  if [[ " $format_flags " == *" $prev "* ]]; then
    _hw4_offer "$formats"
  elif [[ " $file_flags " == *" $prev "* ]]; then
    _files
  elif [[ " $other_flags " == *" $prev "* ]]; then
    _message 'value'
  elif [[ $PREFIX == -* ]]; then
    _hw4_offer "$flags"
  else
    (( CURRENT == 3 )) && _hw4_offer "$modes"
    _files
  fi
}}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _hw4 "$@"; else compdef _hw4 hw4; fi
)",
      fmt::arg("modes_function", modes_function()), fmt::arg("described", described),
      fmt::arg("global_flags", space_separated(kGlobalFlags)), fmt::arg("tools_case", tools_case()),
      fmt::arg("option_words", option_words_case()));
}

// fish: one `complete` line per word, each with a condition on the words before it.
std::string fish_script() {
  std::string out =
      "# fish completion for hw4 (written by `hw4 completion fish` from its command table).\n"
      "# Save it as ~/.config/fish/completions/hw4.fish, or: hw4 completion fish | source\n"
      "complete -c hw4 -f\n";
  for (const std::string& flag : kGlobalFlags) {
    out += fmt::format("complete -c hw4 -n __fish_use_subcommand -l {}\n", flag.substr(2));
  }
  for (const Command& c : commands()) {
    out += fmt::format("complete -c hw4 -n __fish_use_subcommand -a {} -d {}\n", c.name,
                       single_quoted(c.summary));
  }
  for (const Tool& t : tools()) {
    out += fmt::format("complete -c hw4 -n __fish_use_subcommand -a {} -d {}\n", t.name,
                       single_quoted(t.summary));
    const std::string after = "__fish_seen_subcommand_from " + t.name;
    if (!t.words.empty())
      out += fmt::format("complete -c hw4 -n '{}' -a '{}'\n", after, space_separated(t.words));
    if (t.names_a_mode) {
      out +=
          fmt::format("complete -c hw4 -n '{}; and not __fish_seen_subcommand_from {}' -a '{}'\n",
                      after, space_separated(command_names()), space_separated(command_names()));
      for (const Command& c : commands()) {
        if (named_modes(c).empty()) continue;
        out += fmt::format("complete -c hw4 -n '{}; and __fish_seen_subcommand_from {}' -a '{}'\n",
                           after, c.name, space_separated(named_modes(c)));
      }
    }
  }
  for (const Command& c : commands()) {
    const std::vector<std::string> modes = named_modes(c);
    const std::string in_command = "__fish_seen_subcommand_from " + c.name;
    for (const Mode& m : c.modes) {
      // A mode's options apply once it is named, and the first mode's while none is.
      std::string condition = in_command;
      if (modes.size() > 1) {
        out += fmt::format(
            "complete -c hw4 -n '{}; and not __fish_seen_subcommand_from {}' -a {} -d {}\n",
            in_command, space_separated(modes), m.name, single_quoted(m.summary));
        condition += &m == &c.modes.front()
                         ? fmt::format("; and not __fish_seen_subcommand_from {}",
                                       space_separated({modes.begin() + 1, modes.end()}))
                         : fmt::format("; and __fish_seen_subcommand_from {}", m.name);
      }
      out += fmt::format("complete -c hw4 -n '{}' -F\n", condition);  // INPUT and other files
      const ModeParser parser(c, m);
      for (const OptionInfo& o : parser.describe()) {
        std::string spec;
        for (const std::string& n : o.names)
          spec += n.rfind("--", 0) == 0 ? " -l " + n.substr(2) : " -s " + n.substr(1);
        switch (o.value) {
          case ValueKind::kNone:
            break;
          case ValueKind::kFile:
            spec += " -r -F";
            break;
          case ValueKind::kFormat:
            spec += " -x -a " + single_quoted(space_separated(parser.formats()));
            break;
          case ValueKind::kOther:
            spec += " -x";
            break;
        }
        out += fmt::format("complete -c hw4 -n '{}'{} -d {}\n", condition, spec,
                           single_quoted(o.help));
      }
    }
  }
  return out;
}

struct Shell {
  const char* name;
  std::string (*script)();
};
constexpr Shell kShells[] = {{"bash", bash_script}, {"zsh", zsh_script}, {"fish", fish_script}};

}  // namespace

const std::vector<std::string>& shells() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const Shell& s : kShells) n.emplace_back(s.name);
    return n;
  }();
  return names;
}

int run_completion(const std::vector<std::string>& args, std::ostream& out) {
  const std::string shell = args.empty() ? "" : args.front();
  if (shell == "--help" || shell == "-h") {
    out << "usage: hw4 completion bash|zsh|fish\n\n"
           "Prints a completion script for the shell: commands, modes, flags, formats and file\n"
           "arguments, written from hw4's command table.\n\n"
           "example:\n"
           "  source <(hw4 completion bash)                        # in ~/.bashrc\n"
           "  hw4 completion zsh > ~/.zfunc/_hw4                   # with ~/.zfunc on $fpath\n"
           "  hw4 completion fish > ~/.config/fish/completions/hw4.fish\n";
    return kExitOk;
  }
  for (const Shell& s : kShells) {
    if (args.size() == 1 && shell == s.name) {
      out << s.script();
      return kExitOk;
    }
  }
  throw Error(ErrorKind::kUsage, fmt::format("usage: hw4 completion {}", fmt::join(shells(), "|")));
}

}  // namespace hw4::cli
