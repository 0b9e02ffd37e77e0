// The command table's types: a command has modes; a mode reads and validates its input into a
// task, and the task computes the answer. Splitting the two lets `solve` validate a whole
// problem set before solving any of it, and `batch` validate each line before queueing it.
#pragma once

#include <filesystem>
#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "hw4/input/json_reader.h"
#include "hw4/report/report.h"

namespace hw4::cli {

struct Context {
  std::filesystem::path base_dir;    // relative paths inside the input resolve against it
  std::ostream* progress = nullptr;  // a terminal's standard error for progress bars, else null
  // Modes that take arguments (grade, vary): the positional arguments after INPUT, the flags
  // given (by field name; paths made absolute), standard input (grade's "-"), and the folder
  // `-o` names (vary).
  std::vector<std::string> arguments{};
  nlohmann::json options = nlohmann::json::object();
  std::istream* in = nullptr;
  std::filesystem::path output_folder{};
  // A binary model given as INPUT (cnn-params reads ONNX, known by its first byte): its path
  // ("-": standard input, read from `in`) and its name (the file's stem, "model" from standard
  // input). The document then holds only the flags' fields.
  std::string model_path{};
  std::string model_name{};
};

using Task = std::function<report::Answer()>;

// A flag that sets one input field (`--min-count 5` sets "min_count").
struct FieldFlag {
  // kPath: a file name, relative to the working directory even when an input file is read.
  // kStrings: repeatable, sets an array of strings.
  enum class Type { kInt, kDouble, kString, kPath, kStrings };
  std::string field;
  Type type;
  std::string help;
  std::string flag;  // the flag when it is not --<field> (`format` would clash with --format)
};

// An output format beyond the four every command has (grade's csv and gradescope), rendered
// from the answer's result; `extension` picks it from `-o FILE` when --format is not given.
struct ExtraFormat {
  std::string name;
  std::string extension;
  std::function<std::string(const report::Answer&)> render;
};

struct Mode {
  std::string name;
  std::string summary;
  std::string example;  // shown by --help: a command line and, where it takes one, its input
  // Reads and checks everything (throws InputError); the returned task does the work.
  std::function<Task(const input::JsonReader&, const Context&)> prepare;
  std::vector<FieldFlag> flags;
  // True when flags alone can name the data, so no input document is read (skipgram train).
  bool flags_are_input = false;
  // grade and vary: the flags are options of the run (Context::options), not input fields;
  // positional arguments after INPUT (`arguments_help` describes them) go to Context::arguments.
  bool takes_arguments = false;
  std::string arguments_help{};
  bool output_is_folder = false;  // vary: -o names the folder the task writes, not the answer's file
  std::vector<ExtraFormat> formats{};
  // Set when INPUT may also be a binary model rather than JSON: true for a first byte that
  // marks one (the model then reaches prepare as Context::model_path).
  std::function<bool(int first_byte)> is_model = nullptr;
};

struct Command {
  std::string name;
  std::string summary;
  std::vector<Mode> modes;  // the first is the default
};

// One factory per subcommand, each in its cmd_<name>.cc.
Command skipgram_command();
Command autoencoder_command();
Command cnn_params_command();
Command gan_grad_command();
Command rnn_equal_command();
Command rnn_grad_command();
Command beam_search_command();
Command solve_command();
Command grade_command();
Command vary_command();

// The table, in the order `hw4 --help` lists it.
const std::vector<Command>& commands();
// Their names (the tools are not among them).
std::vector<std::string> command_names();

// A command outside the table, with a command line of its own (batch reads requests, schema and
// completion print files). Dispatch, --help, the completion scripts and hw4(1) walk this list.
struct Tool {
  std::string name;
  std::string synopsis;  // its arguments: "[COMMAND [MODE]]"
  std::string summary;
  // What its first argument completes to: these words, or (names_a_mode) a command of the
  // table, then that command's mode.
  std::vector<std::string> words;
  bool names_a_mode = false;
  std::function<int(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                    std::ostream& err)>
      run;
};

// batch, schema and completion, in the order `hw4 --help` lists them.
const std::vector<Tool>& tools();

// The mode of a command; an empty mode name means the default. Null when unknown.
const Mode* find_mode(std::string_view command, std::string_view mode);

// The mode a request names with its "command" and optional "mode" fields (a batch line, a
// problem of solve); throws InputError at the field that names nothing, saying what exists.
const Mode& requested_mode(const input::JsonReader& request);

}  // namespace hw4::cli
