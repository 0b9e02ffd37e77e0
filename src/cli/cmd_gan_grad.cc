// `hw4 gan-grad`: discriminator / critic objectives and gradients (SPEC section gan-grad).
#include "cli/command.h"
#include "cli/read_gan.h"
#include "hw4/derive/gan_grad.h"

namespace hw4::cli {

Command gan_grad_command() {
  return {"gan-grad",
          "GAN discriminator and generator gradients, derived and checked",
          {{"grad",
            "objective, gradients with respect to the logits, the parameters and the generated "
            "samples, checked against finite differences",
            "  echo '{\"real_logits\": [1.5, -0.5], \"fake_logits\": [-1, 0.25]}' | hw4 gan-grad\n",
            [](const input::JsonReader& in, const Context&) -> Task {
              return [problem = read_gan(in)] { return derive::gan_grad(problem); };
            },
            {}}}};
}

}  // namespace hw4::cli
