// Tokens and skip-gram pairs (word2vec's training examples before subsampling).
#include "hw4/core/skipgram.h"

#include <algorithm>
#include <unordered_map>

namespace hw4::core {

std::vector<std::vector<std::string>> tokenize(std::string_view text, bool lowercase) {
  std::vector<std::vector<std::string>> sentences(1);
  std::string token;
  auto end_token = [&] {
    if (!token.empty()) sentences.back().push_back(std::move(token));
    token.clear();
  };
  for (char c : text) {
    if (is_token_separator(c)) {
      end_token();
      if (c == '\n' && !sentences.back().empty()) sentences.emplace_back();
    } else {
      token += lowercase && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  end_token();
  if (sentences.back().empty()) sentences.pop_back();
  return sentences;
}

std::size_t count_skipgram_pairs(const std::vector<std::size_t>& sentence_lengths,
                                 std::size_t window) {
  std::size_t count = 0;
  for (std::size_t n : sentence_lengths) {
    for (std::size_t i = 0; i < n; ++i) count += skipgram_contexts(n, i, window);
  }
  return count;
}

SkipgramPairs skipgram_pairs(const std::vector<std::vector<std::string>>& sentences,
                             std::size_t window) {
  SkipgramPairs out;
  std::unordered_map<std::string, std::size_t> index;
  for (const auto& sentence : sentences) {
    std::vector<std::size_t> ids;
    for (const std::string& word : sentence) {
      const auto [it, added] = index.emplace(word, out.vocabulary.size());
      if (added) out.vocabulary.push_back(word);
      ids.push_back(it->second);
    }
    out.sentences.push_back(std::move(ids));
  }
  for (const auto& ids : out.sentences) {
    const std::size_t n = ids.size();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t from = i >= window ? i - window : 0;
      const std::size_t to = std::min(n - 1, i + window);
      for (std::size_t j = from; j <= to; ++j) {
        if (j != i) out.pairs.emplace_back(ids[i], ids[j]);
      }
    }
  }
  return out;
}

}  // namespace hw4::core
