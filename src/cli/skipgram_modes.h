// The modes of `hw4 skipgram`, one file each.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"

namespace hw4::cli {

Mode skipgram_pairs_mode();
Mode skipgram_grad_mode();
Mode skipgram_train_mode();
Mode skipgram_similar_mode();

// Query words: a JSON list of strings, or one string of words separated by commas or spaces
// (the form --query takes).
std::vector<std::string> read_query_words(const input::JsonReader& in);

}  // namespace hw4::cli
