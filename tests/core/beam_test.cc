// Tests of greedy, beam and exact decoding against hand-worked cases and a brute-force oracle.
#include "hw4/core/beam.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "hw4/error.h"

namespace hw4::core {
namespace {

constexpr double kTol = 1e-12;

using Names = std::vector<std::string>;

BigramModel model_of(const std::vector<BigramRow>& rows) {
  return build_bigram_model("<s>", "</s>", rows);
}

Names names_of(const BigramModel& m, const std::vector<int>& tokens) {
  Names out;
  for (int t : tokens) out.push_back(m.names[static_cast<std::size_t>(t)]);
  return out;
}

// Seed 4.4 style: greedy takes "the" (0.5) and is locked out of "a dog" (0.4 * 0.9 = 0.36).
BigramModel b01() {
  return model_of({{"<s>", {{"the", 0.5}, {"a", 0.4}, {"one", 0.1}}},
                   {"the", {{"cat", 0.4}, {"dog", 0.3}, {"bird", 0.3}}},
                   {"a", {{"dog", 0.9}, {"cat", 0.1}}},
                   {"one", {{"cat", 0.5}, {"bird", 0.5}}},
                   {"cat", {{"</s>", 1.0}}},
                   {"dog", {{"</s>", 1.0}}},
                   {"bird", {{"</s>", 1.0}}}});
}

TEST(BeamDecode, GreedyMissesWhatBeamTwoFinds) {
  const BigramModel m = b01();
  const DecodeResult r = decode(m, {2, 10});
  EXPECT_EQ(names_of(m, r.greedy.tokens), (Names{"the", "cat"}));
  EXPECT_NEAR(r.greedy.log_prob, std::log(0.2), kTol);
  EXPECT_TRUE(r.greedy.ended);
  EXPECT_EQ(names_of(m, r.beam.best.tokens), (Names{"a", "dog"}));
  EXPECT_NEAR(r.beam.best.log_prob, std::log(0.36), kTol);
  EXPECT_EQ(names_of(m, r.exact.tokens), (Names{"a", "dog"}));
  EXPECT_NEAR(r.exact.log_prob, std::log(0.36), kTol);
  EXPECT_EQ(r.complete_paths, 7);
  // Greedy parts from the optimum at its first token; "the" leaves at best 0.5 * 0.4.
  EXPECT_EQ(r.greedy_divergence, 0);
  ASSERT_TRUE(r.has_greedy_locked);
  EXPECT_EQ(names_of(m, r.greedy_locked.tokens), (Names{"the", "cat"}));
  EXPECT_EQ(r.exact_pruned_at_step, 0);
}

TEST(BeamDecode, StepsKeepTheBestCandidates) {
  const BigramModel m = b01();
  const BeamResult r = beam_decode(m, {2, 10});
  ASSERT_EQ(r.steps.size(), 3u);  // the reference's _extra.beam_steps
  EXPECT_EQ(names_of(m, r.steps[0].kept[0].tokens), (Names{"the"}));
  EXPECT_EQ(names_of(m, r.steps[0].kept[1].tokens), (Names{"a"}));
  EXPECT_EQ(r.steps[0].candidates, 3u);
  EXPECT_EQ(names_of(m, r.steps[0].first_pruned.tokens), (Names{"one"}));
  EXPECT_EQ(names_of(m, r.steps[1].kept[0].tokens), (Names{"a", "dog"}));
  EXPECT_NEAR(r.steps[1].kept[0].log_prob, std::log(0.36), kTol);
  EXPECT_EQ(names_of(m, r.steps[1].kept[1].tokens), (Names{"the", "cat"}));
  EXPECT_EQ(r.steps[1].candidates, 5u);
  EXPECT_TRUE(r.steps[2].kept[0].ended);
  EXPECT_TRUE(r.steps[2].kept[1].ended);
  EXPECT_EQ(r.stop, BeamStop::kAllEnded);
  ASSERT_EQ(r.finished.size(), 2u);
}

TEST(BeamDecode, WidthOneIsGreedy) {
  const BigramModel m = b01();
  const BeamResult r = beam_decode(m, {1, 10});
  EXPECT_EQ(names_of(m, r.best.tokens), (Names{"the", "cat"}));
}

TEST(BeamDecode, TiesGoToTheLexicographicallySmallerList) {
  const BigramModel m = model_of({{"<s>", {{"b", 0.5}, {"a", 0.5}}},
                                  {"a", {{"</s>", 1.0}}},
                                  {"b", {{"</s>", 1.0}}}});
  const DecodeResult r = decode(m, {1, 5});
  EXPECT_EQ(names_of(m, r.greedy.tokens), (Names{"a"}));
  EXPECT_EQ(names_of(m, r.beam.best.tokens), (Names{"a"}));
  EXPECT_EQ(names_of(m, r.exact.tokens), (Names{"a"}));
}

TEST(BeamDecode, AnEndedListBeatsItsExtensionsOnATie) {
  // <s> -> x (1); x -> </s> 0.5 or y 0.5; y -> </s> 1: "x" and "x y" both score ln 0.5.
  const BigramModel m = model_of({{"<s>", {{"x", 1.0}}},
                                  {"x", {{"</s>", 0.5}, {"y", 0.5}}},
                                  {"y", {{"</s>", 1.0}}}});
  const DecodeResult r = decode(m, {3, 5});
  EXPECT_EQ(names_of(m, r.greedy.tokens), (Names{"x"}));
  EXPECT_EQ(names_of(m, r.beam.best.tokens), (Names{"x"}));
  EXPECT_EQ(names_of(m, r.exact.tokens), (Names{"x"}));
}

TEST(BeamDecode, ZeroProbabilitiesAreNoTransitions) {
  const BigramModel m = model_of({{"<s>", {{"a", 1.0}, {"z", 0.0}}}, {"a", {{"</s>", 1.0}}}});
  EXPECT_EQ(m.transitions, 2u);
  EXPECT_EQ(count_complete_paths(m, 3), 1);
}

TEST(BeamDecode, MaxLengthCountsTokensWithoutStartAndEnd) {
  // A loop: a -> a 0.9, a -> </s> 0.1. Greedy keeps taking "a" and runs out of length.
  const BigramModel m = model_of({{"<s>", {{"a", 1.0}}}, {"a", {{"a", 0.9}, {"</s>", 0.1}}}});
  const Hypothesis g = greedy_decode(m, 3);
  EXPECT_FALSE(g.ended);
  EXPECT_EQ(g.tokens.size(), 3u);
  EXPECT_NEAR(g.log_prob, 2 * std::log(0.9), kTol);
  // Beam search may only end once it holds max_length tokens.
  const BeamResult b = beam_decode(m, {1, 3});
  EXPECT_TRUE(b.best.ended);
  EXPECT_EQ(b.best.tokens.size(), 3u);
  EXPECT_NEAR(b.best.log_prob, 2 * std::log(0.9) + std::log(0.1), kTol);
  // The best is the shortest: ln 0.1 after one token.
  const Hypothesis e = exact_decode(m, 3);
  EXPECT_EQ(e.tokens.size(), 1u);
  EXPECT_EQ(count_complete_paths(m, 3), 3);
}

TEST(BeamDecode, UnreachableEndIsAMathError) {
  const BigramModel m = model_of({{"<s>", {{"a", 1.0}}}, {"a", {{"b", 1.0}}}, {"b", {{"</s>", 1.0}}}});
  EXPECT_THROW(exact_decode(m, 1), Error);
  EXPECT_NO_THROW(exact_decode(m, 2));
  const BeamResult b = beam_decode(m, {2, 1});
  EXPECT_FALSE(b.best.ended);
  EXPECT_EQ(b.stop, BeamStop::kLengthLimit);
}

TEST(BeamDecode, ShortestCompleteLengthCountsTokensBeforeTheEnd) {
  EXPECT_EQ(shortest_complete_length(b01()), 2);
  const BigramModel loop = model_of({{"<s>", {{"a", 1.0}}}, {"a", {{"a", 1.0}}}});
  EXPECT_EQ(shortest_complete_length(loop), -1);
  const BigramModel direct = model_of({{"<s>", {{"</s>", 1.0}}}});
  EXPECT_EQ(shortest_complete_length(direct), 0);
}

TEST(BeamDecode, ExactWithAPrefixStaysOnIt) {
  const BigramModel m = b01();
  const int the = static_cast<int>(std::find(m.names.begin(), m.names.end(), "the") - m.names.begin());
  const Hypothesis h = exact_decode(m, 10, {the});
  EXPECT_EQ(names_of(m, h.tokens), (Names{"the", "cat"}));
  EXPECT_NEAR(h.log_prob, std::log(0.2), kTol);
}

// ---- Random models against a brute-force oracle written independently of the library. ----

struct RandomModel {
  std::vector<BigramRow> rows;
  int vocab = 0;  // tokens other than start and end
};

// Rows with small integer weights, so equal probabilities (ties) are common.
RandomModel random_model(std::mt19937& rng) {
  RandomModel out;
  out.vocab = std::uniform_int_distribution<int>(1, 4)(rng);
  std::vector<std::string> from{"<s>"}, to{"</s>"};
  for (int i = 0; i < out.vocab; ++i) {
    from.push_back("t" + std::to_string(i));
    to.push_back("t" + std::to_string(i));
  }
  std::uniform_int_distribution<int> weight(0, 3);
  for (const std::string& f : from) {
    BigramRow row{f, {}};
    double sum = 0;
    for (const std::string& t : to) {
      const int w = weight(rng);
      row.next.push_back({t, w});
      sum += w;
    }
    if (sum == 0) {
      row.next[1].second = 1;  // keep each row a distribution
      sum = 1;
    }
    for (auto& [t, p] : row.next) p /= sum;
    out.rows.push_back(row);
  }
  return out;
}

struct Path {
  Names tokens;
  double log_prob;
};

// Every complete path, scored as a forward sum of logs.
void brute_force(const std::vector<BigramRow>& rows, const std::string& prev, int max_length,
                 Path& cur, std::vector<Path>& out) {
  for (const BigramRow& row : rows) {
    if (row.from != prev) continue;
    for (const auto& [t, p] : row.next) {
      if (p <= 0) continue;
      const double lp = cur.log_prob + std::log(p);
      if (t == "</s>") {
        out.push_back({cur.tokens, lp});
      } else if (static_cast<int>(cur.tokens.size()) < max_length) {
        Path next{cur.tokens, lp};
        next.tokens.push_back(t);
        brute_force(rows, t, max_length, next, out);
      }
    }
  }
}

bool path_better(const Path& a, const Path& b) {
  if (a.log_prob != b.log_prob) return a.log_prob > b.log_prob;
  return a.tokens < b.tokens;
}

TEST(BeamDecodeProperty, ExactMatchesBruteForceOnRandomModels) {
  std::mt19937 rng(20261126);
  for (int trial = 0; trial < 300; ++trial) {
    const RandomModel rm = random_model(rng);
    const int max_length = std::uniform_int_distribution<int>(1, 5)(rng);
    const BigramModel m = model_of(rm.rows);
    std::vector<Path> all;
    Path root{{}, 0.0};
    brute_force(rm.rows, "<s>", max_length, root, all);
    ASSERT_EQ(count_complete_paths(m, max_length), static_cast<double>(all.size()));
    if (all.empty()) {
      EXPECT_THROW(exact_decode(m, max_length), Error);
      continue;
    }
    const Path best = *std::min_element(all.begin(), all.end(), path_better);
    const Hypothesis e = exact_decode(m, max_length);
    ASSERT_EQ(names_of(m, e.tokens), best.tokens) << "trial " << trial;
    ASSERT_EQ(e.log_prob, best.log_prob);
    // The enumerator agrees path for path.
    const std::vector<Hypothesis> listed = enumerate_complete_paths(m, max_length, all.size());
    ASSERT_EQ(listed.size(), all.size());
    EXPECT_EQ(names_of(m, listed.front().tokens), best.tokens);
  }
}

// Beam search is exhaustive once the width holds every hypothesis of every length: then it
// returns exactly the brute-force optimum, ties included.
TEST(BeamDecodeProperty, BeamAsWideAsAllHypothesesIsExact) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    const RandomModel rm = random_model(rng);
    const int max_length = std::uniform_int_distribution<int>(1, 4)(rng);
    const BigramModel m = model_of(rm.rows);
    if (count_complete_paths(m, max_length) == 0) continue;
    int width = 1;
    for (int i = 0; i <= max_length; ++i) width *= rm.vocab + 1;
    const Hypothesis e = exact_decode(m, max_length);
    const BeamResult b = beam_decode(m, {width, max_length});
    ASSERT_EQ(b.best.tokens, e.tokens) << "trial " << trial;
    ASSERT_EQ(b.best.log_prob, e.log_prob);
  }
}

// With one token of length the hypotheses per step never outnumber the vocabulary, so a beam
// as wide as the vocabulary (end included) is exact.
TEST(BeamDecodeProperty, BeamAsWideAsTheVocabularyIsExactForOneToken) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 300; ++trial) {
    const RandomModel rm = random_model(rng);
    const BigramModel m = model_of(rm.rows);
    if (count_complete_paths(m, 1) == 0) continue;
    const Hypothesis e = exact_decode(m, 1);
    const BeamResult b = beam_decode(m, {rm.vocab + 1, 1});
    ASSERT_EQ(b.best.tokens, e.tokens) << "trial " << trial;
  }
}

// A model where candidates ending in the same token fill a beam as wide as the vocabulary and
// push out the optimum's prefix (found by a random search; kept as a fixed case).
BigramModel vocabulary_wide_miss() {
  return model_of(
      {{"<s>", {{"t0", 0.021858216803802486}, {"t1", 0.6444430714794388}, {"t2", 0.3336987117167587}}},
       {"t0", {{"t0", 0.3946951837933656}, {"t1", 0.00109047728469428},
               {"t2", 0.2306136346234265}, {"</s>", 0.3736007042985136}}},
       {"t1", {{"t0", 0.10862143939679045}, {"t1", 0.4488357518144725},
               {"t2", 0.42801799796212875}, {"</s>", 0.014524810826608078}}},
       {"t2", {{"t0", 0.01348331007676977}, {"t1", 0.2868848592697016},
               {"t2", 0.497638471472258}, {"</s>", 0.2019933591812707}}}});
}

// ... but not beyond: a vocabulary-wide beam can miss the optimum.
TEST(BeamDecodeProperty, BeamAsWideAsTheVocabularyCanMissTheOptimum) {
  const BigramModel m = vocabulary_wide_miss();
  const DecodeResult r = decode(m, {4, 4});  // 3 tokens + end
  EXPECT_EQ(names_of(m, r.exact.tokens), (Names{"t2"}));
  EXPECT_NE(r.beam.best.tokens, r.exact.tokens);
  EXPECT_LT(r.beam.best.log_prob, r.exact.log_prob);
  EXPECT_EQ(r.exact_pruned_at_step, 2);  // "t2 </s>" ranked below four two-token prefixes
}

// With recombination (one hypothesis per last token) a beam as wide as the vocabulary, end
// included, keeps every state of the dynamic programme: it equals exact decoding, ties included.
TEST(BeamDecodeProperty, RecombinedBeamAsWideAsTheVocabularyIsExact) {
  std::mt19937 rng(13);
  for (int trial = 0; trial < 400; ++trial) {
    const RandomModel rm = random_model(rng);
    const int max_length = std::uniform_int_distribution<int>(1, 6)(rng);
    const BigramModel m = model_of(rm.rows);
    if (count_complete_paths(m, max_length) == 0) continue;
    const Hypothesis e = exact_decode(m, max_length);
    const BeamResult b = beam_decode(m, {rm.vocab + 1, max_length, true});
    ASSERT_EQ(b.best.tokens, e.tokens) << "trial " << trial;
    ASSERT_EQ(b.best.log_prob, e.log_prob);
  }
}

TEST(BeamDecodeProperty, RecombinationFixesTheVocabularyWideMiss) {
  const BigramModel m = vocabulary_wide_miss();
  const BeamResult b = beam_decode(m, {4, 4, true});
  EXPECT_EQ(names_of(m, b.best.tokens), (Names{"t2"}));
}

TEST(BeamDecodeProperty, WidthOneMatchesGreedyWhenGreedyEnds) {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 300; ++trial) {
    const RandomModel rm = random_model(rng);
    const BigramModel m = model_of(rm.rows);
    const Hypothesis g = greedy_decode(m, 6);
    if (!g.ended) continue;
    const BeamResult b = beam_decode(m, {1, 6});
    ASSERT_EQ(b.best.tokens, g.tokens) << "trial " << trial;
    ASSERT_EQ(b.best.log_prob, g.log_prob);
  }
}

TEST(BeamDecodeProperty, BeamNeverBeatsExact) {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 200; ++trial) {
    const RandomModel rm = random_model(rng);
    const BigramModel m = model_of(rm.rows);
    const int max_length = 4;
    if (count_complete_paths(m, max_length) == 0) continue;
    const Hypothesis e = exact_decode(m, max_length);
    for (int width = 1; width <= 6; ++width) {
      const BeamResult b = beam_decode(m, {width, max_length});
      if (b.best.ended) {
        ASSERT_LE(b.best.log_prob, e.log_prob);
      }
    }
  }
}

}  // namespace
}  // namespace hw4::core
