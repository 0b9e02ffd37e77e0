// GAN discriminator (critic) objectives and their gradients: minimax, non-saturating and
// Wasserstein, summed or averaged, from logits or through a dense discriminator network, checked
// against central finite differences. Finite and exact for logits of ±1000.
#pragma once

#include <Eigen/Core>
#include <optional>

#include "hw4/core/gradient_check.h"
#include "hw4/core/network.h"
#include "hw4/core/reduction.h"

namespace hw4::core {

enum class GanLoss { kMinimax, kNonSaturating, kWasserstein };

// "minimax", "non_saturating", "wasserstein".
const char* gan_loss_name(GanLoss loss);

// The discriminator's outputs: either logits given directly, or a network and samples.
// With a network, real (m × d) and fake (n × d) go through `discriminator`, whose single output
// is the logit z (the critic's f for wasserstein). m, n ≥ 1.
struct GanProblem {
  GanLoss loss = GanLoss::kMinimax;
  Reduction reduction = Reduction::kSum;
  Eigen::VectorXd real_logits;  // m, used when there is no discriminator
  Eigen::VectorXd fake_logits;  // n
  std::optional<DenseNetwork<double>> discriminator;
  RowMatrix<double> real;  // m × d
  RowMatrix<double> fake;  // n × d
};

// Everything computed from the logits z_real (m) and z_fake (n), with s_real, s_fake the
// reduction's factors (1, or 1/m and 1/n: each set averaged on its own).
struct GanLogitsResult {
  Eigen::VectorXd real_logits, fake_logits;
  double real_scale = 1.0, fake_scale = 1.0;
  // σ(z) per sample (minimax, non_saturating; empty for wasserstein).
  Eigen::VectorXd d_real, d_fake;
  // The discriminator's per-sample terms: log D(x) = −softplus(−z_real) and
  // log(1 − D(G(z))) = −softplus(z_fake); for wasserstein f(x) = z_real and −f(G(z)) = −z_fake.
  Eigen::VectorXd real_terms, fake_terms;
  // L = s_real Σ real_terms + s_fake Σ fake_terms, which the discriminator maximises.
  double objective = 0.0;
  // ∂L/∂z: s_real σ(−z_real) and −s_fake σ(z_fake); wasserstein s_real and −s_fake.
  Eigen::VectorXd grad_real, grad_fake;
  // Σ grad_real + Σ grad_fake; for minimax with sums, m − Σ(σ(z_real) + σ(z_fake)): the seed's
  // compact form (it adds derivatives taken at different logits).
  double grad_total = 0.0;
  // The generator's per-sample terms and objective G = s_fake Σ generator_terms: minimax
  // log(1 − D(G(z))) = −softplus(z) (minimised), non_saturating log D(G(z)) = −softplus(−z),
  // wasserstein f(G(z)) = z (both maximised).
  Eigen::VectorXd generator_terms;
  double generator_objective = 0.0;
  // ∂G/∂z_fake: −s σ(z), s σ(−z), s.
  Eigen::VectorXd grad_generator;
};

// The network form's extra results.
struct GanNetworkResult {
  ForwardCache<double> real_forward, fake_forward;  // activations of every layer, per set
  // ∂L/∂θ per layer: the backward pass of grad_real through the real batch plus that of
  // grad_fake through the fake batch. grad_params.input is empty.
  NetworkGradients<double> grad_params;
  RowMatrix<double> grad_fake_inputs;  // ∂G/∂(fake sample), n × d: what the generator receives
  RowMatrix<double> objective_grad_fake;  // ∂L/∂(fake sample), n × d, for comparison
};

struct GanResult {
  GanLogitsResult logits;
  std::optional<GanNetworkResult> network;
  // Central differences of L (over the logits, or over every network parameter) combined with
  // those of G (over the fake logits, or over the fake samples).
  GradientCheck gradient_check;
};

// The objectives alone, for finite differences: L(z_real, z_fake) and G(z_fake).
double gan_objective(GanLoss loss, Reduction reduction, const Eigen::VectorXd& real_logits,
                     const Eigen::VectorXd& fake_logits);
double gan_generator_objective(GanLoss loss, Reduction reduction,
                               const Eigen::VectorXd& fake_logits);

// Objectives and ∂/∂z for given logits (m, n ≥ 1).
GanLogitsResult gan_from_logits(GanLoss loss, Reduction reduction,
                                const Eigen::VectorXd& real_logits,
                                const Eigen::VectorXd& fake_logits);

// Solves the problem and runs the gradient check. Shapes must agree (the reader checks them):
// the network is consistent, has one output, and its input size is the samples' width.
GanResult solve_gan(const GanProblem& problem, const GradientCheckOptions& options = {});

}  // namespace hw4::core
