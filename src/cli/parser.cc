// ModeParser: the one description of a mode's command line.
#include "cli/parser.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

namespace hw4::cli {

namespace {

// CLI11 type names that say what a value is; describe() turns them into a ValueKind.
constexpr const char* kFile = "FILE";
constexpr const char* kDir = "DIR";
constexpr const char* kFormat = "FORMAT";

ValueKind value_kind(const std::string& type_name) {
  if (type_name == kFile || type_name == kDir) return ValueKind::kFile;
  if (type_name == kFormat) return ValueKind::kFormat;
  return ValueKind::kOther;
}

}  // namespace

ModeParser::ModeParser(const Command& command, const Mode& mode)
    : mode_(mode),
      app_(mode.summary, fmt::format("hw4 {} {}", command.name, mode.name)),
      formats_{"text", "markdown", "latex", "pdf", "json"},
      strings_(mode.flags.size()),
      ints_(mode.flags.size()),
      doubles_(mode.flags.size()),
      lists_(mode.flags.size()) {
  Options& o = options_;
  app_.add_option("input", o.input, "input JSON file, or - for standard input")->type_name(kFile);
  if (mode.takes_arguments)
    app_.add_option("arguments", o.arguments, mode.arguments_help)->type_name(kFile);
  app_.add_option("-i,--input", o.input, "input JSON file (same as the positional INPUT)")
      ->type_name(kFile);
  std::string own_formats;
  for (const ExtraFormat& f : mode.formats) {
    formats_.push_back(f.name);
    own_formats += ", " + f.name;
  }
  std::vector<std::string> accepted = formats_;
  for (const char* alias : {"txt", "md", "tex"}) accepted.emplace_back(alias);
  app_.add_option("-f,--format", o.format,
                  "text, markdown, latex, pdf (with -o FILE) or json" + own_formats +
                      " (default: from -o FILE's extension, else text)")
      ->check(CLI::IsMember(accepted))
      ->type_name(kFormat);
  app_.add_flag("--json", o.json, "same as --format json");
  app_.add_flag("--compact", o.compact, "JSON on one line even on a terminal");
  app_.add_flag("--standalone", o.standalone,
                "LaTeX as a complete document, not a fragment (implied by -o FILE.tex)");
  if (mode.output_is_folder) {
    app_.add_option("-o,--output-file", o.output,
                    "write into the folder DIR (each file complete or not at all)")
        ->type_name(kDir);
  } else {
    app_.add_option("-o,--output-file", o.output,
                    "write the answer to FILE (complete or not at all)")
        ->type_name(kFile);
  }
  app_.add_option("--precision", o.precision, "significant digits of printed numbers (1-17)")
      ->check(CLI::Range(1, 17))
      ->type_name("N");
  app_.add_option("--plot", o.plot, "also draw the answer as an SVG picture in FILE")
      ->type_name(kFile);
  for (std::size_t i = 0; i < mode.flags.size(); ++i) {
    const FieldFlag& f = mode.flags[i];
    std::string name = f.flag.empty() ? "--" + f.field : f.flag;
    std::replace(name.begin(), name.end(), '_', '-');
    CLI::Option* option = nullptr;
    switch (f.type) {
      case FieldFlag::Type::kInt:
        option = app_.add_option(name, ints_[i], f.help)->type_name("N");
        break;
      case FieldFlag::Type::kDouble:
        option = app_.add_option(name, doubles_[i], f.help)->type_name("X");
        break;
      case FieldFlag::Type::kString:
        option = app_.add_option(name, strings_[i], f.help)->type_name("TEXT");
        break;
      case FieldFlag::Type::kPath:
        option = app_.add_option(name, strings_[i], f.help)->type_name(kFile);
        break;
      case FieldFlag::Type::kStrings:
        option =
            app_.add_option(name, lists_[i], f.help)->allow_extra_args(false)->type_name("TEXT");
        break;
    }
    field_options_.push_back(option);
  }
  app_.footer("example:\n" + mode.example);
}

void ModeParser::parse(std::vector<std::string> args) {
  std::reverse(args.begin(), args.end());  // CLI11 takes its argument vector in reverse
  app_.parse(args);
}

std::vector<OptionInfo> ModeParser::describe() const {
  std::vector<OptionInfo> infos;
  for (const CLI::Option* o : app_.get_options()) {
    if (o->get_lnames().empty() && o->get_snames().empty()) continue;  // INPUT, SUBMISSION...
    OptionInfo info;
    for (const std::string& s : o->get_snames()) info.names.push_back("-" + s);
    for (const std::string& l : o->get_lnames()) info.names.push_back("--" + l);
    if (o->get_expected_max() > 0) {
      // CLI11 appends its validators' descriptions (FORMAT:{text,...}); the help says them.
      const std::string type_name = o->get_type_name();
      info.value_name = type_name.substr(0, type_name.find(':'));
      info.value = value_kind(info.value_name);
    }
    info.help = o->get_description();
    infos.push_back(std::move(info));
  }
  return infos;
}

bool ModeParser::any_field_flag() const {
  return std::any_of(field_options_.begin(), field_options_.end(),
                     [](const CLI::Option* o) { return o->count() > 0; });
}

nlohmann::json ModeParser::field_values(bool absolute_paths) const {
  nlohmann::json values = nlohmann::json::object();
  for (std::size_t i = 0; i < mode_.flags.size(); ++i) {
    if (field_options_[i]->count() == 0) continue;
    const FieldFlag& f = mode_.flags[i];
    nlohmann::json& value = values[f.field];
    switch (f.type) {
      case FieldFlag::Type::kInt:
        value = ints_[i];
        break;
      case FieldFlag::Type::kDouble:
        value = doubles_[i];
        break;
      case FieldFlag::Type::kString:
        value = strings_[i];
        break;
      case FieldFlag::Type::kPath:
        value = absolute_paths ? std::filesystem::absolute(strings_[i]).string() : strings_[i];
        break;
      case FieldFlag::Type::kStrings:
        value = lists_[i];
        break;
    }
  }
  return values;
}

}  // namespace hw4::cli
