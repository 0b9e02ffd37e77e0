// The derivation of `gan-grad grad`.
#include "hw4/derive/gan_grad.h"

#include <string>

#include "hw4/derive/gradient_check.h"

namespace hw4::derive {
namespace {

using core::GanLoss;
using core::Reduction;
using report::Formula;
using report::num;
using report::raw;
using report::tex;

Formula z_real(Eigen::Index i) {
  const std::string k = std::to_string(i + 1);
  return tex("z_real," + k, "z^{\\text{real}}_{" + k + "}");
}
Formula z_fake(Eigen::Index j) {
  const std::string k = std::to_string(j + 1);
  return tex("z_fake," + k, "z^{\\text{fake}}_{" + k + "}");
}
Formula sigma(const Formula& arg) {
  return tex("σ(", "\\sigma\\left(") + arg + tex(")", "\\right)");
}

// "Σ_i" with its limit, or "(1/m) Σ_i" for a mean.
Formula reduce(Reduction reduction, const char* index, const char* count) {
  const std::string i(index);
  const std::string n(count);
  Formula sum = tex("Σ_" + i, "\\sum_{" + i + "=1}^{" + n + "}");
  if (reduction == Reduction::kSum) return sum;
  return tex("(1/" + n + ") ", "\\frac{1}{" + n + "}") + sum;
}

Formula objective_rule(GanLoss loss, Reduction reduction) {
  Formula f = raw("L = ") + reduce(reduction, "i", "m");
  if (loss == GanLoss::kWasserstein) {
    return f + tex(" f(x_i) − ", " f(x_i) - ") + reduce(reduction, "j", "n") + raw(" f(G(z_j))");
  }
  return f + tex(" log D(x_i) + ", " \\log D(x_i) + ") + reduce(reduction, "j", "n") +
         tex(" log(1 − D(G(z_j)))", " \\log\\left(1 - D(G(z_j))\\right)");
}

Formula generator_rule(GanLoss loss, Reduction reduction) {
  Formula f = raw("G = ") + reduce(reduction, "j", "n");
  switch (loss) {
    case GanLoss::kMinimax:
      return f + tex(" log(1 − D(G(z_j)))", " \\log\\left(1 - D(G(z_j))\\right)");
    case GanLoss::kNonSaturating:
      return f + tex(" log D(G(z_j))", " \\log D(G(z_j))");
    case GanLoss::kWasserstein:
      return f + raw(" f(G(z_j))");
  }
  return f;
}

std::string reduction_name(Reduction reduction) {
  return reduction == Reduction::kSum ? "sum" : "mean";
}

report::Section objective_section(const core::GanProblem& problem, const core::GanLogitsResult& r) {
  report::Section s{"The discriminator's objective", {}};
  const bool critic = problem.loss == GanLoss::kWasserstein;
  if (critic) {
    s.blocks.push_back(report::Text(
        "The critic's output f is used as is (no sigmoid). The critic maximises the gap "
        "between its scores of real and generated samples:"));
  } else {
    s.blocks.push_back(report::Text()
                       << "The discriminator outputs a logit z and "
                       << tex("D = σ(z) = 1/(1 + e^(−z))", "D = \\sigma(z) = \\frac{1}{1 + e^{-z}}")
                       << ", the probability that its input is real. It "
                          "maximises (the binary cross-entropy loss is −L):");
  }
  if (problem.reduction == Reduction::kMean) {
    s.blocks.push_back(
        report::Text("With reduction mean, the real and the fake sums are each "
                     "divided by their own count (m real, n fake samples)."));
  }
  s.blocks.push_back(report::Step{
      "objective", objective_rule(problem.loss, problem.reduction), {}, r.objective, {}});
  if (!critic) {
    s.blocks.push_back(report::Step{
        "stable form",
        tex("log σ(z) = −softplus(−z),  log(1 − σ(z)) = −softplus(z)",
            "\\log\\sigma(z) = -\\operatorname{softplus}(-z),\\quad "
            "\\log\\left(1 - \\sigma(z)\\right) = -\\operatorname{softplus}(z)"),
        {},
        {},
        report::Text("exact for any z: log σ(−1000) = −1000, where the log of the rounded "
                     "σ(−1000) = 0 would be −inf")});
    s.blocks.push_back(
        report::Step{"softplus",
                     tex("softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^(−|x|))",
                         "\\operatorname{softplus}(x) = \\log(1 + e^x) = \\max(x, 0) + "
                         "\\log\\left(1 + e^{-|x|}\\right)"),
                     {},
                     {},
                     report::Text("no exponential of a large positive number is ever formed")});
  }
  report::Table table;
  table.header = critic ? std::vector<std::string>{"sample", "f", "term of L", "∂L/∂f"}
                        : std::vector<std::string>{"sample", "z", "σ(z)", "term of L", "∂L/∂z"};
  const auto add_rows = [&](const Eigen::VectorXd& z, const Eigen::VectorXd& d,
                            const Eigen::VectorXd& terms, const Eigen::VectorXd& grad,
                            const std::string& set) {
    for (Eigen::Index i = 0; i < z.size() && i < kMaxTableSamples; ++i) {
      std::vector<Formula> cells = {raw(set + " " + std::to_string(i + 1)), num(z[i])};
      if (!critic) cells.push_back(num(d[i]));
      cells.push_back(num(terms[i]));
      cells.push_back(num(grad[i]));
      table.rows.push_back(std::move(cells));
    }
  };
  add_rows(r.real_logits, r.d_real, r.real_terms, r.grad_real, "real");
  add_rows(r.fake_logits, r.d_fake, r.fake_terms, r.grad_fake, "fake");
  table.caption = "per-sample terms (before the reduction's factor) and derivatives";
  s.blocks.push_back(std::move(table));
  return s;
}

report::Section logit_gradient_section(const core::GanProblem& problem,
                                       const core::GanLogitsResult& r) {
  report::Section s{"Gradient with respect to the logits", {}};
  const bool mean = problem.reduction == Reduction::kMean;
  if (problem.loss == GanLoss::kWasserstein) {
    s.blocks.push_back(
        report::Text("L is linear in the critic's outputs, so each derivative is "
                     "the factor in front of its term:"));
    s.blocks.push_back(
        report::Step{"real sample",
                     tex("∂L/∂f(x_i) = ", "\\frac{\\partial L}{\\partial f(x_i)} = ") +
                         (mean ? tex("1/m", "\\frac{1}{m}") : raw("1")),
                     {},
                     r.real_scale,
                     {}});
    s.blocks.push_back(
        report::Step{"fake sample",
                     tex("∂L/∂f(G(z_j)) = −", "\\frac{\\partial L}{\\partial f(G(z_j))} = -") +
                         (mean ? tex("1/n", "\\frac{1}{n}") : raw("1")),
                     {},
                     -r.fake_scale,
                     {}});
  } else {
    s.blocks.push_back(
        report::Text("By the chain rule through D = σ(z), with the sigmoid's "
                     "derivative written through itself:"));
    s.blocks.push_back(report::Step{"sigmoid derivative",
                                    tex("σ′(z) = e^(−z)/(1 + e^(−z))² = σ(z)(1 − σ(z))",
                                        "\\sigma'(z) = \\frac{e^{-z}}{(1 + e^{-z})^2} = "
                                        "\\sigma(z)\\left(1 - \\sigma(z)\\right)"),
                                    {},
                                    {},
                                    {}});
    s.blocks.push_back(report::Step{
        "real sample",
        tex("∂/∂z log σ(z) = σ′(z)/σ(z) = 1 − σ(z) = σ(−z)",
            "\\frac{\\partial}{\\partial z}\\log\\sigma(z) = \\frac{\\sigma'(z)}{\\sigma(z)} = "
            "1 - \\sigma(z) = \\sigma(-z)"),
        {},
        {},
        report::Text("evaluated as σ(−z), which keeps its digits where 1 − σ(z) would cancel")});
    s.blocks.push_back(
        report::Step{"fake sample",
                     tex("∂/∂z log(1 − σ(z)) = −σ′(z)/(1 − σ(z)) = −σ(z)",
                         "\\frac{\\partial}{\\partial z}\\log\\left(1 - \\sigma(z)\\right) = "
                         "-\\frac{\\sigma'(z)}{1 - \\sigma(z)} = -\\sigma(z)"),
                     {},
                     {},
                     {}});
    if (mean) {
      s.blocks.push_back(
          report::Text("Each derivative is then multiplied by its set's factor, "
                       "1/m for a real sample and 1/n for a fake one."));
    }
    const Formula real_factor = mean ? tex("(1/m) ", "\\frac{1}{m}") : Formula{};
    const Formula fake_factor = mean ? tex("(1/n) ", "\\frac{1}{n}") : Formula{};
    const auto wrap = [&](const Formula& inner) {
      return mean ? real_factor + tex("(", "\\left(") + inner + tex(")", "\\right)") : inner;
    };
    for (Eigen::Index i = 0; i < r.real_logits.size() && i < kMaxWorkedSteps; ++i) {
      s.blocks.push_back(report::Step{"",
                                      tex("∂L/∂", "\\frac{\\partial L}{\\partial ") + z_real(i) +
                                          tex(" = ", "} = ") +
                                          wrap(tex("1 − ", "1 - ") + sigma(z_real(i))),
                                      wrap(tex("1 − ", "1 - ") + sigma(num(r.real_logits[i]))),
                                      r.grad_real[i],
                                      {}});
    }
    for (Eigen::Index j = 0; j < r.fake_logits.size() && j < kMaxWorkedSteps; ++j) {
      s.blocks.push_back(report::Step{"",
                                      tex("∂L/∂", "\\frac{\\partial L}{\\partial ") + z_fake(j) +
                                          tex(" = −", "} = -") + fake_factor + sigma(z_fake(j)),
                                      tex("−", "-") + fake_factor + sigma(num(r.fake_logits[j])),
                                      r.grad_fake[j],
                                      {}});
    }
    if (r.real_logits.size() > kMaxWorkedSteps || r.fake_logits.size() > kMaxWorkedSteps) {
      s.blocks.push_back(report::Text("The table above has every sample's derivative."));
    }
    // The seed's compact form.
    Formula compact = mean
                          ? tex("(1/m) Σ_i (1 − σ(z_real,i)) − (1/n) Σ_j σ(z_fake,j)",
                                "\\frac{1}{m}\\sum_i \\left(1 - \\sigma(z^{\\text{real}}_i)\\right)"
                                " - \\frac{1}{n}\\sum_j \\sigma(z^{\\text{fake}}_j)")
                          : tex("m − Σ_i σ(z_real,i) − Σ_j σ(z_fake,j)",
                                "m - \\sum_i \\sigma(z^{\\text{real}}_i) - "
                                "\\sum_j \\sigma(z^{\\text{fake}}_j)");
    if (!mean && r.real_logits.size() == r.fake_logits.size()) {
      compact = compact + tex(" = n − Σ(σ(z_real) + σ(z_fake))",
                              " = n - \\sum\\left(\\sigma(z^{\\text{real}}) + "
                              "\\sigma(z^{\\text{fake}})\\right)");
    }
    Formula substituted;
    if (!mean && r.real_logits.size() <= kMaxWorkedSteps && r.fake_logits.size() <= kMaxWorkedSteps) {
      const auto sum_of = [](const Eigen::VectorXd& v) {
        Formula f = tex("(", "\\left(");
        for (Eigen::Index k = 0; k < v.size(); ++k)
          f += (k > 0 ? raw(" + ") : Formula{}) + num(v[k]);
        return f + tex(")", "\\right)");
      };
      substituted = report::integer(r.real_logits.size()) + tex(" − ", " - ") + sum_of(r.d_real) +
                    tex(" − ", " - ") + sum_of(r.d_fake);
    }
    s.blocks.push_back(report::Step{
        "compact form",
        tex("Σ_i ∂L/∂z_real,i + Σ_j ∂L/∂z_fake,j = ",
            "\\sum_i \\frac{\\partial L}{\\partial z^{\\text{real}}_i} + \\sum_j "
            "\\frac{\\partial L}{\\partial z^{\\text{fake}}_j} = ") +
            compact,
        substituted, r.grad_total,
        report::Text("the seed's compact form adds derivatives taken at different points (each "
                     "at its own sample's logit): it is the rate of change of L when every "
                     "logit moves by the same amount, not a gradient. The gradient is the list "
                     "of per-sample derivatives above.")});
  }
  return s;
}

report::Section generator_section(const core::GanProblem& problem, const core::GanLogitsResult& r) {
  report::Section s{"The generator's side", {}};
  const bool mean = problem.reduction == Reduction::kMean;
  const Formula factor = mean ? tex("(1/n) ", "\\frac{1}{n}") : Formula{};
  Formula derivative;
  switch (problem.loss) {
    case GanLoss::kMinimax:
      s.blocks.push_back(report::Text(
          "In the minimax game the generator minimises the discriminator's fake term. Its "
          "derivative −σ(z) vanishes when D confidently rejects a fake (z well below 0), so the "
          "generator learns slowly exactly when it is worst (saturation)."));
      derivative = tex("∂G/∂z_j = −", "\\frac{\\partial G}{\\partial z_j} = -") + factor +
                   tex("σ(z_j)", "\\sigma(z_j)");
      break;
    case GanLoss::kNonSaturating:
      s.blocks.push_back(report::Text(
          "The non-saturating generator maximises log D(G(z)) instead: the same fixed point, "
          "but its derivative 1 − σ(z) is near 1 when D rejects a fake, so the gradient does "
          "not vanish. The discriminator's objective is unchanged."));
      derivative = tex("∂G/∂z_j = ", "\\frac{\\partial G}{\\partial z_j} = ") + factor +
                   tex("(1 − σ(z_j)) = ", "\\left(1 - \\sigma(z_j)\\right) = ") + factor +
                   tex("σ(−z_j)", "\\sigma(-z_j)");
      break;
    case GanLoss::kWasserstein:
      s.blocks.push_back(report::Text(
          "The generator maximises the critic's score of its samples (the critic's fake term "
          "with the opposite sign)."));
      derivative = tex("∂G/∂f(G(z_j)) = ", "\\frac{\\partial G}{\\partial f(G(z_j))} = ") +
                   (mean ? tex("1/n", "\\frac{1}{n}") : raw("1"));
      break;
  }
  s.blocks.push_back(report::Step{"generator objective",
                                  generator_rule(problem.loss, problem.reduction),
                                  {},
                                  r.generator_objective,
                                  {}});
  s.blocks.push_back(report::Step{"its gradient",
                                  derivative,
                                  {},
                                  shown_row(r.grad_generator),
                                  report::Text("one entry per fake sample")});
  return s;
}

Formula layer_symbol(const char* base, std::size_t l) {
  const std::string k = std::to_string(l + 1);
  return tex(std::string(base) + "_" + k, std::string(base) + "_{" + k + "}");
}

report::Section backprop_section(const core::GanProblem& problem, const core::GanResult& result) {
  const auto& net = *problem.discriminator;
  const auto& nr = *result.network;
  report::Section s{"Backpropagation through the discriminator", {}};
  s.blocks.push_back(report::Text()
                     << "Each layer computes "
                     << tex("a_l = act_l(W_l a_(l−1) + b_l)",
                            "a_l = \\operatorname{act}_l(W_l a_{l-1} + b_l)")
                     << " with W_l of shape out × in (as torch.nn.Linear) and "
                     << tex("a_0 = x", "a_0 = x")
                     << (problem.loss == GanLoss::kWasserstein
                             ? "; the last layer's single output is the critic's score f."
                             : "; the last layer's single output is the logit z."));
  report::Table layers{{"layer", "W shape", "activation"}, {}, ""};
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const auto& layer = net.layers[l];
    std::string act = core::activation_name(layer.activation.kind);
    if (layer.activation.kind == core::ActivationKind::kLeakyRelu) {
      layers.rows.push_back(
          {raw(std::to_string(l + 1)),
           raw(std::to_string(layer.outputs()) + " × " + std::to_string(layer.inputs())),
           raw(act + " (slope ") + num(layer.activation.slope) + raw(")")});
    } else {
      layers.rows.push_back(
          {raw(std::to_string(l + 1)),
           raw(std::to_string(layer.outputs()) + " × " + std::to_string(layer.inputs())),
           raw(act)});
    }
  }
  s.blocks.push_back(std::move(layers));
  s.blocks.push_back(report::Step{"real logits",
                                  tex("z_real,i = f(x_i)", "z^{\\text{real}}_i = f(x_i)"),
                                  {},
                                  shown_row(result.logits.real_logits),
                                  {}});
  s.blocks.push_back(report::Step{"fake logits",
                                  tex("z_fake,j = f(G(z_j))", "z^{\\text{fake}}_j = f(G(z_j))"),
                                  {},
                                  shown_row(result.logits.fake_logits),
                                  {}});
  if (problem.loss != GanLoss::kWasserstein) {
    s.blocks.push_back(report::Step{
        "chain rule",
        tex("∂L/∂θ = Σ_i (1/D(x_i)) ∂D(x_i)/∂θ − Σ_j (1/(1 − D(G(z_j)))) ∂D(G(z_j))/∂θ "
            "= Σ_i ∂L/∂z_real,i · ∂z_real,i/∂θ + Σ_j ∂L/∂z_fake,j · ∂z_fake,j/∂θ",
            "\\frac{\\partial L}{\\partial \\theta} = \\sum_i \\frac{1}{D(x_i)} "
            "\\frac{\\partial D(x_i)}{\\partial \\theta} - \\sum_j \\frac{1}{1 - D(G(z_j))} "
            "\\frac{\\partial D(G(z_j))}{\\partial \\theta} = \\sum_i "
            "\\frac{\\partial L}{\\partial z^{\\text{real}}_i} \\frac{\\partial z^{\\text{real}}_i}"
            "{\\partial \\theta} + \\sum_j \\frac{\\partial L}{\\partial z^{\\text{fake}}_j} "
            "\\frac{\\partial z^{\\text{fake}}_j}{\\partial \\theta}"),
        {},
        {},
        report::Text("∂D/∂θ = σ′(z) ∂z/∂θ, so each sample's weight is the ∂L/∂z found above "
                     "(times 1/m or 1/n for a mean)")});
  }
  s.blocks.push_back(report::Text(
      "Backward pass: the error signal starts as ∂L/∂z per sample (above) and goes back layer by "
      "layer; each layer's gradient sums the real and the fake samples' contributions:"));
  s.blocks.push_back(report::Step{
      "rules",
      tex("δ_l = (δ_(l+1) W_(l+1)) ⊙ act_l′(W_l a_(l−1) + b_l),  ∂L/∂W_l = Σ_samples δ_lᵀ a_(l−1),"
          "  ∂L/∂b_l = Σ_samples δ_l",
          "\\delta_l = (\\delta_{l+1} W_{l+1}) \\odot \\operatorname{act}_l'(W_l a_{l-1} + b_l),"
          "\\quad \\frac{\\partial L}{\\partial W_l} = \\sum_{\\text{samples}} \\delta_l^\\top "
          "a_{l-1},\\quad \\frac{\\partial L}{\\partial b_l} = \\sum_{\\text{samples}} \\delta_l"),
      {},
      {},
      report::Text("relu′(0) = 0 and leaky_relu′(0) = slope at the kink, as in PyTorch; "
                   "tanh′ = 1 − a² and σ′ = a(1 − a) from the cached activation a")});
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    s.blocks.push_back(report::Step{
        "",
        tex("∂L/∂", "\\frac{\\partial L}{\\partial ") + layer_symbol("W", l) + tex("", "}"),
        {},
        shown(nr.grad_params.weight[l]),
        {}});
    s.blocks.push_back(report::Step{
        "",
        tex("∂L/∂", "\\frac{\\partial L}{\\partial ") + layer_symbol("b", l) + tex("", "}"),
        {},
        shown_row(nr.grad_params.bias[l]),
        {}});
  }
  s.blocks.push_back(report::Text(
      "What the generator receives is the gradient of its own objective G with respect to "
      "each generated sample: the same backward pass through the fixed discriminator, "
      "seeded with ∂G/∂z instead of ∂L/∂z."));
  std::string relation;
  switch (problem.loss) {
    case GanLoss::kMinimax:
      relation = "for minimax G is L's fake term, so this equals ∂L/∂(fake sample)";
      break;
    case GanLoss::kNonSaturating:
      relation = "for non_saturating it differs from ∂L/∂(fake sample)";
      break;
    case GanLoss::kWasserstein:
      relation = "for wasserstein it is the negative of ∂L/∂(fake sample)";
      break;
  }
  s.blocks.push_back(
      report::Step{"generator's gradient",
                   tex("∂G/∂G(z_j) = δ^G_0", "\\frac{\\partial G}{\\partial G(z_j)} = \\delta^G_0"),
                   {},
                   shown(nr.grad_fake_inputs),
                   report::Text(relation)});
  return s;
}

}  // namespace

report::Answer gan_grad(const core::GanProblem& problem) {
  const core::GanResult result = core::solve_gan(problem);
  const core::GanLogitsResult& r = result.logits;
  report::Answer answer;
  answer.result = {
      {"loss", core::gan_loss_name(problem.loss)},
      {"reduction", reduction_name(problem.reduction)},
      {"objective", r.objective},
      {"grad_logits", {{"real", vector_json(r.grad_real)}, {"fake", vector_json(r.grad_fake)}}},
      {"grad_logits_total", r.grad_total},
      {"generator_objective", r.generator_objective},
      {"grad_generator_logits", vector_json(r.grad_generator)},
  };
  if (result.network) {
    const auto& nr = *result.network;
    answer.result["logits"] = {{"real", vector_json(r.real_logits)},
                               {"fake", vector_json(r.fake_logits)}};
    nlohmann::json params = nlohmann::json::array();
    for (std::size_t l = 0; l < nr.grad_params.weight.size(); ++l) {
      params.push_back({{"weight", matrix_json(nr.grad_params.weight[l])},
                        {"bias", vector_json(nr.grad_params.bias[l])}});
    }
    answer.result["grad_params"] = std::move(params);
    answer.result["grad_fake_inputs"] = matrix_json(nr.grad_fake_inputs);
    answer.result["objective_grad_fake_inputs"] = matrix_json(nr.objective_grad_fake);
  }
  answer.result["gradient_check"] = gradient_check_json(result.gradient_check);

  answer.report.title = std::string("GAN ") +
                        (problem.loss == GanLoss::kWasserstein ? "critic" : "discriminator") +
                        " gradients (" + core::gan_loss_name(problem.loss) + ", " +
                        reduction_name(problem.reduction) + ")";
  answer.report.sections.push_back(objective_section(problem, r));
  answer.report.sections.push_back(logit_gradient_section(problem, r));
  answer.report.sections.push_back(generator_section(problem, r));
  if (result.network) answer.report.sections.push_back(backprop_section(problem, result));
  answer.report.sections.push_back(gradient_check_section(
      result.gradient_check,
      result.network ? "L over every weight and bias, G over every entry of the fake samples"
                     : "L over every logit, G over every fake logit"));
  answer.notes = gradient_check_notes(result.gradient_check);
  if (problem.discriminator &&
      problem.discriminator->layers.back().activation.kind != core::ActivationKind::kLinear) {
    answer.notes.push_back(
        {"last_activation",
         std::string("the last layer's activation is ") +
             core::activation_name(problem.discriminator->layers.back().activation.kind) +
             ", so its output, not a linear score, is used as the logit z"});
  }
  answer.negative = !result.gradient_check.passed;
  return answer;
}

}  // namespace hw4::derive
