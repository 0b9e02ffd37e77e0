// `hw4 skipgram`: skip-gram pairs, gradients, training and queries (SPEC section skipgram).
#include "cli/command.h"
#include "cli/skipgram_modes.h"

namespace hw4::cli {

Command skipgram_command() {
  return {"skipgram",
          "skip-gram training pairs, gradients, training on a corpus, and queries",
          {
              skipgram_pairs_mode(),
              skipgram_grad_mode(),
              skipgram_train_mode(),
              skipgram_similar_mode(),
          }};
}

}  // namespace hw4::cli
