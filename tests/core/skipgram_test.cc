// Tokens and skip-gram pairs against hand-counted cases and a brute-force count.
#include "hw4/core/skipgram.h"

#include <gtest/gtest.h>

#include <random>

namespace hw4::core {
namespace {

TEST(Skipgram, TokenizeSplitsOnSpaceAndEndsSentencesAtLineBreaks) {
  const auto s = tokenize("The  cat\tsat\n\nOn THE mat \r\n", true);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], (std::vector<std::string>{"the", "cat", "sat"}));
  EXPECT_EQ(s[1], (std::vector<std::string>{"on", "the", "mat"}));
  EXPECT_EQ(tokenize("A b", false)[0][0], "A");
  EXPECT_TRUE(tokenize(" \n \n", true).empty());
}

TEST(Skipgram, PairsOfAShortSentence) {
  const auto p = skipgram_pairs({{"a", "b", "c"}}, 1);
  EXPECT_EQ(p.vocabulary, (std::vector<std::string>{"a", "b", "c"}));
  const std::vector<std::pair<std::size_t, std::size_t>> want = {{0, 1}, {1, 0}, {1, 2}, {2, 1}};
  EXPECT_EQ(p.pairs, want);
}

TEST(Skipgram, NoWindowCrossesASentence) {
  const auto p = skipgram_pairs({{"a"}, {"b"}}, 5);
  EXPECT_TRUE(p.pairs.empty());
}

TEST(Skipgram, CountMatchesBruteForce) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<std::vector<std::string>> sentences(1 + rng() % 4);
    std::vector<std::size_t> lengths;
    for (auto& s : sentences) {
      s.resize(1 + rng() % 9, "w");
      lengths.push_back(s.size());
    }
    const std::size_t window = 1 + rng() % 5;
    std::size_t brute = 0;
    for (std::size_t n : lengths) {
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
          if (i != j && (i > j ? i - j : j - i) <= window) ++brute;
        }
      }
    }
    EXPECT_EQ(count_skipgram_pairs(lengths, window), brute);
    EXPECT_EQ(skipgram_pairs(sentences, window).pairs.size(), brute);
  }
}

}  // namespace
}  // namespace hw4::core
