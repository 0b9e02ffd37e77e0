// Every reference case in tests/reference (copied from ../shared/reference, computed
// independently with PyTorch, scikit-learn, torchvision and brute force) through the CLI,
// compared with the rules of shared/tools/check-reference.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Rules {
  double rel = 0, abs = 0;
  json compare = json::object();
  std::string start = "<s>", end = "</s>";
};

void match(const json& want, const json& got, const std::string& path, const std::string& key,
           const Rules& rules, std::vector<std::string>& errors) {
  if (want.is_object()) {
    if (!got.is_object()) return errors.push_back(path + ": expected an object");
    for (const auto& [k, v] : want.items()) {
      if (!got.contains(k)) {
        errors.push_back(path + "/" + k + ": missing");
      } else {
        match(v, got[k], path + "/" + k, k, rules, errors);
      }
    }
    return;
  }
  if (want.is_array()) {
    if (!got.is_array()) return errors.push_back(path + ": expected a list");
    json w = want, g = got;
    if (key == "tokens" && rules.compare.contains("tokens")) {
      if (!g.empty() && g.front() == rules.start) g.erase(g.begin());
      if (!g.empty() && g.back() == rules.end) g.erase(g.end() - 1);
    }
    if (rules.compare.value(key, "") == "prefix") {
      const std::size_t n = std::min(w.size(), g.size());
      if (n == 0) return errors.push_back(path + ": empty");
      w = json(std::vector<json>(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(n)));
      g = json(std::vector<json>(g.begin(), g.begin() + static_cast<std::ptrdiff_t>(n)));
    } else if (w.size() != g.size()) {
      return errors.push_back(path + ": length " + std::to_string(g.size()) + ", expected " +
                              std::to_string(w.size()));
    }
    for (std::size_t i = 0; i < w.size(); ++i) {
      match(w[i], g[i], path + "/" + std::to_string(i), key, rules, errors);
    }
    return;
  }
  if (want.is_number()) {
    if (!got.is_number()) return errors.push_back(path + ": expected a number, got " + got.dump());
    const double w = want.get<double>(), g = got.get<double>();
    if (std::abs(g - w) > rules.abs + rules.rel * std::abs(w)) {
      errors.push_back(path + ": " + got.dump() + " != " + want.dump());
    }
    return;
  }
  if (want != got) errors.push_back(path + ": " + got.dump() + " != " + want.dump());
}

std::vector<fs::path> reference_cases() {
  std::vector<fs::path> cases;
  const fs::path root = source_path("tests/reference");
  if (!fs::exists(root)) return cases;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = ".expected.json";
    if (name.size() > suffix.size() && name.ends_with(suffix)) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

class Reference : public ::testing::TestWithParam<fs::path> {};

TEST_P(Reference, MatchesIndependentOracle) {
  const fs::path expected_path = GetParam();
  std::string input_path = expected_path.string();
  input_path.replace(input_path.size() - std::string(".expected.json").size(),
                     std::string::npos, ".json");
  const json expected = json::parse(std::ifstream(expected_path));
  const json input = json::parse(std::ifstream(input_path));
  const CliResult r = run_cli({expected["_command"].get<std::string>(),
                               expected["_mode"].get<std::string>(), input_path, "--format",
                               "json"});
  const json exit_codes = expected.value("_exit_code", json(0));
  if (exit_codes.is_array()) {
    EXPECT_NE(std::find(exit_codes.begin(), exit_codes.end(), json(r.exit_code)), exit_codes.end())
        << r.err;
  } else {
    EXPECT_EQ(r.exit_code, exit_codes.get<int>()) << r.err;
  }
  ASSERT_FALSE(r.out.empty()) << r.err;
  const json envelope = json::parse(r.out);
  const json& result = envelope.at("result");
  Rules rules;
  rules.rel = expected.value("_tolerance", json::object()).value("rel", 0.0);
  rules.abs = expected.value("_tolerance", json::object()).value("abs", 0.0);
  rules.compare = expected.value("_compare", json::object());
  rules.start = input.value("start", "<s>");
  rules.end = input.value("end", "</s>");
  const json accept = expected.value("_accept", json::object());
  for (const auto& [key, want] : expected.items()) {
    if (key.starts_with("_")) continue;
    if (!result.contains(key)) {
      ADD_FAILURE() << "/result/" << key << ": missing";
      continue;
    }
    std::vector<json> alternatives = {want};
    if (accept.contains(key)) alternatives = accept[key].get<std::vector<json>>();
    std::vector<std::string> first_errors;
    bool matched = false;
    for (const json& alternative : alternatives) {
      std::vector<std::string> errors;
      match(alternative, result[key], "/result/" + key, key, rules, errors);
      if (errors.empty()) matched = true;
      if (first_errors.empty()) first_errors = errors;
    }
    if (!matched) {
      for (const auto& e : first_errors) ADD_FAILURE() << e;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, Reference, ::testing::ValuesIn(reference_cases()),
                         [](const ::testing::TestParamInfo<fs::path>& param_info) {
                           std::string name = param_info.param.parent_path().filename().string() + "_" +
                                              param_info.param.filename().string();
                           name = name.substr(0, name.size() - std::string(".expected.json").size());
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace hw4::testing
