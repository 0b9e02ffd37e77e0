// The derivation of `rnn-grad flow`.
#include "hw4/derive/rnn_grad.h"

#include <cmath>
#include <string>
#include <string_view>
#include <utility>

#include "hw4/derive/gradient_check.h"

namespace hw4::derive {
namespace {

using core::CellKind;
using core::RnnGradProblem;
using core::RnnGradResult;
using core::ScaledNorm;
using report::Formula;
using report::num;
using report::raw;
using report::tex;

// The last step's Jacobian is written out up to this hidden size, the dependency map as a table up
// to this many steps (the JSON result has both whatever the size).
constexpr Eigen::Index kMaxShownHidden = 4;
constexpr Eigen::Index kMaxDependencyTable = 8;

// Rows of the norm table: every step up to this many, else evenly spaced ones with both ends.
constexpr Eigen::Index kMaxNormRows = 24;

nlohmann::json norms_json(const std::vector<ScaledNorm>& norms) {
  nlohmann::json out = nlohmann::json::array();
  for (const ScaledNorm& n : norms) out.push_back(number_or_null(n.value()));
  return out;
}

nlohmann::json logs_json(const std::vector<ScaledNorm>& norms) {
  nlohmann::json out = nlohmann::json::array();
  for (const ScaledNorm& n : norms) out.push_back(number_or_null(n.log10()));
  return out;
}

std::string cell_label(CellKind kind) {
  switch (kind) {
    case CellKind::kRnnTanh: return "rnn (tanh)";
    case CellKind::kRnnRelu: return "rnn (relu)";
    case CellKind::kLstm: return "lstm";
    case CellKind::kGru: return "gru";
  }
  return "";
}

// A norm for the derivation: its value, or 10^log when it is outside the double range.
Formula norm_formula(const ScaledNorm& n) {
  const double v = n.value();
  if (n.mantissa == 0.0 || (v != 0.0 && std::isfinite(v))) return num(v);
  return tex("10^", "10^{") + num(n.log10()) + tex("", "}");
}

// A step that states one equation of the method, with no number of this run in it.
report::Step equation(std::string label, std::string_view plain, std::string_view latex,
                      report::Text note = {}) {
  return report::Step{std::move(label), tex(plain, latex), {}, {}, std::move(note)};
}

// σ_max of the recurrent matrix: every cell's chain section reports it.
report::Step largest_singular_value(double sigma, report::Text note) {
  return report::Step{"largest singular value",
                      tex("σ_max(W_hh)", "\\sigma_{\\max}(W_{hh})"),
                      {},
                      sigma,
                      std::move(note)};
}

report::Section layer_section(const RnnGradProblem& p, const RnnGradResult& r) {
  report::Section s{"The layer", {}};
  const Eigen::Index H = p.hidden;
  s.blocks.push_back(report::Text(
      "One recurrent layer with PyTorch's equations and layout: input_size " +
      std::to_string(p.input_size) + ", hidden " + std::to_string(H) + ", " +
      std::to_string(p.steps) + " steps" + (p.bidirectional ? ", bidirectional" : "") +
      (p.bias ? "" : ", no bias") + "."));
  switch (p.cell) {
    case CellKind::kRnnTanh:
    case CellKind::kRnnRelu: {
      const bool relu = p.cell == CellKind::kRnnRelu;
      s.blocks.push_back(
          relu ? equation(
                     "rnn", "h_t = relu(W_ih x_t + b_ih + W_hh h_(t−1) + b_hh)",
                     "h_t = \\operatorname{relu}(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})")
               : equation("rnn", "h_t = tanh(W_ih x_t + b_ih + W_hh h_(t−1) + b_hh)",
                          "h_t = \\tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})"));
      break;
    }
    case CellKind::kLstm:
      s.blocks.push_back(
          equation("gates (i, f, g, o)",
                   "[i; f; g; o] = [σ; σ; tanh; σ](W_ih x_t + b_ih + W_hh h_(t−1) + b_hh)",
                   "\\begin{bmatrix} i_t \\\\ f_t \\\\ g_t \\\\ o_t \\end{bmatrix} = "
                   "\\begin{bmatrix} \\sigma \\\\ \\sigma \\\\ \\tanh \\\\ \\sigma \\end{bmatrix}"
                   "(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})"));
      s.blocks.push_back(equation(
          "cell and output", "c_t = f_t ⊙ c_(t−1) + i_t ⊙ g_t,  h_t = o_t ⊙ tanh(c_t)",
          "c_t = f_t \\odot c_{t-1} + i_t \\odot g_t,\\quad h_t = o_t \\odot \\tanh(c_t)"));
      break;
    case CellKind::kGru:
      s.blocks.push_back(
          equation("gates (r, z)",
                   "r_t = σ(W_ir x_t + b_ir + W_hr h_(t−1) + b_hr),  z_t = σ(W_iz x_t + b_iz + "
                   "W_hz h_(t−1) + b_hz)",
                   "r_t = \\sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}),\\quad "
                   "z_t = \\sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz})"));
      s.blocks.push_back(
          equation("candidate and output",
                   "n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_(t−1) + b_hn)),  h_t = (1 − z_t) ⊙ "
                   "n_t + z_t ⊙ h_(t−1)",
                   "n_t = \\tanh\\left(W_{in} x_t + b_{in} + r_t \\odot (W_{hn} h_{t-1} + "
                   "b_{hn})\\right),\\quad h_t = (1 - z_t) \\odot n_t + z_t \\odot h_{t-1}"));
      break;
  }
  Formula loss;
  switch (p.loss.kind) {
    case core::RnnLossKind::kSumLast:
      loss = tex("L = Σ_j y_T[j]", "L = \\sum_j y_T[j]");
      break;
    case core::RnnLossKind::kDotLast:
      loss = tex("L = u · y_T", "L = u \\cdot y_T");
      break;
    case core::RnnLossKind::kSumAll:
      loss = tex("L = Σ_t Σ_j y_t[j]", "L = \\sum_t \\sum_j y_t[j]");
      break;
  }
  s.blocks.push_back(report::Step{
      "loss", loss, {}, r.loss,
      report::Text(p.bidirectional ? "y_t is the forward and the backward h_t, concatenated"
                                   : "y_t = h_t")});
  return s;
}

// γ: the largest factor the activation's derivative can contribute at any step of this run.
double largest_slope(const RnnGradProblem& p, const RnnGradResult& r) {
  if (p.cell == CellKind::kRnnRelu) return 1.0;
  return (1.0 - r.h.rightCols(p.steps).array().square()).maxCoeff();
}

report::Section chain_section(const RnnGradProblem& p, const RnnGradResult& r) {
  report::Section s{"The chain rule through time", {}};
  const Eigen::Index T = p.steps;
  const std::string tt = std::to_string(T);
  s.blocks.push_back(report::Text()
                     << "Backpropagation through time carries the adjoint "
                     << tex("∂L/∂h_t", "\\partial L/\\partial h_t")
                     << " back one step at a time: it is the direct term of the loss at t plus "
                        "the transposed per-step Jacobian times the adjoint of step t + 1.");
  s.blocks.push_back(
      equation("one step back", "∂L/∂h_(t−1) = ∂L/∂y_(t−1) + J_tᵀ ∂L/∂h_t,  J_t = ∂h_t/∂h_(t−1)",
               "\\frac{\\partial L}{\\partial h_{t-1}} = \\frac{\\partial L}{\\partial y_{t-1}} + "
               "J_t^\\top \\frac{\\partial L}{\\partial h_t},\\quad J_t = \\frac{\\partial h_t}"
               "{\\partial h_{t-1}}"));
  const double sigma = r.spectral_norm;
  switch (p.cell) {
    case CellKind::kRnnTanh:
    case CellKind::kRnnRelu: {
      const bool relu = p.cell == CellKind::kRnnRelu;
      s.blocks.push_back(
          relu ? equation("per-step Jacobian", "J_t = diag(1[a_t > 0]) W_hh",
                          "J_t = \\operatorname{diag}(\\mathbf{1}[a_t > 0])\\,W_{hh}",
                          report::Text("a_t is the pre-activation; relu passes the adjoint where "
                                       "it is on"))
               : equation("per-step Jacobian", "J_t = diag(1 − h_t²) W_hh",
                          "J_t = \\operatorname{diag}(1 - h_t^2)\\,W_{hh}",
                          report::Text("tanh′(a) = 1 − tanh(a)², read off the stored h_t")));
      if (!relu && p.hidden <= kMaxShownHidden) {
        const Eigen::MatrixXd last = r.last_tanh_derivative.asDiagonal() * p.weights[0].weight_hh;
        s.blocks.push_back(report::Step{
            "at the last step", tex("1 − h_T²", "1 - h_T^2"), {},
            shown(r.last_tanh_derivative.transpose()), {}});
        s.blocks.push_back(report::Step{"J_T", tex("diag(1 − h_T²) W_hh", "\\operatorname{diag}(1 - h_T^2)\\,W_{hh}"),
                                        {}, shown(last), {}});
      }
      const double gamma = largest_slope(p, r);
      s.blocks.push_back(report::Step{
          "largest slope", relu ? tex("γ = max relu′ = 1", "\\gamma = \\max \\operatorname{relu}' = 1")
                                : tex("γ = max_t,j (1 − h_t[j]²)", "\\gamma = \\max_{t,j} (1 - h_t[j]^2)"),
          {}, gamma, report::Text("measured over this run's steps")});
      s.blocks.push_back(largest_singular_value(sigma, {}));
      if (r.spectral_radius) {
        s.blocks.push_back(report::Step{"spectral radius",
                                        tex("ρ(W_hh) = max |λ|", "\\rho(W_{hh}) = \\max|\\lambda|"),
                                        {}, *r.spectral_radius, {}});
      }
      const double factor = gamma * sigma;
      s.blocks.push_back(report::Step{
          "bound",
          tex("‖∂h_T/∂h_t‖ ≤ Π ‖J_k‖ ≤ (γ·σ_max)^(T−t)",
              "\\left\\|\\frac{\\partial h_T}{\\partial h_t}\\right\\| \\le \\prod_k \\|J_k\\| "
              "\\le (\\gamma\\,\\sigma_{\\max})^{T-t}"),
          tex("(", "(") + num(gamma) + tex(" · ", " \\cdot ") + num(sigma) +
              tex(")^(T−t) = ", ")^{T-t} = ") + num(factor) + tex("^(T−t)", "^{T-t}"),
          {},
          report::Text(factor < 1.0
                           ? "below 1: the gradient reaching step t shrinks at least "
                             "geometrically, it must vanish"
                           : "at least 1: the bound allows growth, and says nothing about "
                             "vanishing; the measured norms below decide")});
      if (T > 1) {
        s.blocks.push_back(report::Step{
            "bound at t = 1", tex("(γ·σ_max)^(T−1)", "(\\gamma\\,\\sigma_{\\max})^{T-1}"),
            num(factor) + tex("^" + std::to_string(T - 1), "^{" + std::to_string(T - 1) + "}"),
            std::pow(factor, static_cast<double>(T - 1)), {}});
      }
      break;
    }
    case CellKind::kLstm: {
      s.blocks.push_back(report::Text()
                         << "The lstm's cell state has an additive path: "
                         << tex("c_t = f_t ⊙ c_(t−1) + i_t ⊙ g_t", "c_t = f_t \\odot c_{t-1} + i_t \\odot g_t")
                         << ", so along it the Jacobian is the diagonal of the forget gate, with "
                            "no weight matrix and no squashing derivative in between.");
      s.blocks.push_back(equation(
          "cell path",
          "∂c_t/∂c_(t−1) |_path = diag(f_t),  ∂c_T/∂c_t |_path = diag(Π_(k=t+1..T) f_k)",
          "\\left.\\frac{\\partial c_t}{\\partial c_{t-1}}\\right|_{\\text{path}} = "
          "\\operatorname{diag}(f_t),\\quad \\left.\\frac{\\partial c_T}{\\partial c_t}"
          "\\right|_{\\text{path}} = \\operatorname{diag}\\Big(\\prod_{k=t+1}^{T} f_k\\Big)"));
      const double mean = r.forget.mean();
      s.blocks.push_back(report::Step{"measured forget gates",
                                      tex("mean f_t[j], min, max", "\\bar f,\\ \\min f,\\ \\max f"),
                                      {},
                                      shown(Eigen::RowVector3d(mean, r.forget.minCoeff(),
                                                               r.forget.maxCoeff())),
                                      report::Text("over every unit and step of the forward direction")});
      if (T > 1) {
        s.blocks.push_back(report::Step{
            "cell path over the run", tex("f̄^(T−1)", "\\bar f^{\\,T-1}"),
            num(mean) + tex("^" + std::to_string(T - 1), "^{" + std::to_string(T - 1) + "}"),
            std::pow(mean, static_cast<double>(T - 1)),
            report::Text("forget gates near 1 (a positive forget bias) keep this path open; the "
                         "gates' own dependence on h adds the other terms")});
      }
      s.blocks.push_back(largest_singular_value(
          sigma, report::Text("of the stacked 4H × H matrix: descriptive, not a bound on a gated "
                              "cell's gain")));
      break;
    }
    case CellKind::kGru: {
      s.blocks.push_back(equation(
          "update-gate path", "∂h_t/∂h_(t−1) = diag(z_t) + (terms through r_t, z_t, n_t)",
          "\\frac{\\partial h_t}{\\partial h_{t-1}} = \\operatorname{diag}(z_t) + "
          "(\\text{terms through } r_t, z_t, n_t)",
          report::Text(
              "h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_(t−1) copies h_(t−1) where z_t is near 1")));
      s.blocks.push_back(
          largest_singular_value(sigma, report::Text("of the stacked 3H × H matrix: descriptive")));
      break;
    }
  }
  return s;
}

report::Section norms_section(const RnnGradProblem& p, const RnnGradResult& r) {
  report::Section s{"How far back the gradient reaches", {}};
  const Eigen::Index T = p.steps;
  const bool lstm = p.cell == CellKind::kLstm;
  report::Table table;
  table.header = {"t", "‖∂L/∂x_t‖", "log10", "‖∂L/∂h_t‖"};
  if (lstm) table.header.push_back("‖∂L/∂c_t‖");
  const Eigen::Index rows = std::min(T, kMaxNormRows);
  Eigen::Index previous = -1;
  for (Eigen::Index k = 0; k < rows; ++k) {
    const Eigen::Index t = rows == T ? k : k * (T - 1) / (rows - 1);
    if (t == previous) continue;
    previous = t;
    const auto ts = static_cast<std::size_t>(t);
    std::vector<Formula> row = {report::integer(t + 1), norm_formula(r.grad_x[ts]),
                                r.grad_x[ts].mantissa == 0.0 ? raw("−∞") : num(r.grad_x[ts].log10()),
                                norm_formula(r.grad_h[ts])};
    if (lstm) row.push_back(norm_formula(r.grad_c[ts]));
    table.rows.push_back(std::move(row));
  }
  table.caption = rows == T ? "every step" : "evenly spaced steps, both ends included; the JSON "
                                              "result has them all";
  s.blocks.push_back(std::move(table));
  const std::string tt = std::to_string(T);
  if (!r.verdict) {
    s.blocks.push_back(report::Text("The last step receives no gradient (‖∂L/∂x_T‖ = 0), so "
                                    "decay, horizon and verdict are not defined."));
    return s;
  }
  if (r.decay) {
    s.blocks.push_back(report::Step{
        "decay", tex("(n_1 / n_T)^(1/(T−1))", "\\left(\\frac{n_1}{n_T}\\right)^{1/(T-1)}"),
        tex("(", "\\left(") + norm_formula(r.grad_x.front()) + raw(" / ") +
            norm_formula(r.grad_x.back()) + tex(")^(1/" + std::to_string(T - 1) + ")",
                                                "\\right)^{1/" + std::to_string(T - 1) + "}"),
        *r.decay, report::Text("the mean factor per step back, n_t = ‖∂L/∂x_t‖")});
  }
  s.blocks.push_back(report::Step{
      "horizon", tex("max k: n_(T−j) ≥ 10⁻³ n_T for j = 0..k",
                     "\\max\\{k : n_{T-j} \\ge 10^{-3} n_T,\\ j = 0..k\\}"),
      {}, static_cast<std::int64_t>(*r.horizon), report::Text("steps back before the gradient "
                                                             "first falls below a thousandth")});
  const std::string& v = *r.verdict;
  std::string words;
  if (v == "vanishing") {
    words = "vanishing: what x_1 receives is less than a thousandth of what x_" + tt +
            " receives, so the loss at the end barely trains on the start of the sequence";
  } else if (v == "exploding") {
    words = "exploding: x_1 receives more than a thousand times what x_" + tt +
            " receives; clipping the gradient's norm keeps an update bounded";
  } else {
    words = "stable: x_1 receives within a factor of a thousand of what x_" + tt + " receives";
  }
  s.blocks.push_back(report::Step{"verdict", {}, {}, report::name(v), report::Text(words)});
  if (p.loss.kind == core::RnnLossKind::kSumAll) {
    s.blocks.push_back(report::Text("Under sum_all every step has a direct term of the loss, so "
                                    "these figures mix the paths; read them with sum_last or "
                                    "dot_last for how far a gradient travels."));
  }
  return s;
}

report::Section params_section(const RnnGradProblem& p, const RnnGradResult& r) {
  report::Section s{"Parameter gradient and clipping", {}};
  s.blocks.push_back(report::Step{
      "norm",
      tex("n = ‖∂L/∂θ‖₂", "n = \\left\\|\\frac{\\partial L}{\\partial \\theta}\\right\\|_2"),
      norm_formula(r.grad_params), {}, report::Text("over every weight and bias")});
  if (p.clip && r.clipped_norm) {
    s.blocks.push_back(report::Step{
        "clip_grad_norm_",
        tex("n · min(1, clip/(n + 10⁻⁶))", "n \\cdot \\min\\left(1, \\frac{\\text{clip}}{n + 10^{-6}}\\right)"),
        norm_formula(r.grad_params) + tex(" · min(1, ", " \\cdot \\min\\left(1, ") + num(*p.clip) +
            tex("/(", "/(") + norm_formula(r.grad_params) + tex(" + 10⁻⁶))", " + 10^{-6})\\right)"),
        *r.clipped_norm,
        report::Text("clipping rescales every gradient together: the direction is kept, only the "
                     "step's length is bounded")});
  }
  return s;
}

report::Section dependency_section(const RnnGradProblem& p, const RnnGradResult& r) {
  report::Section s{"What each output depends on", {}};
  const Eigen::Index T = p.steps;
  double above = 0.0;
  for (Eigen::Index t = 0; t < T; ++t) {
    for (Eigen::Index u = t + 1; u < T; ++u) above = std::max(above, r.dependency(t, u));
  }
  s.blocks.push_back(
      equation("entry", "D[t][s] = ‖∂y_t/∂x_s‖_F",
               "D_{ts} = \\left\\|\\frac{\\partial y_t}{\\partial x_s}\\right\\|_F"));
  if (T <= kMaxDependencyTable) {
    report::Table table{{"t"}, {}, "row t: output y_t; column s: input x_s"};
    for (Eigen::Index u = 0; u < T; ++u) table.header.push_back(std::to_string(u + 1));
    for (Eigen::Index t = 0; t < T; ++t) {
      std::vector<Formula> row = {report::integer(t + 1)};
      for (Eigen::Index u = 0; u < T; ++u) row.push_back(num(r.dependency(t, u)));
      table.rows.push_back(std::move(row));
    }
    s.blocks.push_back(std::move(table));
  }
  s.blocks.push_back(report::Step{
      "above the diagonal", tex("max_(s>t) D[t][s]", "\\max_{s>t} D_{ts}"), {}, above,
      report::Text(p.bidirectional
                       ? "the backward half of y_t reads x_t..x_T, so the map is dense"
                       : "a forward layer's y_t is computed from x_1..x_t only: zero above the "
                         "diagonal")});
  return s;
}

report::Section check_section(const RnnGradResult& r) {
  const core::RnnGradCheck& c = r.gradient_check;
  report::Section s{"Gradient check", {}};
  s.blocks.push_back(report::Text(
      "The analytic gradient is compared along " + std::to_string(c.directions) +
      " random unit directions d in (weights, inputs): f(s) = L(θ + s·d) at s = ±h, ±2h, "
      "central differences combined by Richardson extrapolation. The step h is scaled so that "
      "h·‖∇L‖ is a small fraction of the loss's size, on exploding as on vanishing runs."));
  s.blocks.push_back(
      equation("Richardson", "D(h) = (f(h) − f(−h))/(2h),  f′(0) ≈ (4·D(h) − D(2h))/3",
               "D(h) = \\frac{f(h) - f(-h)}{2h},\\quad f'(0) \\approx \\frac{4D(h) - D(2h)}{3}"));
  report::Table table{{"direction", "analytic ∇L·d", "numeric", "h"}, {}, ""};
  for (int j = 0; j < c.directions; ++j) {
    const auto js = static_cast<std::size_t>(j);
    table.rows.push_back({report::integer(j + 1), num(c.analytic[js]), num(c.numeric[js]),
                          num(c.step[js])});
  }
  s.blocks.push_back(std::move(table));
  report::Value worst;
  if (std::isfinite(c.max_rel_error)) worst = c.max_rel_error;
  s.blocks.push_back(report::Step{
      "largest relative error", tex("max |numeric − analytic| / max(|numeric|, |analytic|)",
                                    "\\max \\frac{|\\text{numeric} - \\text{analytic}|}{\\max(|\\text{numeric}|, |\\text{analytic}|)}"),
      {}, worst,
      report::Text(c.passed ? "at most 1e-5: the check passes" : "over 1e-5: the check FAILS")});
  return s;
}

nlohmann::json run_json(const RnnGradProblem& p, const RnnGradResult& r) {
  nlohmann::json run = {{"cell", core::cell_info(p.cell).name}};
  if (core::cell_info(p.cell).gates == 1) {
    run["nonlinearity"] = p.cell == CellKind::kRnnRelu ? "relu" : "tanh";
  }
  run["loss"] = r.loss;
  run["grad_x_norms"] = norms_json(r.grad_x);
  run["log10_grad_x_norms"] = logs_json(r.grad_x);
  run["grad_h_norms"] = norms_json(r.grad_h);
  if (p.cell == CellKind::kLstm) run["grad_c_norms"] = norms_json(r.grad_c);
  run["grad_params_norm"] = number_or_null(r.grad_params.value());
  run["log10_grad_params_norm"] = number_or_null(r.grad_params.log10());
  if (r.clipped_norm) run["clipped_norm"] = *r.clipped_norm;
  run["recurrent"] = {{"spectral_norm", r.spectral_norm},
                      {"spectral_radius", r.spectral_radius ? nlohmann::json(*r.spectral_radius)
                                                            : nlohmann::json(nullptr)}};
  run["decay"] = r.decay ? number_or_null(*r.decay) : nlohmann::json(nullptr);
  run["horizon"] = r.horizon ? nlohmann::json(*r.horizon) : nlohmann::json(nullptr);
  run["verdict"] = r.verdict ? nlohmann::json(*r.verdict) : nlohmann::json(nullptr);
  if (p.dependency) {
    run["dependency"] = matrix_json(r.dependency);
    // Exactly zero above the diagonal: no output depends on a later input.
    run["dependency_lower_triangular"] =
        r.dependency.triangularView<Eigen::StrictlyUpper>().toDenseMatrix().isZero(0.0);
  }
  const core::RnnGradCheck& c = r.gradient_check;
  run["gradient_check"] = {{"max_rel_error", number_or_null(c.max_rel_error)},
                           {"passed", c.passed},
                           {"directions", c.directions},
                           {"analytic", c.analytic},
                           {"numeric", c.numeric},
                           {"step", c.step}};
  for (auto& v : run["gradient_check"]["numeric"]) {
    if (!v.is_number() || !std::isfinite(v.get<double>())) v = nullptr;
  }
  return run;
}

std::vector<report::Section> run_sections(const RnnGradProblem& p, const RnnGradResult& r) {
  std::vector<report::Section> sections = {layer_section(p, r), chain_section(p, r),
                                           norms_section(p, r), params_section(p, r)};
  if (p.dependency) sections.push_back(dependency_section(p, r));
  sections.push_back(check_section(r));
  return sections;
}

report::Plot plot(const std::vector<RnnGradProblem>& problems,
                  const std::vector<RnnGradResult>& results) {
  report::Plot plot;
  plot.title = "Gradient reaching each input, ‖∂L/∂x_t‖";
  plot.x_label = "step t";
  plot.y_label = "log10 ‖∂L/∂x_t‖";
  for (std::size_t i = 0; i < results.size(); ++i) {
    report::Series series{cell_label(problems[i].cell), {}, {}};
    for (std::size_t t = 0; t < results[i].grad_x.size(); ++t) {
      series.x.push_back(static_cast<double>(t + 1));
      series.y.push_back(results[i].grad_x[t].log10());
    }
    plot.series.push_back(std::move(series));
    if (problems[i].dependency) {
      const Eigen::MatrixXd& d = results[i].dependency;
      report::HeatMap map{cell_label(problems[i].cell) + ": ‖∂y_t/∂x_s‖", "input step s",
                          "output step t", {}};
      for (Eigen::Index t = 0; t < d.rows(); ++t) {
        const Eigen::RowVectorXd row = d.row(t);
        map.values.emplace_back(row.data(), row.data() + row.size());
      }
      plot.heat_maps.push_back(std::move(map));
    }
  }
  return plot;
}

}  // namespace

report::Answer rnn_grad(const std::vector<RnnGradProblem>& problems) {
  std::vector<RnnGradResult> results;
  for (const RnnGradProblem& p : problems) results.push_back(core::solve_rnn_grad(p));
  report::Answer answer;
  answer.result["runs"] = nlohmann::json::array();
  for (std::size_t i = 0; i < problems.size(); ++i) {
    answer.result["runs"].push_back(run_json(problems[i], results[i]));
    const RnnGradResult& r = results[i];
    const std::string who = problems.size() > 1 ? cell_label(problems[i].cell) + ": " : "";
    if (!r.gradient_check.passed) {
      answer.negative = true;
      answer.notes.push_back({"gradient_check_failed",
                              who + "the analytic gradient disagrees with the directional finite "
                                    "differences"});
    }
    if (!r.verdict) {
      answer.notes.push_back({"no_gradient_at_last_step",
                              who + "the last step receives no gradient, so decay, horizon and "
                                    "verdict are null"});
    }
    if (core::cell_info(problems[i].cell).gates == 1 && !r.spectral_radius) {
      answer.notes.push_back({"spectral_radius_skipped",
                              who + "the spectral radius is computed for hidden ≤ " +
                                  std::to_string(core::kMaxEigenHidden)});
    }
  }
  const RnnGradProblem& first = problems.front();
  if (problems.size() == 1) {
    answer.report.title = "Gradients through time: " + cell_label(first.cell) + ", T = " +
                          std::to_string(first.steps);
    answer.report.sections = run_sections(first, results.front());
  } else {
    answer.report.title = "Gradients through time, side by side: T = " + std::to_string(first.steps);
    report::Section compare{"Side by side", {}};
    report::Table table{{"cell", "‖∂L/∂x_1‖", "‖∂L/∂x_T‖", "decay", "horizon", "verdict"}, {}, ""};
    for (std::size_t i = 0; i < problems.size(); ++i) {
      const RnnGradResult& r = results[i];
      table.rows.push_back({report::name(cell_label(problems[i].cell)),
                            norm_formula(r.grad_x.front()), norm_formula(r.grad_x.back()),
                            r.decay ? num(*r.decay) : raw("-"),
                            r.horizon ? report::integer(*r.horizon) : raw("-"),
                            report::name(r.verdict.value_or("-"))});
    }
    compare.blocks.push_back(std::move(table));
    answer.report.sections.push_back(std::move(compare));
    for (std::size_t i = 0; i < problems.size(); ++i) {
      report::Report part;
      part.title = cell_label(problems[i].cell);
      part.sections = run_sections(problems[i], results[i]);
      answer.report.parts.push_back(std::move(part));
    }
  }
  answer.plot = plot(problems, results);
  return answer;
}

}  // namespace hw4::derive
