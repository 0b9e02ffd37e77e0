// `hw4 schema [COMMAND [MODE]]`: the JSON Schema (draft 2020-12) of each mode's input. The
// schemas are the files schemas/<command>.<mode>.schema.json (or schemas/<command>.schema.json
// for modes that read the same fields), compiled into the binary by cmake/embed_schemas.cmake;
// tests/schema/check_schemas.py validates every example and reference input against them.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace hw4::cli {

struct EmbeddedSchema {
  std::string_view name;  // "<command>.<mode>" or "<command>"
  std::string_view text;
};

// Every schemas/*.schema.json, by name (generated at build time).
const std::vector<EmbeddedSchema>& embedded_schemas();

// The schema of a mode's input (the mode's own, else its command's); nullopt when it has none.
std::optional<std::string_view> find_schema(std::string_view command, std::string_view mode);

// `hw4 schema`: without arguments, lists "<command> [<mode>]" for every mode, one per line; with
// a command (and mode, default the command's first), prints its schema. Throws Error(kUsage).
int run_schema(const std::vector<std::string>& args, std::ostream& out);

}  // namespace hw4::cli
