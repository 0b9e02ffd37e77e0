// hw4::cli::run: the command table, argument parsing, input, output and exit codes.
#include "cli/app.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <new>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/atomic_file.h"
#include "cli/batch.h"
#include "cli/command.h"
#include "cli/completion.h"
#include "cli/man_page.h"
#include "cli/parser.h"
#include "cli/pdf.h"
#include "cli/schema.h"
#include "hw4/error.h"
#include "hw4/input/load.h"
#include "hw4/report/render.h"

namespace hw4::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      // SPEC's order: the problem set's sections, then the whole-set commands.
      cnn_params_command(),
      autoencoder_command(),
      gan_grad_command(),
      rnn_equal_command(),
      skipgram_command(),
      rnn_grad_command(),
      beam_search_command(),
      solve_command(),
      grade_command(),
      vary_command(),
  };
  return table;
}

const std::vector<Tool>& tools() {
  static const std::vector<Tool> table = {
      {"batch", "< requests.ndjson", "NDJSON requests in, one JSON envelope per line out", {}, false,
       run_batch},
      {"schema", "[COMMAND [MODE]]", "the JSON Schema of a mode's input", {}, true,
       [](const std::vector<std::string>& args, std::istream&, std::ostream& out, std::ostream&) {
         return run_schema(args, out);
       }},
      {"completion", "bash|zsh|fish", "a completion script for the shell", shells(), false,
       [](const std::vector<std::string>& args, std::istream&, std::ostream& out, std::ostream&) {
         return run_completion(args, out);
       }},
  };
  return table;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const Command& c : commands()) names.push_back(c.name);
  return names;
}

namespace {

const Command* find_command(std::string_view name) {
  for (const Command& c : commands()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::vector<std::string> mode_names(const Command& command) {
  std::vector<std::string> names;
  for (const Mode& m : command.modes) names.push_back(m.name);
  return names;
}

}  // namespace

const Mode& requested_mode(const input::JsonReader& request) {
  const input::JsonReader command = request.at("command");
  const std::string name = command.as_string(100);
  const Command* c = find_command(name);
  if (c == nullptr) {
    const std::vector<std::string> names = command_names();
    const auto guess = input::closest_match(name, names);
    command.fail(guess ? fmt::format("unknown command \"{}\" (did you mean \"{}\"?)", name, *guess)
                       : fmt::format("unknown command \"{}\" (commands: {})", name, fmt::join(names, ", ")));
  }
  const auto mode = request.find("mode");
  if (!mode) return c->modes.front();
  const std::string mode_name = mode->as_string(100);
  for (const Mode& m : c->modes) {
    if (m.name == mode_name) return m;
  }
  const std::vector<std::string> names = mode_names(*c);
  mode->fail(names.size() == 1 && names.front().empty()
                 ? fmt::format("{} has no modes", name)
                 : fmt::format("{} has no mode \"{}\" (modes: {})", name, mode_name, fmt::join(names, ", ")));
}

const Mode* find_mode(std::string_view command, std::string_view mode) {
  for (const Command& c : commands()) {
    if (c.name != command) continue;
    if (mode.empty()) return &c.modes.front();
    for (const Mode& m : c.modes) {
      if (m.name == mode) return &m;
    }
  }
  return nullptr;
}

namespace {

std::string top_help() {
  std::string out =
      "hw4 " HW4_VERSION " - solves and checks the problems of a machine-learning problem set,\n"
      "and shows the work.\n\n"
      "usage: hw4 <command> [<mode>] [INPUT] [--format text|markdown|latex|pdf|json] [-o FILE]\n"
      "       hw4 <command> [<mode>] --help      (every mode has an example)\n";
  for (const Tool& t : tools()) out += fmt::format("       hw4 {} {}\n", t.name, t.synopsis);
  out +=
      "       hw4 --man                          (the man page hw4(1), in roff)\n\n"
      "INPUT is a JSON file, or - for standard input (read when INPUT is left out and standard\n"
      "input is not a terminal).\n\ncommands:\n";
  for (const Command& c : commands()) {
    std::string modes;
    for (const Mode& m : c.modes) modes += (modes.empty() ? "" : ", ") + m.name;
    out += fmt::format("  {:<13} {}\n", c.name, c.summary);
    if (c.modes.size() > 1) out += fmt::format("  {:<13} modes: {}\n", "", modes);
  }
  for (const Tool& t : tools()) out += fmt::format("  {:<13} {}\n", t.name, t.summary);
  out += "\nexit codes: 0 done, 1 the answer is \"no\", 2 bad usage or input, 70 internal error,\n"
         "74 output could not be written. See README.md and docs/.\n";
  return out;
}

// Prints an error as one line (SPEC: scripts read one line per problem) and returns its exit
// code. A syntax error's line of input, with a caret under the column, follows only when a person
// reads standard error on a terminal.
int report_error(const Error& e, const std::string& source, std::ostream& err) {
  if (const auto* input = dynamic_cast<const InputError*>(&e)) {
    if (const auto& pos = input->position()) {
      err << fmt::format("hw4: error: {}:{}:{}: {}\n", source, pos->line, pos->column, e.what());
      if (&err == &std::cerr && ::isatty(2)) {
        err << fmt::format("    {}\n    {}^ near here\n", pos->line_text, std::string(pos->caret, ' '));
      }
    } else if (input->pointer().empty()) {
      err << fmt::format("hw4: error: {}: {}\n", source, e.what());
    } else {
      err << fmt::format("hw4: error: {}:{}: {}\n", source, input->pointer(), e.what());
    }
    return kExitUsage;
  }
  switch (e.kind()) {
    case ErrorKind::kUsage:
      err << fmt::format("hw4: error: {}\n", e.what());
      return kExitUsage;
    case ErrorKind::kInvalidInput:
    case ErrorKind::kMath:
      err << fmt::format("hw4: error: {}{}\n", source.empty() ? "" : source + ": ", e.what());
      return kExitUsage;
    case ErrorKind::kOutput:
      err << fmt::format("hw4: error: {}\n", e.what());
      return kExitOutput;
    case ErrorKind::kInternal:
      break;
  }
  err << fmt::format("hw4: internal error: {} (this is a bug: please report it)\n", e.what());
  return kExitInternal;
}

bool stdin_is_terminal(const std::istream& in) { return &in == &std::cin && ::isatty(0); }

// SPEC: --json, then --format, then the extension of -o FILE (a mode's own formats' too, such as
// grade's .csv); text otherwise. vary's -o names a folder, which picks nothing.
std::string format_name(const Options& o, const Mode& mode) {
  if (o.json) return "json";
  if (!o.format.empty()) return o.format;
  if (mode.output_is_folder) return "text";
  const std::string extension = std::filesystem::path(o.output).extension().string();
  for (const auto& [ext, name] :
       {std::pair{".md", "markdown"}, {".tex", "latex"}, {".pdf", "pdf"}, {".json", "json"}}) {
    if (extension == ext) return name;
  }
  for (const ExtraFormat& f : mode.formats) {
    if (!f.extension.empty() && extension == f.extension) return f.name;
  }
  return "text";
}

// The rendered answer to standard output, or to `path` complete or not at all.
void write_answer(const std::string& rendered, const std::string& path, std::ostream& out) {
  if (!path.empty()) return write_file_atomically(path, rendered);
  out << rendered;
  out.flush();
  if (!out) throw Error(ErrorKind::kOutput, "cannot write to standard output");
}

// Runs one command and mode with its parsed options. `source` names the input for errors.
int run_mode(const Command& command, const Mode& mode, std::vector<std::string> rest,
             std::istream& in, std::ostream& out, std::ostream& err, std::string& source) {
  ModeParser parser(command, mode);
  try {
    parser.parse(std::move(rest));
  } catch (const CLI::CallForHelp&) {
    out << parser.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    throw Error(ErrorKind::kUsage, e.what());
  }
  Options& o = parser.options();
  const std::string format_chosen = format_name(o, mode);
  const ExtraFormat* own_format = nullptr;
  for (const ExtraFormat& f : mode.formats) {
    if (f.name == format_chosen) own_format = &f;
  }
  const bool pdf = format_chosen == "pdf";
  if (pdf && o.output.empty()) throw Error(ErrorKind::kUsage, "--format pdf needs -o FILE.pdf");
  const report::Format format = pdf || own_format != nullptr ? report::Format::kLatex
                                                             : report::parse_format(format_chosen);

  const bool any_flag = parser.any_field_flag();
  Context context{{}, &err == &std::cerr && ::isatty(2) ? &err : nullptr, std::move(o.arguments),
                  nlohmann::json::object(), &in, mode.output_is_folder ? o.output : ""};
  if (mode.takes_arguments) {
    // The flags are the run's options; a flag that names the data (grade --variants) leaves no
    // INPUT, so the first positional argument is one of the others.
    context.options = parser.field_values(true);
    if (mode.flags_are_input && any_flag && !o.input.empty()) {
      context.arguments.insert(context.arguments.begin(), o.input);
      o.input.clear();
    }
  }
  input::Document doc;
  const bool from_stdin = o.input == "-" || (o.input.empty() && !(mode.flags_are_input && any_flag) &&
                                             !stdin_is_terminal(in));
  bool is_model = false;
  if (mode.is_model && (from_stdin || !o.input.empty())) {
    // A binary model is known by its first byte, whatever the file is called.
    if (from_stdin) {
      is_model = mode.is_model(in.peek());
    } else if (std::error_code ec; std::filesystem::is_regular_file(o.input, ec)) {
      std::ifstream file(o.input, std::ios::binary);
      is_model = file && mode.is_model(file.peek());
    }
  }
  if (is_model) {
    source = from_stdin ? "<stdin>" : o.input;
    doc = {source, std::filesystem::current_path(), nlohmann::json::object()};
  } else if (!o.input.empty()) {
    source = o.input == "-" ? "<stdin>" : o.input;
    doc = input::load_document(o.input, in);
  } else if (mode.flags_are_input && any_flag) {
    source = "<flags>";
    doc = {source, std::filesystem::current_path(), nlohmann::json::object()};
  } else if (!stdin_is_terminal(in)) {
    source = "<stdin>";
    doc = input::load_document("-", in);
  } else {
    err << parser.help();
    throw Error(ErrorKind::kUsage, "no input: give a JSON file, or - for standard input");
  }
  // Flags win over the document's fields (SPEC: skipgram train); a path flag is relative to the
  // working directory, not to the input file. A document that is not an object is refused by
  // the mode's reader.
  if (!mode.takes_arguments && doc.json.is_object()) {
    doc.json.update(parser.field_values(!o.input.empty() && o.input != "-"));
  }

  context.base_dir = doc.base_dir;
  if (is_model) {
    context.model_path = from_stdin ? "-" : o.input;
    context.model_name = from_stdin ? "model" : std::filesystem::path(o.input).stem().string();
  }
  const Task task = mode.prepare(input::JsonReader(doc.json), context);
  report::Answer answer = task();
  answer.command = command.name;
  answer.mode = mode.name;
  if (own_format != nullptr) {
    write_answer(own_format->render(answer), o.output, out);
    return answer.negative ? kExitNo : kExitOk;
  }

  report::RenderOptions render_options;
  render_options.precision = o.precision;
  // Indented for a person at a terminal, one line for a program or a file (SPEC).
  render_options.compact = o.compact || (!o.output.empty() && !mode.output_is_folder) || &out != &std::cout ||
                           !::isatty(1);
  // A .tex file is for pdflatex; the fragment is for pasting into a document of one's own.
  render_options.standalone =
      pdf || o.standalone || std::filesystem::path(o.output).extension() == ".tex";
  render_options.color = format == report::Format::kText && o.output.empty() && &out == &std::cout &&
                         ::isatty(1) && std::getenv("NO_COLOR") == nullptr;
  std::string rendered = report::render(answer, format, render_options);
  if (pdf) rendered = compile_pdf(rendered);
  if (!o.plot.empty()) {
    if (!answer.plot) throw Error(ErrorKind::kUsage, fmt::format("{} {} draws no plot", command.name, mode.name));
    write_file_atomically(o.plot, report::render_svg(*answer.plot));
  }
  write_answer(rendered, mode.output_is_folder ? "" : o.output, out);
  return answer.negative ? kExitNo : kExitOk;
}

int dispatch(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
             std::ostream& err, std::string& source) {
  if (args.empty()) {
    err << top_help();
    return kExitUsage;
  }
  const std::string& first = args.front();
  if (first == "--version" || first == "-V") {
    out << "hw4 " HW4_VERSION "\n";
    return kExitOk;
  }
  if (first == "--help" || first == "-h" || first == "help") {
    out << top_help();
    return kExitOk;
  }
  if (first == "--man") {
    out << man_page();
    return kExitOk;
  }
  for (const Tool& t : tools()) {
    if (first == t.name) return t.run({args.begin() + 1, args.end()}, in, out, err);
  }
  const Command* command = find_command(first);
  if (command == nullptr) {
    std::vector<std::string> names = command_names();
    for (const Tool& t : tools()) names.push_back(t.name);
    const auto suggestion = input::closest_match(first, names);
    throw Error(ErrorKind::kUsage,
                fmt::format("unknown command \"{}\"{} (hw4 --help lists them)", first,
                            suggestion ? fmt::format(", did you mean \"{}\"?", *suggestion) : ""));
  }
  std::size_t next = 1;
  const Mode* mode = &command->modes.front();
  if (args.size() > 1 && !args[1].empty() && args[1][0] != '-') {
    if (const Mode* named = find_mode(command->name, args[1])) {
      mode = named;
      next = 2;
    } else if (args[1].find_first_of("./") == std::string::npos &&
               !std::filesystem::exists(args[1])) {
      throw Error(ErrorKind::kUsage, fmt::format("unknown mode \"{}\" of {} (modes: {})", args[1],
                                                 command->name, fmt::join(mode_names(*command), ", ")));
    }
  }
  return run_mode(*command, *mode, {args.begin() + static_cast<std::ptrdiff_t>(next), args.end()},
                  in, out, err, source);
}

}  // namespace

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err) {
  std::string source;
  try {
    return dispatch(args, in, out, err, source);
  } catch (const Error& e) {
    return report_error(e, source, err);
  } catch (const std::bad_alloc&) {
    err << "hw4: error: out of memory\n";
    return kExitInternal;
  } catch (const std::exception& e) {
    err << fmt::format("hw4: internal error: {} (this is a bug: please report it)\n", e.what());
    return kExitInternal;
  }
}

}  // namespace hw4::cli
