// Runs the CLI in-process (so the sanitizers see everything) and captures its streams.
#pragma once

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/app.h"

namespace hw4::testing {

struct CliResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

inline CliResult run_cli(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  CliResult r;
  r.exit_code = cli::run(args, in, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// A run in a child process: its result, how much memory it added to what it inherited (peak
// resident set minus the parent's resident set at the fork), and its wall time.
struct MeasuredRun {
  CliResult result;
  long added_kb = 0;
  double seconds = 0;
};

inline long resident_kb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

inline MeasuredRun run_cli_measured(const std::vector<std::string>& args,
                                    const std::string& stdin_text = "") {
  MeasuredRun run;
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const long before = resident_kb();
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {  // the child: run, send "<exit code>\n<out size>\n<out><err>", and leave
    close(fds[0]);
    const CliResult r = run_cli(args, stdin_text);
    const std::string message = std::to_string(r.exit_code) + "\n" + std::to_string(r.out.size()) +
                                "\n" + r.out + r.err;
    for (std::size_t sent = 0; sent < message.size();) {
      const ssize_t n = write(fds[1], message.data() + sent, message.size() - sent);
      if (n <= 0) _exit(99);
      sent += static_cast<std::size_t>(n);
    }
    _exit(0);  // no atexit handlers, no leak check of the parent's objects
  }
  close(fds[1]);
  std::string message;
  char buffer[65536];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) message.append(buffer, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.added_kb = usage.ru_maxrss - before;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    run.result.exit_code = -1;  // the child crashed
    run.result.err = message;
    return run;
  }
  std::istringstream in(message);
  std::size_t out_size = 0;
  in >> run.result.exit_code >> out_size;
  in.get();
  std::string rest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  run.result.out = rest.substr(0, out_size);
  run.result.err = rest.substr(std::min(out_size, rest.size()));
  return run;
}

inline std::string source_path(const std::string& relative) {
  return std::string(HW4_SOURCE_DIR) + "/" + relative;
}

// A file's whole contents ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A scratch folder for one test, named after the test and this process, removed afterwards.
struct TempDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("hw4-" + std::to_string(::getpid()) + "-" +
       ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "-" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name());
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace hw4::testing
