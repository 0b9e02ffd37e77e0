// The structured derivation model: what every command produces and every renderer prints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "hw4/report/formula.h"
#include "hw4/report/plot.h"

namespace hw4::report {

// The value a step arrives at. A 1-row matrix prints as a vector.
using Value = std::variant<std::monostate, std::int64_t, double, Formula, Eigen::MatrixXd>;

// Prose with inline math: each span is either words or a formula. Prose is written in ASCII or
// the common symbols the LaTeX renderer maps (see render_latex.cc).
struct Span {
  std::string prose;
  std::optional<Formula> math;
};
struct Text {
  std::vector<Span> spans;
  Text() = default;
  Text(std::string_view prose) { *this << prose; }  // NOLINT: prose converts implicitly
  Text& operator<<(std::string_view prose);
  Text& operator<<(const Formula& math);
};

// One line of a worked solution: label: rule = substituted = result (note).
// Any of rule, substituted, result may be empty.
struct Step {
  std::string label;
  Formula rule;
  Formula substituted;
  Value result;
  Text note;
};

// A table like torchinfo's summary or a truth table; cells are formulas so numbers stay numbers.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<Formula>> rows;
  std::string caption;
};

using Block = std::variant<Text, Step, Table>;

struct Section {
  std::string heading;
  std::vector<Block> blocks;
};

// A report may hold whole sub-reports (solve: one per problem), rendered one heading level down.
struct Report {
  std::string title;
  std::vector<Section> sections;
  std::vector<Report> parts;
};

struct Note {
  std::string code;
  std::string message;
};

// Everything one command run produces: the machine-readable result (SPEC's `result`), the worked
// derivation, notes, an optional picture, and whether the answer is "no" (exit 1).
struct Answer {
  std::string command;  // filled in by the CLI
  std::string mode;
  nlohmann::json result = nlohmann::json::object();
  Report report;
  std::vector<Note> notes;
  std::optional<Plot> plot;
  bool negative = false;
};

}  // namespace hw4::report
