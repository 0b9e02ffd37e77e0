// GAN objectives from logits, their gradients through a discriminator, and the check.
#include "hw4/core/gan.h"

#include <cassert>

#include "hw4/core/stable.h"

namespace hw4::core {
namespace {

// Per-sample terms of L and of G. log D = log σ(z) = −softplus(−z) and
// log(1 − D) = log σ(−z) = −softplus(z): never log of a rounded σ, so z = ±1000 stays exact.
Eigen::VectorXd real_terms_of(GanLoss loss, const Eigen::VectorXd& z) {
  if (loss == GanLoss::kWasserstein) return z;
  return z.unaryExpr([](double v) { return -softplus(-v); });
}

Eigen::VectorXd fake_terms_of(GanLoss loss, const Eigen::VectorXd& z) {
  if (loss == GanLoss::kWasserstein) return -z;
  return z.unaryExpr([](double v) { return -softplus(v); });
}

Eigen::VectorXd generator_terms_of(GanLoss loss, const Eigen::VectorXd& z) {
  switch (loss) {
    case GanLoss::kMinimax:
      return z.unaryExpr([](double v) { return -softplus(v); });
    case GanLoss::kNonSaturating:
      return z.unaryExpr([](double v) { return -softplus(-v); });
    case GanLoss::kWasserstein:
      return z;
  }
  return z;
}

RowMatrix<double> as_column(const Eigen::VectorXd& v) {
  return Eigen::Map<const RowMatrix<double>>(v.data(), v.size(), 1);
}

Eigen::VectorXd flat(const RowMatrix<double>& m) {
  return Eigen::Map<const Eigen::VectorXd>(m.data(), m.size());
}

// One evaluation of the network costs about this many multiply-adds per sample; a tanh or a
// sigmoid counts as 20 (a libm call each).
double forward_cost(const DenseNetwork<double>& net) {
  double cost = 0.0;
  for (const auto& layer : net.layers) {
    const bool transcendental = layer.activation.kind == ActivationKind::kTanh ||
                                layer.activation.kind == ActivationKind::kSigmoid;
    cost += static_cast<double>(layer.weight.size()) +
            static_cast<double>(layer.outputs()) * (transcendental ? 20.0 : 1.0);
  }
  return cost;
}

// The check's budget in multiply-adds (about half a second on one core).
constexpr double kCheckBudget = 1e9;

Eigen::VectorXd network_logits(const DenseNetwork<double>& net, const RowMatrix<double>& x) {
  const auto cache = forward(net, x);
  return Eigen::Map<const Eigen::VectorXd>(cache.output().data(), cache.output().rows());
}

}  // namespace

const char* gan_loss_name(GanLoss loss) {
  switch (loss) {
    case GanLoss::kMinimax:
      return "minimax";
    case GanLoss::kNonSaturating:
      return "non_saturating";
    case GanLoss::kWasserstein:
      return "wasserstein";
  }
  return "minimax";
}

double gan_objective(GanLoss loss, Reduction reduction, const Eigen::VectorXd& real_logits,
                     const Eigen::VectorXd& fake_logits) {
  return reduction_scale(reduction, real_logits.size()) * real_terms_of(loss, real_logits).sum() +
         reduction_scale(reduction, fake_logits.size()) * fake_terms_of(loss, fake_logits).sum();
}

double gan_generator_objective(GanLoss loss, Reduction reduction,
                               const Eigen::VectorXd& fake_logits) {
  return reduction_scale(reduction, fake_logits.size()) *
         generator_terms_of(loss, fake_logits).sum();
}

GanLogitsResult gan_from_logits(GanLoss loss, Reduction reduction,
                                const Eigen::VectorXd& real_logits,
                                const Eigen::VectorXd& fake_logits) {
  assert(real_logits.size() > 0 && fake_logits.size() > 0);
  GanLogitsResult r;
  r.real_logits = real_logits;
  r.fake_logits = fake_logits;
  r.real_scale = reduction_scale(reduction, real_logits.size());
  r.fake_scale = reduction_scale(reduction, fake_logits.size());
  r.real_terms = real_terms_of(loss, real_logits);
  r.fake_terms = fake_terms_of(loss, fake_logits);
  r.objective = r.real_scale * r.real_terms.sum() + r.fake_scale * r.fake_terms.sum();
  r.generator_terms = generator_terms_of(loss, fake_logits);
  r.generator_objective = r.fake_scale * r.generator_terms.sum();
  const auto sig = [](double v) { return sigmoid(v); };
  if (loss == GanLoss::kWasserstein) {
    r.grad_real = Eigen::VectorXd::Constant(real_logits.size(), r.real_scale);
    r.grad_fake = Eigen::VectorXd::Constant(fake_logits.size(), -r.fake_scale);
    r.grad_generator = Eigen::VectorXd::Constant(fake_logits.size(), r.fake_scale);
  } else {
    r.d_real = real_logits.unaryExpr(sig);
    r.d_fake = fake_logits.unaryExpr(sig);
    // d/dz log σ(z) = 1 − σ(z) = σ(−z), evaluated as σ(−z) so σ(30) ≈ 1 keeps its 1e-13 tail.
    r.grad_real = r.real_scale * (-real_logits).unaryExpr(sig);
    r.grad_fake = -r.fake_scale * r.d_fake;
    r.grad_generator = loss == GanLoss::kMinimax ? Eigen::VectorXd(-r.fake_scale * r.d_fake)
                                                 : r.fake_scale * (-fake_logits).unaryExpr(sig);
  }
  r.grad_total = r.grad_real.sum() + r.grad_fake.sum();
  return r;
}

GanResult solve_gan(const GanProblem& problem, const GradientCheckOptions& options) {
  const GanLoss loss = problem.loss;
  const Reduction reduction = problem.reduction;
  GanResult result;
  if (!problem.discriminator) {
    result.logits = gan_from_logits(loss, reduction, problem.real_logits, problem.fake_logits);
    const Eigen::Index m = problem.real_logits.size();
    const Eigen::Index n = problem.fake_logits.size();
    Eigen::VectorXd z(m + n);
    z << problem.real_logits, problem.fake_logits;
    Eigen::VectorXd grad(m + n);
    grad << result.logits.grad_real, result.logits.grad_fake;
    const auto of_l = check_gradient(
        [&](const Eigen::VectorXd& v) {
          return gan_objective(loss, reduction, v.head(m), v.tail(n));
        },
        z, grad, options);
    const auto of_g = check_gradient(
        [&](const Eigen::VectorXd& v) { return gan_generator_objective(loss, reduction, v); },
        problem.fake_logits, result.logits.grad_generator, options);
    result.gradient_check = combine(of_l, of_g);
    return result;
  }

  const DenseNetwork<double>& net = *problem.discriminator;
  assert(net.is_consistent() && net.outputs() == 1 && problem.real.cols() == net.inputs() &&
         problem.fake.cols() == net.inputs());
  GanNetworkResult nr;
  forward(net, problem.real, nr.real_forward);
  forward(net, problem.fake, nr.fake_forward);
  const Eigen::VectorXd z_real = flat(nr.real_forward.output());
  const Eigen::VectorXd z_fake = flat(nr.fake_forward.output());
  result.logits = gan_from_logits(loss, reduction, z_real, z_fake);

  // ∂L/∂θ = Σ_samples ∂L/∂z · ∂z/∂θ: one backward pass per set, seeded with ∂L/∂z.
  const auto from_real = backward(net, nr.real_forward, as_column(result.logits.grad_real), false);
  const auto from_fake = backward(net, nr.fake_forward, as_column(result.logits.grad_fake), true);
  nr.grad_params.weight.resize(net.layers.size());
  nr.grad_params.bias.resize(net.layers.size());
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    nr.grad_params.weight[l] = from_real.weight[l] + from_fake.weight[l];
    nr.grad_params.bias[l] = from_real.bias[l] + from_fake.bias[l];
  }
  nr.objective_grad_fake = from_fake.input;
  // The generator's gradient: the same fixed discriminator, seeded with ∂G/∂z.
  nr.grad_fake_inputs =
      backward(net, nr.fake_forward, as_column(result.logits.grad_generator), true).input;

  const double samples = static_cast<double>(problem.real.rows() + problem.fake.rows());
  const auto of_l = check_gradient(
      [&](const Eigen::VectorXd& theta) {
        DenseNetwork<double> probe = net;
        unflatten_parameters(theta, probe);
        return gan_objective(loss, reduction, network_logits(probe, problem.real),
                             network_logits(probe, problem.fake));
      },
      flatten_parameters(net), flatten_gradients(nr.grad_params),
      within_budget(options, forward_cost(net) * samples, kCheckBudget));
  const Eigen::Index n = problem.fake.rows();
  const Eigen::Index d = problem.fake.cols();
  const auto of_g = check_gradient(
      [&](const Eigen::VectorXd& x) {
        const RowMatrix<double> probe = Eigen::Map<const RowMatrix<double>>(x.data(), n, d);
        return gan_generator_objective(loss, reduction, network_logits(net, probe));
      },
      flat(problem.fake), flat(nr.grad_fake_inputs),
      within_budget(options, forward_cost(net) * static_cast<double>(n), kCheckBudget));
  result.gradient_check = combine(of_l, of_g);
  result.network = std::move(nr);
  return result;
}

}  // namespace hw4::core
