// JSON -> core::RnnGradProblem, with every shape checked at its pointer and every size before
// anything is allocated.
#include "cli/read_rnn_grad.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace hw4::cli {
namespace {

using core::CellKind;
using input::JsonReader;

constexpr const char* kTensors[] = {"weight_ih", "weight_hh", "bias_ih", "bias_hh"};

// The length of an array field, or `fallback` when it is absent or not an array.
std::int64_t peek_size(const std::optional<JsonReader>& in, std::int64_t fallback) {
  if (!in || !in->is_array()) return fallback;
  return static_cast<std::int64_t>(in->json().size());
}

// The length of an array's first row, or `fallback`.
std::int64_t peek_width(const std::optional<JsonReader>& in, std::int64_t fallback) {
  if (!in || !in->is_array() || in->json().empty() || !in->json()[0].is_array()) return fallback;
  return static_cast<std::int64_t>(in->json()[0].size());
}

std::optional<JsonReader> weight_field(const JsonReader& in, const char* name) {
  if (const auto w = in.find("weights"); w && w->is_object()) return w->find(name);
  return std::nullopt;
}

struct Cells {
  std::vector<CellKind> kinds;
  bool listed = false;
};

Cells read_cells(const JsonReader& in) {
  Cells cells;
  const auto parse = [](const JsonReader& r, bool relu) {
    const std::string name = r.as_choice({"rnn", "lstm", "gru"});
    if (name == "lstm") return CellKind::kLstm;
    if (name == "gru") return CellKind::kGru;
    return relu ? CellKind::kRnnRelu : CellKind::kRnnTanh;
  };
  const auto nonlinearity = in.find("nonlinearity");
  const bool relu = nonlinearity && nonlinearity->as_choice({"tanh", "relu"}) == "relu";
  const auto cell = in.find("cell");
  if (cell && cell->is_array()) {
    cells.listed = true;
    const std::size_t n = cell->size(8);
    if (n == 0) cell->fail("expected at least 1 cell");
    for (std::size_t i = 0; i < n; ++i) cells.kinds.push_back(parse((*cell)[i], relu));
    if (in.has("weights")) {
      cell->fail("a list of cells runs each with the same init; give init, not weights");
    }
  } else {
    cells.kinds.push_back(cell ? parse(*cell, relu) : CellKind::kLstm);
  }
  if (nonlinearity && std::none_of(cells.kinds.begin(), cells.kinds.end(), [](CellKind k) {
        return core::cell_info(k).gates == 1;
      })) {
    nonlinearity->fail(fmt::format("nonlinearity is the rnn's; {} has none",
                                   core::cell_info(cells.kinds[0]).name));
  }
  return cells;
}

Eigen::MatrixXd read_shaped(const JsonReader& in, Eigen::Index rows, Eigen::Index cols,
                            const std::string& rule) {
  const Eigen::MatrixXd m = in.as_matrix(static_cast<std::size_t>(4 * kMaxRnnHidden),
                                         static_cast<std::size_t>(kMaxRnnHidden));
  if (m.rows() != rows || m.cols() != cols) {
    in.fail(fmt::format("expected {} × {} ({}), got {} × {}", rows, cols, rule, m.rows(),
                        m.cols()));
  }
  return m;
}

Eigen::VectorXd read_length(const JsonReader& in, Eigen::Index n, const std::string& rule) {
  const std::vector<double> v = in.as_vector(static_cast<std::size_t>(4 * kMaxRnnHidden));
  if (static_cast<Eigen::Index>(v.size()) != n) {
    in.fail(fmt::format("expected {} numbers ({}), got {}", n, rule, v.size()));
  }
  return Eigen::Map<const Eigen::VectorXd>(v.data(), n);
}

core::CellWeights read_weights(const JsonReader& w, const core::RnnGradProblem& p,
                               const std::string& suffix) {
  const core::CellInfo& info = core::cell_info(p.cell);
  const Eigen::Index gh = info.gates * p.hidden;
  const std::string rows =
      info.gates == 1 ? "hidden" : fmt::format("{}·hidden for {}", info.gates, info.name);
  Eigen::MatrixXd weight_ih = read_shaped(w.at("weight_ih" + suffix), gh, p.input_size,
                                          rows + " × input_size");
  Eigen::MatrixXd weight_hh =
      read_shaped(w.at("weight_hh" + suffix), gh, p.hidden, rows + " × hidden");
  const auto read_bias = [&](const std::string& key) {
    const auto r = w.find(key);
    if (r && !p.bias) r->fail("bias is false, so the layer has no bias tensors");
    if (!r && p.bias) w.fail(fmt::format("missing \"{}\" (or set \"bias\": false)", key));
    return r ? read_length(*r, gh, rows) : Eigen::VectorXd(Eigen::VectorXd::Zero(gh));
  };
  Eigen::VectorXd bias_ih = read_bias("bias_ih" + suffix);
  Eigen::VectorXd bias_hh = read_bias("bias_hh" + suffix);
  return {std::move(weight_ih), std::move(weight_hh), std::move(bias_ih), std::move(bias_hh)};
}

// h0 or c0: H numbers (both directions), or [[forward], [backward]] when bidirectional.
std::vector<Eigen::VectorXd> read_state(const std::optional<JsonReader>& in,
                                        const core::RnnGradProblem& p) {
  const std::size_t directions = p.bidirectional ? 2 : 1;
  if (!in) return std::vector<Eigen::VectorXd>(directions, Eigen::VectorXd::Zero(p.hidden));
  if (p.bidirectional && in->is_array() && !in->json().empty() && in->json()[0].is_array()) {
    const Eigen::MatrixXd m = read_shaped(*in, 2, p.hidden, "[[forward], [backward]]");
    return {m.row(0).transpose(), m.row(1).transpose()};
  }
  const Eigen::VectorXd v = read_length(*in, p.hidden, "hidden");
  return std::vector<Eigen::VectorXd>(directions, v);
}

core::RnnLoss read_loss(const std::optional<JsonReader>& in, Eigen::Index outputs) {
  core::RnnLoss loss;
  if (!in) return loss;
  in->allow_only({"type", "u"});
  const std::string type = in->choice_or("type", "sum_last", {"sum_last", "dot_last", "sum_all"});
  if (type == "sum_all") loss.kind = core::RnnLossKind::kSumAll;
  if (type == "dot_last") {
    loss.kind = core::RnnLossKind::kDotLast;
    loss.u = read_length(in->at("u"), outputs, "directions·hidden, the size of y_T");
  } else if (const auto u = in->find("u")) {
    u->fail("u is dot_last's");
  }
  return loss;
}

core::RnnInit read_init(const std::optional<JsonReader>& in, const Cells& cells, bool bias) {
  core::RnnInit init;
  if (!in) return init;
  in->allow_only({"seed", "scheme", "recurrent_gain", "forget_bias"});
  init.seed = static_cast<std::uint64_t>(in->int_or("seed", 1, 0));
  init.orthogonal = in->choice_or("scheme", "uniform", {"uniform", "orthogonal"}) == "orthogonal";
  init.recurrent_gain = in->double_or("recurrent_gain", 1.0, -1e6, 1e6);
  if (const auto f = in->find("forget_bias")) {
    if (std::find(cells.kinds.begin(), cells.kinds.end(), CellKind::kLstm) == cells.kinds.end()) {
      f->fail("forget_bias is the lstm's");
    }
    if (!bias) f->fail("bias is false, so there is no forget-gate bias");
    init.forget_bias = f->as_double(-1e6, 1e6);
  }
  return init;
}

// SPEC's limits and hw4's own, for the costliest of the cells, before anything is allocated.
void check_limits(const JsonReader& in, const core::RnnGradProblem& p) {
  const double T = static_cast<double>(p.steps), H = static_cast<double>(p.hidden),
               I = static_cast<double>(p.input_size), D = p.bidirectional ? 2.0 : 1.0,
               G = core::cell_info(p.cell).gates;
  const double parameters = D * G * H * (I + H + (p.bias ? 2.0 : 0.0));
  const auto at_steps = [&]() { return in.find("steps") ? in.at("steps") : in; };
  if (parameters * T > kMaxRnnParameterSteps) {
    at_steps().fail(fmt::format(
        "{:g} parameters × {} steps is over the limit of {:g} (SPEC's parameters × steps)",
        parameters, p.steps, kMaxRnnParameterSteps));
  }
  // The trace, the adjoints and ∂L/∂x per direction, the inputs and the check's 4 directions.
  const double values = T * (I * (6.0 + D) + D * H * (3.0 * G + 2.0)) + 6.0 * parameters;
  if (values > kMaxRnnValues) {
    at_steps().fail(fmt::format(
        "{} steps of input_size {} and hidden {} would hold {:g} values, over hw4's limit of "
        "{:g} (about 1 GB)",
        p.steps, p.input_size, p.hidden, values, kMaxRnnValues));
  }
  if (p.dependency) {
    const JsonReader dep = in.at("dependency");
    if (p.steps > kMaxDependencySteps) {
      dep.fail(fmt::format("the dependency map is for steps ≤ {}, got {}", kMaxDependencySteps,
                           p.steps));
    }
    const double work = core::dependency_work(p);
    if (work > kMaxDependencyWork) {
      dep.fail(fmt::format("the dependency map would take {:g} multiply-adds (steps²/2 · "
                           "directions · hidden backward passes), over the limit of {:g}",
                           work, kMaxDependencyWork));
    }
  }
}

}  // namespace

std::vector<core::RnnGradProblem> read_rnn_grad(const JsonReader& in) {
  in.allow_only({"cell", "input_size", "hidden", "steps", "bidirectional", "nonlinearity",
                 "weights", "init", "inputs", "h0", "c0", "bias", "loss", "clip", "dependency"});
  const Cells cells = read_cells(in);
  if (in.has("weights") && in.has("init")) in.fail("give weights or init, not both");
  core::RnnGradProblem base;
  base.bidirectional = in.bool_or("bidirectional", false);
  base.bias = in.bool_or("bias", true);
  base.dependency = in.bool_or("dependency", false);
  const auto inputs = in.find("inputs");
  const auto weight_ih = weight_field(in, "weight_ih");
  base.hidden = in.int_or("hidden", peek_width(weight_field(in, "weight_hh"), 4), 1, kMaxRnnHidden);
  base.input_size = in.int_or(
      "input_size", peek_width(weight_ih, peek_width(inputs, 3)), 1, kMaxRnnInput);
  base.steps = in.int_or("steps", inputs && inputs->is_array() ? peek_size(inputs, 50) : 50, 1,
                         kMaxRnnSteps);
  if (const auto clip = in.find("clip")) {
    base.clip = clip->as_double();
    if (!(*base.clip > 0.0)) clip->fail(fmt::format("expected a number > 0, got {}", *base.clip));
  }
  base.loss = read_loss(in.find("loss"), (base.bidirectional ? 2 : 1) * base.hidden);
  for (const CellKind kind : cells.kinds) {
    core::RnnGradProblem probe = base;
    probe.cell = kind;
    check_limits(in, probe);
  }
  const core::RnnInit init = read_init(in.find("init"), cells, base.bias);
  const bool lstm_only = std::all_of(cells.kinds.begin(), cells.kinds.end(),
                                     [](CellKind k) { return k == CellKind::kLstm; });
  if (const auto c0 = in.find("c0"); c0 && !lstm_only) c0->fail("c0 is the lstm's cell state");

  // Inputs: given rows (x_t is row t − 1), or seeded normals.
  if (inputs && inputs->is_object()) {
    inputs->allow_only({"seed", "std"});
    base.inputs = core::random_inputs(
        base.input_size, base.steps, static_cast<std::uint64_t>(inputs->int_or("seed", 2, 0)),
        inputs->double_or("std", 1.0, 0.0, 1e6));
  } else if (inputs) {
    const Eigen::MatrixXd rows =
        inputs->as_matrix(static_cast<std::size_t>(kMaxRnnSteps),
                          static_cast<std::size_t>(kMaxRnnInput));
    if (rows.rows() != base.steps || rows.cols() != base.input_size) {
      inputs->fail(fmt::format("expected {} rows (steps) of {} numbers (input_size), got {} × {}",
                               base.steps, base.input_size, rows.rows(), rows.cols()));
    }
    base.inputs = rows.transpose();
  } else {
    base.inputs = core::random_inputs(base.input_size, base.steps, 2, 1.0);
  }

  std::vector<core::RnnGradProblem> problems;
  for (const CellKind kind : cells.kinds) {
    core::RnnGradProblem p = base;
    p.cell = kind;
    p.h0 = read_state(in.find("h0"), p);
    if (kind == CellKind::kLstm) p.c0 = read_state(in.find("c0"), p);
    const int directions = p.bidirectional ? 2 : 1;
    if (const auto w = in.find("weights")) {
      std::vector<std::string> allowed;
      for (const char* name : kTensors) {
        allowed.emplace_back(name);
        if (p.bidirectional) allowed.push_back(std::string(name) + "_reverse");
      }
      w->allow_only(allowed);
      for (int d = 0; d < directions; ++d) {
        p.weights.push_back(read_weights(*w, p, d == 0 ? "" : "_reverse"));
      }
    } else {
      for (int d = 0; d < directions; ++d) {
        p.weights.push_back(core::init_cell_weights(kind, p.input_size, p.hidden, p.bias, init, d));
      }
    }
    problems.push_back(std::move(p));
  }
  return problems;
}

}  // namespace hw4::cli
