// Skip-gram basics shared by every skipgram mode: the token rule and the (center, context) pairs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hw4::core {

// Sentences of tokens. A token is a run of non-space characters (space, tab, CR, FF, VT
// separate tokens); a line feed also ends the sentence, and no window crosses it. With
// `lowercase`, ASCII letters are lowered (other bytes are kept as they are). Empty lines give
// no sentence.
std::vector<std::vector<std::string>> tokenize(std::string_view text, bool lowercase);

// True for the bytes that separate tokens (the line feed included).
constexpr bool is_token_separator(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n';
}

struct SkipgramPairs {
  std::vector<std::string> vocabulary;  // first-occurrence order
  // Per sentence, the token indices into `vocabulary`.
  std::vector<std::vector<std::size_t>> sentences;
  // (center, context) as vocabulary indices: positions in order, contexts left to right.
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
};

// The context words of position i of a sentence of n words: min(i, w) + min(n − 1 − i, w).
constexpr std::size_t skipgram_contexts(std::size_t n, std::size_t i, std::size_t window) {
  return (i < window ? i : window) + (n - 1 - i < window ? n - 1 - i : window);
}

// The number of pairs a window of `window` gives over sentences of these lengths: the sum of
// skipgram_contexts over every position. Cheap, so callers can check limits first.
std::size_t count_skipgram_pairs(const std::vector<std::size_t>& sentence_lengths,
                                 std::size_t window);

// Every (center, context) pair with |i − j| ≤ window, j ≠ i, within a sentence.
SkipgramPairs skipgram_pairs(const std::vector<std::vector<std::string>>& sentences,
                             std::size_t window);

}  // namespace hw4::core
