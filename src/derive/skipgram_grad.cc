// The derivation of `skipgram grad`.
#include "hw4/derive/skipgram_grad.h"

#include <algorithm>

#include "hw4/derive/gradient_check.h"

namespace hw4::derive {
namespace {

using core::Reduction;
using core::SkipgramLoss;
using report::Formula;
using report::num;
using report::raw;
using report::tex;

// LaTeX-safe spelling of a vocabulary word inside \text{}.
std::string latex_word(const std::string& w) {
  std::string out;
  for (const char c : w) {
    switch (c) {
      case '\\':
        out += "\\textbackslash{}";
        break;
      case '{':
      case '}':
      case '$':
      case '&':
      case '#':
      case '_':
      case '%':
        out += '\\';
        out += c;
        break;
      case '^':
        out += "\\^{}";
        break;
      case '~':
        out += "\\~{}";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

report::Answer skipgram_grad(const core::SkipgramGradProblem& problem,
                             const std::vector<std::string>& vocabulary) {
  const core::SkipgramGradResult r = core::solve_skipgram_grad(problem);
  const bool softmax = problem.loss == SkipgramLoss::kSoftmax;
  const bool mean = problem.reduction == Reduction::kMean;
  const auto m = static_cast<Eigen::Index>(problem.context.size());
  const std::string& center = vocabulary[static_cast<std::size_t>(problem.center)];
  const auto w = [&](Eigen::Index i) {
    const std::string& s = vocabulary[static_cast<std::size_t>(i)];
    return tex(s, "\\text{" + latex_word(s) + "}");
  };

  report::Answer answer;
  answer.result = {
      {"loss_function", core::skipgram_loss_name(problem.loss)},
      {"reduction", mean ? "mean" : "sum"},
      {"h", vector_json(r.h)},
      {"scores", vector_json(r.scores)},
      {"probabilities", vector_json(r.probabilities)},
      {"loss", r.loss},
      {"grad_scores", vector_json(r.grad_scores)},
      {"grad_W_out", matrix_json(r.grad_W_out)},
      {"grad_h", vector_json(r.grad_h)},
      {"grad_W", {{"row", problem.center}, {"word", center}, {"values", vector_json(r.grad_h)}}},
      {"gradient_check", gradient_check_json(r.gradient_check)},
  };

  answer.report.title = std::string("Skip-gram gradients (") +
                        core::skipgram_loss_name(problem.loss) + ", " + (mean ? "mean" : "sum") +
                        ")";
  const std::string V = std::to_string(problem.W.rows());
  const std::string N = std::to_string(problem.W.cols());

  // Forward pass.
  report::Section forward{"Forward pass", {}};
  forward.blocks.push_back(report::Text()
                           << "The centre word " << w(problem.center) << " is the one-hot vector "
                           << tex("x = e_k", "x = e_k") << " with "
                           << raw("k = ") + raw(std::to_string(problem.center))
                           << " (0-based, in vocabulary order). W is " + V + " × " + N +
                                  " (one input vector per row), W′ is " + N + " × " + V +
                                  " (one output vector per column).");
  forward.blocks.push_back(report::Step{
      "hidden layer",
      tex("h = Wᵀx = W[k, :]", "h = W^\\top x = W_{k,:}"),
      {},
      shown_row(r.h),
      report::Text("multiplying by a one-hot vector selects row k: no arithmetic happens")});
  forward.blocks.push_back(report::Step{
      "scores",
      tex("u = W′ᵀh,  u_j = W′[:, j] · h", "u = W'^\\top h,\\quad u_j = W'_{:,j} \\cdot h"),
      {},
      shown_row(r.scores),
      {}});
  if (softmax) {
    forward.blocks.push_back(report::Step{
        "softmax",
        tex("ŷ_j = e^(u_j − max u) / Σ_i e^(u_i − max u)",
            "\\hat y_j = \\frac{e^{u_j - \\max u}}{\\sum_i e^{u_i - \\max u}}"),
        {},
        shown_row(r.probabilities),
        report::Text("shifting by max u changes nothing mathematically and keeps every "
                     "exponential ≤ 1")});
  } else {
    forward.blocks.push_back(report::Step{
        "sigmoid",
        tex("ŷ_j = σ(u_j)", "\\hat y_j = \\sigma(u_j)"),
        {},
        shown_row(r.probabilities),
        report::Text("negative sampling scores each word on its own: is it a true context word?")});
  }
  report::Table table{{"j", "word", "role", "u_j", softmax ? "ŷ_j" : "σ(u_j)", "∂L/∂u_j"}, {}, ""};
  for (Eigen::Index j = 0; j < problem.W.rows() && j < kMaxTableSamples; ++j) {
    const auto count_in = [&](const std::vector<Eigen::Index>& list) {
      return std::count(list.begin(), list.end(), j);
    };
    std::string role;
    if (j == problem.center) role = "centre";
    if (const auto c = count_in(problem.context); c > 0) {
      role += std::string(role.empty() ? "" : ", ") + "context" +
              (c > 1 ? " ×" + std::to_string(c) : "");
    }
    if (const auto c = count_in(problem.negatives); c > 0) {
      role += std::string(role.empty() ? "" : ", ") + "negative" +
              (c > 1 ? " ×" + std::to_string(c) : "");
    }
    table.rows.push_back({raw(std::to_string(j)), w(j), raw(role), num(r.scores[j]),
                          num(r.probabilities[j]), num(r.grad_scores[j])});
  }
  if (problem.W.rows() > kMaxTableSamples) {
    table.caption = "the first " + std::to_string(kMaxTableSamples) + " of " + V + " words";
  }
  forward.blocks.push_back(std::move(table));
  answer.report.sections.push_back(std::move(forward));

  // Loss.
  report::Section loss{"Loss", {}};
  const Formula factor = mean ? tex("(1/M) ", "\\frac{1}{M}") : Formula{};
  if (softmax) {
    loss.blocks.push_back(report::Step{
        "cross-entropy",
        raw("L = ") + factor + tex("Σ_c −log ŷ_c = ", "\\sum_c -\\log \\hat y_c = ") + factor +
            tex("Σ_c (log Σ_j e^(u_j) − u_c)",
                "\\sum_c \\left(\\log \\sum_j e^{u_j} - u_c\\right)"),
        {},
        r.loss,
        report::Text("over the M = " + std::to_string(m) +
                     " context word(s); a repeated context word counts each time")});
  } else {
    loss.blocks.push_back(report::Step{
        "negative sampling",
        raw("L = ") + factor +
            tex("Σ_c [−log σ(u_c) − Σ_n log σ(−u_n)]",
                "\\sum_c \\left[-\\log\\sigma(u_c) - \\sum_n \\log\\sigma(-u_n)\\right]"),
        tex("−log σ(u) = softplus(−u)", "-\\log\\sigma(u) = \\operatorname{softplus}(-u)"), r.loss,
        report::Text("over the M = " + std::to_string(m) + " context word(s), with the same " +
                     std::to_string(problem.negatives.size()) +
                     " negative word(s) for each; softplus keeps large scores finite")});
  }
  for (Eigen::Index c = 0; c < m && c < kMaxWorkedSteps; ++c) {
    const Eigen::Index o = problem.context[static_cast<std::size_t>(c)];
    loss.blocks.push_back(report::Step{
        "",
        tex("context ", "\\text{context }") + w(o) + tex(": ", "\\text{: }") +
            (softmax ? tex("−log ŷ_", "-\\log \\hat y_{") + raw(std::to_string(o)) + tex("", "}")
                     : tex("term", "\\text{term}")),
        {},
        r.context_losses[c],
        {}});
  }
  answer.report.sections.push_back(std::move(loss));

  // Gradient with respect to the scores.
  report::Section scores{"Gradient with respect to the scores", {}};
  if (softmax) {
    scores.blocks.push_back(report::Text(
        "Why softmax with cross-entropy gives prediction minus target: for one context word c, "
        "write the loss through the scores and differentiate the two parts."));
    scores.blocks.push_back(report::Step{
        "one context word",
        tex("−log ŷ_c = −u_c + log Σ_i e^(u_i)", "-\\log \\hat y_c = -u_c + \\log \\sum_i e^{u_i}"),
        {},
        {},
        {}});
    scores.blocks.push_back(report::Step{
        "differentiate",
        tex("∂/∂u_j (−log ŷ_c) = −[j = c] + e^(u_j)/Σ_i e^(u_i) = ŷ_j − y_j",
            "\\frac{\\partial}{\\partial u_j}\\left(-\\log \\hat y_c\\right) = -[j = c] + "
            "\\frac{e^{u_j}}{\\sum_i e^{u_i}} = \\hat y_j - y_j"),
        {},
        {},
        report::Text("y = e_c is the one-hot target: the softmax's Jacobian and the log's 1/ŷ_c "
                     "cancel, leaving prediction minus target")});
    scores.blocks.push_back(report::Step{
        "same, by the Jacobian",
        tex("∂L/∂u = Jᵀ ∂L/∂ŷ = (diag(ŷ) − ŷŷᵀ)(−y/ŷ) = −y + ŷ Σ_j y_j = ŷ − y",
            "\\frac{\\partial L}{\\partial u} = J^\\top \\frac{\\partial L}{\\partial \\hat y} = "
            "\\left(\\operatorname{diag}(\\hat y) - \\hat y \\hat y^\\top\\right)"
            "\\left(-\\frac{y}{\\hat y}\\right) = -y + \\hat y \\sum_j y_j = \\hat y - y"),
        {},
        {},
        report::Text("the softmax Jacobian J = ∂ŷ/∂u = diag(ŷ) − ŷŷᵀ times the cross-entropy's "
                     "∂L/∂ŷ = −y/ŷ (element-wise), as the seed writes S′(y)·S(y); Σ_j y_j = 1")});
    scores.blocks.push_back(
        report::Step{"all context words",
                     tex("∂L/∂u = ", "\\frac{\\partial L}{\\partial u} = ") + factor +
                         tex("Σ_c (ŷ − y_c) = ", "\\sum_c (\\hat y - y_c) = ") + factor +
                         tex("(M ŷ − Σ_c y_c)", "\\left(M \\hat y - \\sum_c y_c\\right)"),
                     {},
                     shown_row(r.grad_scores),
                     report::Text("its entries sum to 0: each context word adds 1 − 1")});
  } else {
    scores.blocks.push_back(
        report::Step{"context word",
                     tex("∂/∂u_c (−log σ(u_c)) = −(1 − σ(u_c)) = σ(u_c) − 1",
                         "\\frac{\\partial}{\\partial u_c}\\left(-\\log\\sigma(u_c)\\right) = "
                         "-\\left(1 - \\sigma(u_c)\\right) = \\sigma(u_c) - 1"),
                     {},
                     {},
                     report::Text("by σ′ = σ(1 − σ)")});
    scores.blocks.push_back(report::Step{
        "negative word",
        tex("∂/∂u_n (−log σ(−u_n)) = σ(u_n)",
            "\\frac{\\partial}{\\partial u_n}\\left(-\\log\\sigma(-u_n)\\right) = \\sigma(u_n)"),
        {},
        {},
        report::Text("once per context word, since every context word uses the negatives")});
    scores.blocks.push_back(report::Step{
        "all words",
        tex("∂L/∂u = ", "\\frac{\\partial L}{\\partial u} = ") + factor +
            tex("Σ_c [(σ(u_c) − 1) e_c + Σ_n σ(u_n) e_n]",
                "\\sum_c \\left[(\\sigma(u_c) - 1)\\, e_c + \\sum_n \\sigma(u_n)\\, e_n\\right]"),
        {},
        shown_row(r.grad_scores),
        report::Text("zero for words that are neither")});
  }
  answer.report.sections.push_back(std::move(scores));

  // Weights.
  report::Section weights{"Gradients of the weights", {}};
  weights.blocks.push_back(report::Step{
      "output weights",
      tex("∂L/∂W′ = h ⊗ ∂L/∂u = h (∂L/∂u)ᵀ",
          "\\frac{\\partial L}{\\partial W'} = h \\otimes \\frac{\\partial L}{\\partial u} = "
          "h \\left(\\frac{\\partial L}{\\partial u}\\right)^\\top"),
      {},
      shown(r.grad_W_out),
      report::Text("u_j = W′[:, j] · h, so ∂u_j/∂W′[i, j] = h_i: a " + N + " × " + V +
                   " outer product" +
                   (r.grad_W_out.size() > kMaxShownEntries ? " (in the JSON result)" : ""))});
  weights.blocks.push_back(
      report::Step{"hidden layer",
                   tex("∂L/∂h = W′ ∂L/∂u",
                       "\\frac{\\partial L}{\\partial h} = W' \\frac{\\partial L}{\\partial u}"),
                   {},
                   shown_row(r.grad_h),
                   report::Text("every score depends on h")});
  weights.blocks.push_back(report::Step{
      "input weights",
      tex("∂L/∂W = x ⊗ ∂L/∂h,  so ∂L/∂W[k, :] = ∂L/∂h",
          "\\frac{\\partial L}{\\partial W} = x \\otimes \\frac{\\partial L}{\\partial h},\\quad "
          "\\frac{\\partial L}{\\partial W_{k,:}} = \\frac{\\partial L}{\\partial h}"),
      {},
      shown_row(r.grad_h),
      report::Text("x is one-hot, so only row k = " + std::to_string(problem.center) + " (" +
                   center + ") of W has a nonzero gradient; every other row's is 0")});
  answer.report.sections.push_back(std::move(weights));

  answer.report.sections.push_back(gradient_check_section(
      r.gradient_check, "L over every entry of W′ and of row k of W, the only row L depends on"));
  answer.notes = gradient_check_notes(r.gradient_check);
  if (problem.score_gradient == core::ScoreGradient::kSoftmaxJacobian) {
    answer.notes.push_back(
        {"softmax_jacobian", "∂L/∂u is formed as the seed's S′(y)·S(y), the softmax Jacobian times "
                             "(1 − y)/(1 − ŷ) − y/ŷ, where ŷ − y belongs: the gradient check fails"});
  }
  answer.negative = !r.gradient_check.passed;
  return answer;
}

}  // namespace hw4::derive
