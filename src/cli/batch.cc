// Batch requests: each line is {"id", "command", "mode"?, "input"}; a bad line becomes an error
// object and the stream goes on.
#include "cli/batch.h"

#include <algorithm>
#include <filesystem>
#include <future>
#include <thread>

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/command.h"
#include "hw4/error.h"
#include "hw4/input/load.h"
#include "hw4/report/render.h"

namespace hw4::cli {

namespace {

constexpr std::size_t kChunkLines = 256;
constexpr std::size_t kMaxLineBytes = 64u << 20;

struct Line {
  std::size_t number = 0;
  std::string text;
  bool too_long = false;
};

nlohmann::json error_object(const nlohmann::json& id, const std::string& message,
                            const std::string& pointer) {
  return {{"id", id}, {"error", {{"message", message}, {"pointer", pointer}}}};
}

// Answers one request line; never throws.
nlohmann::json answer_line(const Line& line) {
  nlohmann::json id = nullptr;
  try {
    if (line.too_long) {
      return error_object(id, fmt::format("line is over the limit of {} bytes", kMaxLineBytes), "");
    }
    const input::Document doc = input::parse_document(
        line.text, fmt::format("line {}", line.number), std::filesystem::current_path());
    const input::JsonReader request(doc.json);
    if (doc.json.is_object() && doc.json.contains("id")) id = doc.json["id"];
    request.allow_only({"id", "command", "mode", "input"});
    const Mode& mode = requested_mode(request);
    const Task task = mode.prepare(request.at("input"), Context{doc.base_dir, nullptr});
    report::Answer answer = task();
    answer.command = request.at("command").as_string(100);
    answer.mode = mode.name;
    nlohmann::json envelope = report::envelope(answer, report::RenderOptions{});
    nlohmann::json out = {{"id", id}};
    out.update(envelope);
    return out;
  } catch (const InputError& e) {
    if (const auto& pos = e.position()) {
      return error_object(id, fmt::format("{}:{}: {}", pos->line, pos->column, e.what()), "");
    }
    return error_object(id, e.what(), e.pointer());
  } catch (const Error& e) {
    return error_object(id, e.what(), "");
  } catch (const std::exception& e) {
    return error_object(id, fmt::format("internal error: {}", e.what()), "");
  }
}

bool read_line(std::istream& in, Line& line) {
  line.text.clear();
  line.too_long = false;
  char c;
  bool any = false;
  while (in.get(c)) {
    any = true;
    if (c == '\n') return true;
    if (line.text.size() < kMaxLineBytes) {
      line.text += c;
    } else {
      line.too_long = true;
    }
  }
  return any;
}

}  // namespace

int run_batch(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
              std::ostream& err) {
  if (!args.empty()) {
    if (args.front() == "--help" || args.front() == "-h") {
      out << "usage: hw4 batch < requests.ndjson > answers.ndjson\n\n"
             "One request per line: {\"id\": ..., \"command\": ..., \"mode\": ..., \"input\": {...}}\n"
             "(mode may be left out for the command's default). One JSON envelope per line comes\n"
             "out, in order, with the same id; a bad line gives {\"id\": ..., \"error\": {\"message\",\n"
             "\"pointer\"}} and the stream goes on. Exit 1 if any line gave an error.\n\n"
             "example:\n  echo '{\"id\": 1, \"command\": \"skipgram\", \"mode\": \"pairs\", "
             "\"input\": {\"text\": \"a b c\", \"window\": 1}}' | hw4 batch\n";
      return kExitOk;
    }
    throw Error(ErrorKind::kUsage, fmt::format("batch takes no arguments, got \"{}\"", args.front()));
  }
  const unsigned workers = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
  bool any_error = false;
  std::size_t number = 0;
  std::vector<Line> chunk;
  std::vector<nlohmann::json> answers;
  for (bool more = true; more;) {
    chunk.clear();
    Line line;
    while (chunk.size() < kChunkLines && (more = read_line(in, line))) {
      line.number = ++number;
      const bool blank = line.text.find_first_not_of(" \t\r") == std::string::npos && !line.too_long;
      if (!blank) chunk.push_back(line);
    }
    answers.assign(chunk.size(), nullptr);
    // Lines i, i + workers, ... go to worker i; the chunk is written in order once all are done.
    std::vector<std::future<void>> jobs;
    for (unsigned w = 0; w < workers; ++w) {
      jobs.push_back(std::async(std::launch::async, [&, w] {
        for (std::size_t i = w; i < chunk.size(); i += workers) answers[i] = answer_line(chunk[i]);
      }));
    }
    for (auto& job : jobs) job.get();
    for (const nlohmann::json& a : answers) {
      any_error = any_error || a.contains("error");
      out << a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
    out.flush();
    if (!out) throw Error(ErrorKind::kOutput, "cannot write to standard output");
  }
  (void)err;
  return any_error ? kExitNo : kExitOk;
}

}  // namespace hw4::cli
