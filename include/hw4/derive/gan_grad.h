// `gan-grad grad`: the GAN discriminator's objective and gradients, derived step by step.
#pragma once

#include "hw4/core/gan.h"
#include "hw4/report/report.h"

namespace hw4::derive {

// Solves the problem (core::solve_gan) and writes the SPEC result (objective, grad_logits,
// generator_objective, grad_generator_logits, with a network grad_params and grad_fake_inputs,
// and gradient_check) with the worked derivation: the objective in its stable form, the chain
// rule through σ, the per-sample terms, the seed's compact sum, the generator's side, and
// backpropagation through the network. A failed gradient check makes the answer negative.
report::Answer gan_grad(const core::GanProblem& problem);

}  // namespace hw4::derive
