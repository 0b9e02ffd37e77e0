// word2vec training and queries -> the `skipgram train` and `skipgram similar` answers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hw4/core/word2vec.h"
#include "hw4/report/report.h"

namespace hw4::derive {

// Where the trained vectors went; `path` is empty when none were written.
struct Word2VecOutput {
  std::string path;
  std::string format;  // "text" or "binary"
};

// The answer of `skipgram train`: result fields vocabulary_size, corpus_words, seconds,
// words_per_second, epochs [{epoch, loss, ...}], neighbors [{word, neighbors}] (SPEC), and a
// derivation showing the vocabulary, the subsampling and noise distributions, the objective,
// the learning-rate schedule, the loss per epoch and the neighbours.
report::Answer word2vec_train(const core::Word2VecOptions& options,
                              const core::Word2VecResult& result,
                              const std::vector<core::NeighborQuery>& neighbors,
                              const Word2VecOutput& output);

// The answer of `skipgram similar`: neighbors, analogies and, when a questions file was given,
// evaluation {accuracy, correct, incorrect, skipped, sections}.
report::Answer word2vec_similar(const core::WordVectors& vectors, const std::string& vectors_name,
                                const std::vector<core::NeighborQuery>& neighbors,
                                const std::vector<core::AnalogyQuery>& analogies,
                                const std::optional<core::AnalogyEvaluation>& evaluation);

}  // namespace hw4::derive
