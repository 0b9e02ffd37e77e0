// The one libFuzzer harness body: feeds the fuzz bytes to `hw4 COMMAND [MODE] - --format json`
// in-process and turns every contract breach into a crash libFuzzer records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "cli/command.h"

namespace hw4::fuzz {

// Prints why the run broke the contract and aborts, so libFuzzer saves the input.
[[noreturn]] inline void breach(const char* what, int code, const std::string& out,
                                const std::string& err) {
  std::fprintf(stderr, "hw4 fuzz: %s (exit %d)\n--- stdout (first 2000 bytes) ---\n%.2000s\n"
               "--- stderr ---\n%.2000s\n", what, code, out.c_str(), err.c_str());
  std::abort();
}

// The modes of `command` a harness cycles through: all but those in `skip`.
inline std::vector<const cli::Mode*> fuzzed_modes(std::string_view command,
                                                  const std::vector<std::string_view>& skip) {
  const cli::Command* cmd = nullptr;
  for (const cli::Command& c : cli::commands()) {
    if (c.name == command) cmd = &c;
  }
  if (cmd == nullptr) std::abort();  // the harness names a command main does not have
  std::vector<const cli::Mode*> modes;
  for (const cli::Mode& m : cmd->modes) {
    bool skipped = false;
    for (std::string_view s : skip) skipped = skipped || m.name == s;
    if (!skipped) modes.push_back(&m);
  }
  if (modes.empty()) std::abort();
  return modes;
}

// The mode an input runs and the document bytes: a command with several modes takes its mode
// from the first byte (byte % number of modes) and the rest as the document; with one mode the
// whole input is the document. Null when the input is empty and a mode byte was needed.
inline const cli::Mode* pick_mode(const std::vector<const cli::Mode*>& modes,
                                  const std::uint8_t*& data, std::size_t& size) {
  if (modes.size() == 1) return modes.front();
  if (size == 0) return nullptr;
  const cli::Mode* mode = modes[data[0] % modes.size()];
  ++data;
  --size;
  return mode;
}

inline int run_checked(const std::vector<std::string>& args, const std::uint8_t* data,
                       std::size_t size, bool lines);

// Runs one input through `command` (its mode chosen by pick_mode); modes in `skip` (those that
// write files) are never chosen.
inline int run_one(std::string_view command, const std::uint8_t* data, std::size_t size,
                   const std::vector<std::string_view>& skip = {}) {
  std::vector<std::string> args{std::string(command)};
  if (command != "batch") {  // batch reads NDJSON from standard input and takes no arguments
    const cli::Mode* mode = pick_mode(fuzzed_modes(command, skip), data, size);
    if (mode == nullptr) return -1;  // libFuzzer: do not add to the corpus
    if (!mode->name.empty()) args.push_back(mode->name);
    for (const char* a : {"-", "--format", "json"}) args.emplace_back(a);
  }
  return run_checked(args, data, size, command == "batch");
}

// Runs `args` in-process with the bytes as standard input and checks the contract; `lines`
// when standard output is one JSON document per line (batch).
inline int run_checked(const std::vector<std::string>& args, const std::uint8_t* data,
                       std::size_t size, bool lines) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream out, err;
  const int code = cli::run(args, in, out, err);

  // SPEC's exit codes: 0 and 1 give a JSON envelope; 2 gives one or more error lines; 70 (an
  // internal error) is always a bug; nothing else may come out of an in-memory run.
  const std::string o = out.str(), e = err.str();
  switch (code) {
    case 0:
    case 1: {
      // batch writes one envelope per line; every other command one document.
      std::vector<std::string> docs;
      if (lines) {
        std::istringstream lines(o);
        for (std::string line; std::getline(lines, line);) docs.push_back(line);
      } else {
        docs.push_back(o);
      }
      for (const std::string& d : docs) {
        if (nlohmann::json::parse(d, nullptr, false).is_discarded()) {
          breach("output is not JSON", code, o, e);
        }
      }
      break;
    }
    case 2:
      if (e.rfind("hw4: error: ", 0) != 0) breach("exit 2 without an error line", code, o, e);
      break;
    default:
      breach("unexpected exit code", code, o, e);
  }
  return 0;
}

// With HW4_FUZZ_PRINT_MODES set, prints how many modes the harness cycles through and exits:
// fuzz/run.sh prefixes each seed with every mode byte.
inline void init(std::string_view command, const std::vector<std::string_view>& skip) {
  if (std::getenv("HW4_FUZZ_PRINT_MODES") == nullptr) return;
  std::printf("%zu\n", command == "batch" ? std::size_t{1} : fuzzed_modes(command, skip).size());
  std::exit(0);
}

}  // namespace hw4::fuzz

// Defines the libFuzzer entry points for one command; the optional arguments name modes to leave
// out (those that write files).
#define HW4_FUZZ_HARNESS(command, ...)                                               \
  extern "C" int LLVMFuzzerInitialize(int*, char***) {                               \
    hw4::fuzz::init(command, {__VA_ARGS__});                                         \
    return 0;                                                                        \
  }                                                                                  \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    return hw4::fuzz::run_one(command, data, size, {__VA_ARGS__});                   \
  }
