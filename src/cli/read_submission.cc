// The submission reader: every document through JsonReader, every failure a row with its message.
#include "cli/read_submission.h"

#include <algorithm>
#include <filesystem>
#include <iterator>

#include <fmt/format.h>

#include "hw4/error.h"
#include "hw4/input/load.h"

namespace hw4::cli {

namespace {

constexpr std::size_t kMaxAnsweredProblems = 1000;
constexpr std::size_t kMaxAnswersPerProblem = 1000;

// An error as the row shows it: where, then what ("s1.json:/answers/1.1: expected an object").
std::string describe(const Error& e, const std::string& source) {
  if (const auto* input = dynamic_cast<const InputError*>(&e)) {
    if (const auto& pos = input->position()) {
      return fmt::format("{}:{}:{}: {}", source, pos->line, pos->column, e.what());
    }
    if (!input->pointer().empty()) return fmt::format("{}:{}: {}", source, input->pointer(), e.what());
  }
  return fmt::format("{}: {}", source, e.what());
}

derive::Submission unreadable(std::string student, std::string message) {
  derive::Submission s;
  s.student = std::move(student);
  s.error = std::move(message);
  return s;
}

derive::Submission read_file(const std::filesystem::path& path, std::istream& stdin_stream) {
  try {
    const input::Document doc = input::load_document(path.string(), stdin_stream);
    return read_submission(input::JsonReader(doc.json));
  } catch (const Error& e) {
    return unreadable(path.stem().string(), describe(e, path.filename().string()));
  }
}

void add(std::vector<derive::Submission>& all, std::vector<derive::Submission> more) {
  if (all.size() + more.size() > kMaxSubmissions) {
    throw Error(ErrorKind::kInvalidInput,
                fmt::format("more than {} submissions", kMaxSubmissions));
  }
  std::move(more.begin(), more.end(), std::back_inserter(all));
}

}  // namespace

derive::Submission read_submission(const input::JsonReader& in) {
  in.allow_only({"student", "name", "answers"});
  derive::Submission s;
  s.student = in.at("student").as_string(200);
  if (s.student.empty()) in.at("student").fail("expected a non-empty student id");
  s.name = in.string_or("name", "");
  if (s.name.size() > 200) in.at("name").fail("longer than 200 characters");
  const input::JsonReader answers = in.at("answers");
  if (!answers.is_object()) answers.fail("expected an object {problem id: {pointer: value}}");
  const std::vector<std::string> ids = answers.keys();
  if (ids.size() > kMaxAnsweredProblems) {
    answers.fail(fmt::format("more than {} problems", kMaxAnsweredProblems));
  }
  for (const std::string& id : ids) {
    const input::JsonReader problem = answers.at(id);
    if (!problem.is_object()) problem.fail("expected an object {pointer: value}");
    const std::vector<std::string> pointers = problem.keys();
    if (pointers.size() > kMaxAnswersPerProblem) {
      problem.fail(fmt::format("more than {} answers", kMaxAnswersPerProblem));
    }
    for (const std::string& pointer : pointers) {
      if (!pointer.empty() && pointer.front() != '/') {
        problem.at(pointer).fail("an answer's key is a JSON pointer into the result, starting with \"/\"");
      }
    }
  }
  s.answers = answers.json();
  return s;
}

std::vector<derive::Submission> read_submission_lines(const std::string& text,
                                                      const std::string& source) {
  std::vector<derive::Submission> out;
  std::size_t number = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (out.size() == kMaxSubmissions) {
      throw Error(ErrorKind::kInvalidInput, fmt::format("{}: more than {} submissions", source, kMaxSubmissions));
    }
    const std::string row = fmt::format("line {}", number);
    try {
      const input::Document doc = input::parse_document(line, row, {});
      out.push_back(read_submission(input::JsonReader(doc.json)));
    } catch (const Error& e) {
      out.push_back(unreadable(row, describe(e, fmt::format("{}:{}", source, number))));
    }
  }
  return out;
}

std::vector<derive::Submission> read_submissions(const std::vector<std::string>& arguments,
                                                 std::istream& stdin_stream) {
  std::vector<derive::Submission> all;
  for (const std::string& argument : arguments) {
    const std::filesystem::path path(argument);
    std::error_code ec;
    if (argument == "-") {
      std::string text;
      std::vector<char> buffer(1 << 16);
      while (stdin_stream.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) ||
             stdin_stream.gcount() > 0) {
        text.append(buffer.data(), static_cast<std::size_t>(stdin_stream.gcount()));
        if (text.size() > input::kMaxInputBytes) {
          throw Error(ErrorKind::kInvalidInput, "<stdin>: over the input limit of 256 MiB");
        }
      }
      add(all, read_submission_lines(text, "<stdin>"));
    } else if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
        if (entry.path().extension() == ".json" && !entry.is_directory(ec)) files.push_back(entry.path());
        if (files.size() > kMaxSubmissions) break;
      }
      if (ec) throw Error(ErrorKind::kInvalidInput, fmt::format("{}: cannot list the folder", argument));
      std::sort(files.begin(), files.end());
      std::vector<derive::Submission> folder;
      for (const auto& file : files) folder.push_back(read_file(file, stdin_stream));
      add(all, std::move(folder));
    } else if (path.extension() == ".ndjson") {
      try {
        add(all, read_submission_lines(input::read_text_file(path, input::kMaxInputBytes), argument));
      } catch (const InputError& e) {
        add(all, {unreadable(path.stem().string(), describe(e, argument))});
      }
    } else {
      add(all, {read_file(path, stdin_stream)});
    }
  }
  return all;
}

}  // namespace hw4::cli
