// hw4 schema: lists the modes and prints their input schemas.
#include "cli/schema.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "cli/command.h"
#include "hw4/core/layer_kinds.h"
#include "hw4/error.h"

namespace hw4::cli {

namespace {

// grade and vary read solve's problem set (problem_set.cc), so they share its schema.
std::string_view schema_owner(std::string_view command) {
  return command == "grade" || command == "vary" ? "solve" : command;
}

nlohmann::json size_schema() {
  return {{"oneOf", {{{"type", "integer"}, {"minimum", 1}}, {{"type", "string"}, {"minLength", 1}}}}};
}

nlohmann::json axes_schema(std::int64_t min, bool padding) {
  nlohmann::json one = {{"oneOf", {{{"type", "integer"}, {"minimum", min}, {"maximum", 1'000'000}},
                                   {{"type", "string"}, {"minLength", 1}}}}};
  nlohmann::json any = {{"type", "array"}, {"minItems", 1}, {"maxItems", 3}, {"items", one}};
  return {{"description", padding ? "an integer, one per spatial axis, \"same\" or \"valid\""
                                  : "an integer, or one per spatial axis"},
          {"anyOf", {one, any}}};
}

// One leaf kind of core's layer table as a schema: its type, its fields, the count-neutral
// fields every layer accepts ($defs/neutral, in the schema file), nothing else.
nlohmann::json kind_schema(const core::LayerKind& kind) {
  nlohmann::json properties = {{"type", {{"const", kind.name}}}};
  nlohmann::json required = {"type"};
  for (const core::FieldSpec& f : kind.fields) {
    nlohmann::json field;
    switch (f.type) {
      case core::FieldType::kSize: field = size_schema(); break;
      case core::FieldType::kAxes: field = axes_schema(f.min, false); break;
      case core::FieldType::kPadding: field = axes_schema(0, true); break;
      case core::FieldType::kBool: field = {{"type", "boolean"}}; break;
      case core::FieldType::kInt: field = {{"type", "integer"}, {"minimum", f.min}}; break;
      case core::FieldType::kChoice: field = {{"enum", f.choices}}; break;
      case core::FieldType::kSizes:
        field = {{"anyOf", {size_schema(), {{"type", "array"}, {"items", size_schema()}}}}};
        break;
    }
    properties[std::string(f.name)] = field;
    if (f.required) required.push_back(f.name);
  }
  return {{"type", "object"},
          {"description", fmt::format("{} ({})", kind.name, kind.family)},
          {"properties", properties},
          {"required", required},
          {"allOf", {{{"$ref", "#/$defs/neutral"}}}},
          {"unevaluatedProperties", false}};
}

// cnn-params' schema file describes the containers and the document; the leaf layers come from
// core's layer table, so a layer kind added there is in the schema too.
std::string with_layer_kinds(std::string_view text) {
  nlohmann::json schema = nlohmann::json::parse(text);
  nlohmann::json kinds = nlohmann::json::array();
  for (const core::LayerKind& kind : core::layer_kinds()) kinds.push_back(kind_schema(kind));
  schema["$defs"]["leaf"] = {{"oneOf", kinds}};
  return schema.dump(2) + "\n";
}

}  // namespace

std::optional<std::string_view> find_schema(std::string_view command, std::string_view mode) {
  command = schema_owner(command);
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
  out << (command == "cnn-params" ? with_layer_kinds(*schema) : std::string(*schema));
  return kExitOk;
}

}  // namespace hw4::cli
