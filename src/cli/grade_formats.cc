// The gradebook CSV and Gradescope results.json, from grade's result object.
#include "cli/grade_formats.h"

#include <cmath>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "hw4/error.h"

namespace hw4::cli {

namespace {

using nlohmann::json;

// A score with `places` decimals, "-0.00" printed as "0.00".
std::string decimals(double value, int places) {
  std::string s = fmt::format("{:.{}f}", value, places);
  return s.find_first_not_of("-0.") == std::string::npos ? s.substr(s.front() == '-' ? 1 : 0) : s;
}

}  // namespace

std::string csv_field(std::string text) {
  if (!text.empty() && std::string_view("=+-@").find(text.front()) != std::string_view::npos) {
    text.insert(text.begin(), '\'');
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

std::string render_gradebook_csv(const report::Answer& grades) {
  const json& result = grades.result;
  // Problems in the order the questions first name them, each with its points possible.
  std::vector<std::string> ids;
  std::map<std::string, double> possible;
  for (const json& q : result["questions"]) {
    const std::string id = q["id"].get<std::string>();
    if (!possible.contains(id)) ids.push_back(id);
    possible[id] += q["max_score"].get<double>();
  }
  double total_possible = 0;
  for (const auto& [id, points] : possible) total_possible += points;
  std::string out = "student,name";
  for (const std::string& id : ids) out += "," + csv_field(id);
  out += ",total,max,percent,error\n";
  out += "points possible,";
  for (const std::string& id : ids) out += "," + decimals(possible[id], 4);
  out += fmt::format(",{},{},100.00,\n", decimals(total_possible, 4), decimals(total_possible, 4));
  for (const json& s : result["students"]) {
    out += csv_field(s["student"].get<std::string>()) + "," + csv_field(s["name"].get<std::string>());
    if (s["score"].is_null()) {
      out += std::string(ids.size() + 3, ',') + "," + csv_field(s.value("error", "")) + "\n";
      continue;
    }
    std::map<std::string, double> scores;
    for (const json& p : s["problems"]) scores[p["id"].get<std::string>()] = p["score"].get<double>();
    for (const std::string& id : ids) out += "," + (scores.contains(id) ? decimals(scores[id], 4) : "");
    const double score = s["score"].get<double>();
    const double max = s["max_score"].get<double>();
    out += fmt::format(",{},{},{},\n", decimals(score, 4), decimals(max, 4),
                       decimals(max > 0 ? 100 * score / max : 0, 2));
  }
  return out;
}

std::string render_gradescope(const report::Answer& grades) {
  const json& students = grades.result["students"];
  if (students.size() != 1) {
    throw Error(ErrorKind::kUsage, fmt::format("--format gradescope writes one submission's "
                                               "results.json; got {} submissions",
                                               students.size()));
  }
  const json& s = students[0];
  if (s["score"].is_null()) {
    return json{{"score", 0}, {"output", s.value("error", "")}, {"tests", json::array()}}.dump(2) + "\n";
  }
  json tests = json::array();
  for (const json& p : s["problems"]) {
    for (const json& a : p["answers"]) {
      const std::string verdict = a["verdict"].get<std::string>();
      std::string output = verdict == "missing" ? "No answer given. "
                                                : fmt::format("You gave {}: {}. ", a["given"].dump(), verdict);
      output += "Accepted: " + a["accepted"].get<std::string>() + ".";
      if (a.contains("diagnosis")) output += " " + a["diagnosis"]["message"].get<std::string>() + ".";
      tests.push_back({{"name", p["id"].get<std::string>() + " " + a["pointer"].get<std::string>()},
                       {"number", p["id"]},
                       {"score", a["points"]},
                       {"max_score", a["max_points"]},
                       {"status", verdict == "correct" ? "passed" : "failed"},
                       {"output", output}});
    }
  }
  return json{{"score", s["score"]}, {"tests", std::move(tests)}}.dump(2) + "\n";
}

}  // namespace hw4::cli
