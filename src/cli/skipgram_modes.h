// The modes of `hw4 skipgram`, one file each.
#pragma once

#include "cli/command.h"

namespace hw4::cli {

Mode skipgram_pairs_mode();
Mode skipgram_grad_mode();

}  // namespace hw4::cli
