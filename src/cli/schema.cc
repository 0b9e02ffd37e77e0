// hw4 schema: lists the modes and prints their input schemas.
#include "cli/schema.h"

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/command.h"
#include "hw4/error.h"

namespace hw4::cli {

std::optional<std::string_view> find_schema(std::string_view command, std::string_view mode) {
  const std::string own = fmt::format("{}.{}", command, mode);
  std::optional<std::string_view> shared;
  for (const EmbeddedSchema& s : embedded_schemas()) {
    if (s.name == own) return s.text;
    if (s.name == command) shared = s.text;
  }
  return shared;
}

int run_schema(const std::vector<std::string>& args, std::ostream& out) {
  if (!args.empty() && (args.front() == "--help" || args.front() == "-h")) {
    out << "usage: hw4 schema [COMMAND [MODE]]\n\n"
           "Prints the JSON Schema (draft 2020-12) of a mode's input (the command's first mode\n"
           "when MODE is left out), for editors to validate and complete input files. Without\n"
           "arguments, lists the commands and modes that have one.\n\n"
           "example:\n  hw4 schema skipgram pairs > skipgram-pairs.schema.json\n";
    return kExitOk;
  }
  if (args.size() > 2) {
    throw Error(ErrorKind::kUsage, fmt::format("schema takes at most COMMAND and MODE, got \"{}\"", args[2]));
  }
  if (args.empty()) {
    for (const Command& c : commands()) {
      for (const Mode& m : c.modes) out << c.name << (m.name.empty() ? "" : " " + m.name) << "\n";
    }
    return kExitOk;
  }
  const std::string& command = args[0];
  const std::string mode = args.size() > 1 ? args[1] : "";
  const Mode* found = find_mode(command, mode);
  if (found == nullptr) {
    throw Error(ErrorKind::kUsage,
                fmt::format("no command \"{}\"{} (hw4 schema lists them)", command,
                            mode.empty() ? "" : fmt::format(" with mode \"{}\"", mode)));
  }
  const auto schema = find_schema(command, found->name);
  if (!schema) {
    throw Error(ErrorKind::kInternal, fmt::format("{} {} has no schema", command, found->name));
  }
  out << *schema;
  return kExitOk;
}

}  // namespace hw4::cli
