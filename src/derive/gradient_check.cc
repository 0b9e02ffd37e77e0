// The finite-difference check as reported by gan-grad and skipgram grad.
#include "hw4/derive/gradient_check.h"

#include <cmath>

namespace hw4::derive {

using report::Formula;
using report::num;
using report::tex;

nlohmann::json vector_json(const Eigen::VectorXd& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const double v : values) out.push_back(v + 0.0);  // + 0.0 turns −0 into 0
  return out;
}

nlohmann::json matrix_json(const Eigen::MatrixXd& values) {
  nlohmann::json out = nlohmann::json::array();
  for (Eigen::Index r = 0; r < values.rows(); ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index c = 0; c < values.cols(); ++c) row.push_back(values(r, c) + 0.0);
    out.push_back(std::move(row));
  }
  return out;
}

nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v + 0.0) : nlohmann::json(nullptr);
}

report::Value shown(const Eigen::MatrixXd& values) {
  if (values.size() > kMaxShownEntries) return {};
  return values;
}

report::Value shown_row(const Eigen::VectorXd& values) { return shown(values.transpose()); }

nlohmann::json gradient_check_json(const core::GradientCheck& check) {
  return {{"max_abs_error", number_or_null(check.max_abs_error)},
          {"max_rel_error", number_or_null(check.max_rel_error)},
          {"passed", check.passed},
          {"checked", check.checked},
          {"coordinates", check.total},
          {"step", check.step}};
}

report::Section gradient_check_section(const core::GradientCheck& check, const std::string& what) {
  report::Section section{"Gradient check", {}};
  section.blocks.push_back(report::Text(
      "Every analytic derivative above is compared with a central finite difference of the "
      "objective itself (" +
      what + "), each coordinate moved by h = step · max(1, |x|):"));
  section.blocks.push_back(report::Step{
      "central difference",
      tex("∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / (2h)",
          "\\frac{\\partial f}{\\partial x_i} \\approx \\frac{f(x + h e_i) - f(x - h e_i)}{2h}"),
      {},
      {},
      {}});
  section.blocks.push_back(report::Step{
      "step",
      tex("h = ", "h = ") + num(check.step) + tex(" · max(1, |x_i|)", " \\cdot \\max(1, |x_i|)"),
      {},
      {},
      report::Text("a coordinate passes when numeric and analytic agree within 1e-5 relative and "
                   "1e-8 absolute, plus the rounding error the quotient inherits from f's own "
                   "size")});
  report::Value worst;
  if (std::isfinite(check.max_abs_error)) worst = check.max_abs_error;
  section.blocks.push_back(report::Step{
      "largest error",
      tex("max_i |numeric_i − analytic_i|",
          "\\max_i \\left|\\text{numeric}_i - \\text{analytic}_i\\right|"),
      {},
      worst,
      report::Text(
          std::to_string(check.checked) + " of " + std::to_string(check.total) +
          " coordinates compared: " + (check.passed ? "the check passes" : "the check FAILS"))});
  return section;
}

std::vector<report::Note> gradient_check_notes(const core::GradientCheck& check) {
  std::vector<report::Note> notes;
  if (!check.passed) {
    notes.push_back({"gradient_check_failed",
                     "the analytic gradient disagrees with central finite differences" +
                         std::string(check.non_finite > 0 ? " (the objective is not finite "
                                                            "near the given point)"
                                                          : "")});
  }
  if (check.checked < check.total) {
    notes.push_back({"gradient_check_sampled",
                     "the check compared " + std::to_string(check.checked) + " evenly spaced of " +
                         std::to_string(check.total) + " coordinates, to bound its cost"});
  }
  if (check.one_sided > 0) {
    notes.push_back({"gradient_check_kink",
                     std::to_string(check.one_sided) +
                         " coordinate(s) sit at a kink of relu or leaky_relu, where the central "
                         "difference straddles two slopes; they were checked with one-sided "
                         "differences (the gradient there follows PyTorch: relu'(0) = 0)"});
  }
  return notes;
}

}  // namespace hw4::derive
