// Tests of the word2vec trainer, formats, neighbours and analogy evaluation.
#include "hw4/core/word2vec.h"

#include <cmath>
#include <numeric>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "hw4/error.h"

namespace hw4::core {
namespace {

constexpr double kTol = 1e-9;

// `sentences` lines, each of `length` words drawn uniformly from `words` (seeded).
std::string random_corpus(const std::vector<std::string>& words, int sentences, int length,
                          unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
  std::string text;
  for (int s = 0; s < sentences; ++s) {
    for (int k = 0; k < length; ++k) {
      if (k > 0) text += ' ';
      text += words[pick(gen)];
    }
    text += '\n';
  }
  return text;
}

std::vector<std::string> numbered(const std::string& prefix, int n) {
  std::vector<std::string> words;
  for (int i = 0; i < n; ++i) words.push_back(prefix + std::to_string(i));
  return words;
}

double cosine(const WordVectors& v, std::size_t a, std::size_t b) {
  double ab = 0, aa = 0, bb = 0;
  for (int k = 0; k < v.dim; ++k) {
    ab += double{v.row(a)[static_cast<std::size_t>(k)]} * v.row(b)[static_cast<std::size_t>(k)];
    aa += double{v.row(a)[static_cast<std::size_t>(k)]} * v.row(a)[static_cast<std::size_t>(k)];
    bb += double{v.row(b)[static_cast<std::size_t>(k)]} * v.row(b)[static_cast<std::size_t>(k)];
  }
  return ab / std::sqrt(aa * bb);
}

TEST(Word2Vec, EveryEpochReadsEveryVocabularyWord) {
  // word2vec.c's master skips epochs in one thread; here each epoch must read the corpus once.
  const std::string text = random_corpus(numbered("w", 300), 400, 12, 1) + "rare Rare\n";
  for (int threads : {1, 2, 3}) {
    Word2VecOptions o;
    o.dim = 8;
    o.epochs = 4;
    o.threads = threads;
    o.min_count = 3;
    const Word2VecResult r = train_word2vec(text, o);
    EXPECT_EQ(r.corpus_words, 400 * 12 + 2);
    EXPECT_EQ(r.vocabulary_words, 400 * 12);  // "rare" occurs twice, below min_count
    ASSERT_EQ(r.epochs.size(), 4u);
    std::int64_t total = 0;
    for (const Word2VecEpoch& e : r.epochs) {
      EXPECT_EQ(e.words, r.vocabulary_words);
      total += e.words;
    }
    EXPECT_EQ(total, o.epochs * r.vocabulary_words);
  }
}

TEST(Word2Vec, OneThreadIsDeterministic) {
  const std::string text = random_corpus(numbered("w", 50), 300, 10, 2);
  Word2VecOptions o;
  o.dim = 16;
  o.min_count = 1;
  o.seed = 42;
  const Word2VecResult a = train_word2vec(text, o);
  const Word2VecResult b = train_word2vec(text, o);
  EXPECT_EQ(a.vectors.words, b.vectors.words);
  EXPECT_EQ(a.vectors.values, b.vectors.values);
  EXPECT_EQ(a.epochs.back().loss, b.epochs.back().loss);
  o.seed = 43;
  const Word2VecResult c = train_word2vec(text, o);
  EXPECT_NE(a.vectors.values, c.vectors.values);
}

TEST(Word2Vec, VocabularyIsByDescendingCountThenFirstAppearance) {
  Word2VecOptions o;
  o.dim = 4;
  o.min_count = 2;
  o.epochs = 1;
  const Word2VecResult r = train_word2vec("b a C c x\na b c c\nB\n", o);
  EXPECT_EQ(r.vectors.words, (std::vector<std::string>{"c", "b", "a"}));
  EXPECT_EQ(r.vectors.counts, (std::vector<std::int64_t>{4, 3, 2}));
  EXPECT_EQ(r.distinct_words, 4);
  o.lowercase = false;
  const Word2VecResult keep_case = train_word2vec("b a C c x\na b c c\nB\n", o);
  EXPECT_EQ(keep_case.vectors.words, (std::vector<std::string>{"c", "b", "a"}));
  EXPECT_EQ(keep_case.vectors.counts, (std::vector<std::int64_t>{3, 2, 2}));
}

TEST(Word2Vec, WindowsStopAtLineBreaks) {
  // With window 1 every centre has its neighbours on the same line only: lines of 3 and 2
  // words give 2*2 + 2*1 = 6 pairs per epoch (8 if the window crossed the break).
  Word2VecOptions o;
  o.dim = 4;
  o.window = 1;
  o.sample = 0;
  o.min_count = 1;
  o.epochs = 2;
  const Word2VecResult r = train_word2vec("a b c\r\nd e\n\n", o);
  for (const Word2VecEpoch& e : r.epochs) {
    EXPECT_EQ(e.pairs, 6);
    EXPECT_EQ(e.kept_words, 5);
  }
}

TEST(Word2Vec, LongLinesAreCutIntoSentences) {
  std::string line;
  for (int i = 0; i < 25'000; ++i) line += (i % 2 != 0 ? "x " : "y ");
  Word2VecOptions o;
  o.dim = 4;
  o.window = 1;
  o.sample = 0;
  o.min_count = 1;
  o.epochs = 1;
  const Word2VecResult r = train_word2vec(line, o);
  EXPECT_EQ(r.epochs[0].pairs, 2 * (10'000 - 1) * 2 + 2 * (5'000 - 1));
}

TEST(Word2Vec, SubsamplingKeepsTheExpectedShare) {
  // One very frequent word among many rare ones: keep probability sqrt(s/f) + s/f each.
  std::vector<std::string> words = numbered("r", 200);
  std::string text;
  std::mt19937 gen(5);
  for (int s = 0; s < 2000; ++s) {
    for (int k = 0; k < 20; ++k) text += (k % 2 == 0 ? "the " : words[gen() % 200] + " ");
    text += '\n';
  }
  Word2VecOptions o;
  o.dim = 4;
  o.min_count = 1;
  o.epochs = 3;
  o.sample = 1e-3;
  const Word2VecResult r = train_word2vec(text, o);
  double expected = 0;
  const double total = static_cast<double>(r.vocabulary_words);
  for (std::size_t i = 0; i < r.vectors.size(); ++i) {
    const double c = static_cast<double>(r.vectors.counts[i]);
    const double f = c / total;
    expected += c * std::min(1.0, std::sqrt(o.sample / f) + o.sample / f);
  }
  for (const Word2VecEpoch& e : r.epochs) {
    EXPECT_NEAR(static_cast<double>(e.kept_words), expected, 0.01 * expected);
  }
}

TEST(Word2Vec, LossIsTheMeanNegativeSamplingLoss) {
  // With a zero learning rate the output vectors stay zero, so every score is 0 and each pair
  // costs log 2 for the centre plus log 2 per noise word (a noise word equal to the centre, 1
  // in 400 here, is skipped as word2vec does). Every word occurs 10 times.
  std::string text;
  for (int s = 0; s < 400; ++s) {
    for (int k = 0; k < 10; ++k) text += "w" + std::to_string((s + 40 * k) % 400) + " ";
    text += '\n';
  }
  Word2VecOptions o;
  o.dim = 8;
  o.min_count = 1;
  o.alpha = 0;
  o.min_alpha = 0;
  o.epochs = 1;
  const Word2VecResult r = train_word2vec(text, o);
  const double expected = std::log(2.0) * (1 + o.negative * (1 - 1.0 / 400));
  EXPECT_NEAR(r.epochs[0].loss, expected, 2e-3);
}

// Options for the small topic corpora below: 16 dimensions, every word in the vocabulary.
Word2VecOptions topic_options(int epochs) {
  Word2VecOptions o;
  o.dim = 16;
  o.min_count = 1;
  o.epochs = epochs;
  return o;
}

// The n nearest neighbours of `word` are from its topic (the words' first letter).
void expect_topic_neighbours(const WordVectors& vectors, const std::string& word, int n) {
  for (const Neighbor& neighbour :
       nearest_neighbors(vectors, static_cast<std::size_t>(find_word(vectors, word)), n)) {
    EXPECT_EQ(neighbour.word[0], word[0]) << neighbour.word;
  }
}

TEST(Word2Vec, LearnsTwoTopics) {
  // Sentences use words from one of two disjoint groups: words of a group must end up closer
  // to each other than to the other group, and the loss must fall.
  const std::vector<std::string> a = numbered("a", 6), b = numbered("b", 6);
  std::string text = random_corpus(a, 600, 8, 11) + random_corpus(b, 600, 8, 12);
  Word2VecOptions o = topic_options(5);
  o.sample = 0;
  const Word2VecResult r = train_word2vec(text, o);
  double within = 0, across = 0;
  int n_within = 0, n_across = 0;
  for (std::size_t i = 0; i < r.vectors.size(); ++i) {
    for (std::size_t j = i + 1; j < r.vectors.size(); ++j) {
      const bool same = r.vectors.words[i][0] == r.vectors.words[j][0];
      (same ? within : across) += cosine(r.vectors, i, j);
      ++(same ? n_within : n_across);
    }
  }
  EXPECT_GT(within / n_within, across / n_across + 0.5);
  EXPECT_LT(r.epochs.back().loss, r.epochs.front().loss);
  expect_topic_neighbours(r.vectors, "a0", 5);
}

TEST(Word2Vec, ThreadsLearnAsMuchAsOneThread) {
  // With several threads each trains copies of the frequent rows and adds its changes to the
  // shared rows now and then (word2vec_rows_test.cc tests the arithmetic): after a few epochs
  // the loss must be about one thread's (a change counted twice blows it up) and the topics
  // apart. 80,000 tokens make 8 chunks, so the threads overlap within an epoch.
  const std::vector<std::string> a = numbered("a", 40), b = numbered("b", 40);
  std::string text;
  for (unsigned part = 0; part < 8; ++part) {
    text += random_corpus(a, 500, 10, 2 * part) + random_corpus(b, 500, 10, 2 * part + 1);
  }
  Word2VecOptions o = topic_options(3);
  o.threads = 1;
  const Word2VecResult one = train_word2vec(text, o);
  for (int threads : {2, 3}) {
    o.threads = threads;
    const Word2VecResult r = train_word2vec(text, o);
    EXPECT_NEAR(r.epochs.back().loss, one.epochs.back().loss, 0.05 * one.epochs.back().loss)
        << threads << " threads";
    expect_topic_neighbours(r.vectors, "b7", 10);
  }
}

TEST(Word2Vec, RejectsCorporaWithoutVocabulary) {
  Word2VecOptions o;
  EXPECT_THROW(train_word2vec(" \n\t\n", o), Error);
  try {
    train_word2vec("a b c\n", o);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "no word occurs at least 5 times (the most frequent occurs 1)");
  }
}

TEST(Word2Vec, TokensMatchTheTrainer) {
  std::vector<std::pair<std::string, bool>> tokens;
  for_each_word2vec_token("The cat\tSAT \r\n\n on", true,
                          [&](std::string_view t, bool end) { tokens.emplace_back(t, end); });
  EXPECT_EQ(tokens, (std::vector<std::pair<std::string, bool>>{
                        {"the", false}, {"cat", false}, {"sat", true}, {"on", true}}));
}

WordVectors hand_vectors() {
  WordVectors v;
  v.dim = 2;
  v.words = {"king", "queen", "man", "woman", "apple", "Zero"};
  v.values = {2, 2, 1, 3, 2, 0, 1, 1, -1, 0.5f, 0, 0};
  return v;
}

TEST(Word2VecFormats, TextAndBinaryRoundTrip) {
  WordVectors v = hand_vectors();
  v.values[0] = 0.1f;
  v.values[1] = -3.4028235e38f;
  for (const std::string& data : {format_word2vec_text(v), format_word2vec_binary(v)}) {
    const WordVectors back = parse_word2vec(data);
    EXPECT_EQ(back.words, v.words);
    EXPECT_EQ(back.dim, 2);
    EXPECT_EQ(back.values, v.values);
  }
  EXPECT_EQ(format_word2vec_text(hand_vectors()).substr(0, 16), "6 2\nking 2 2\nque");
}

TEST(Word2VecFormats, ReadsWord2VecCText) {
  // word2vec.c writes "%lf " after each value, so lines end in a space.
  const WordVectors v = parse_word2vec("2 3\nthe 0.100000 -0.200000 0.300000 \nof 1 2 3 \n");
  EXPECT_EQ(v.words, (std::vector<std::string>{"the", "of"}));
  EXPECT_FLOAT_EQ(v.values[1], -0.2f);
}

TEST(Word2VecFormats, Errors) {
  auto message = [](std::string_view data) {
    try {
      parse_word2vec(data);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("hello"), "line 1: expected a header \"<words> <dim>\"");
  EXPECT_EQ(message("2 x\n"), "line 1: expected a header \"<words> <dim>\" with two positive integers");
  EXPECT_EQ(message("1 2\na 1\n"), "line 2: expected a word and 2 numbers, got 1 numbers");
  EXPECT_EQ(message("2 1\na 1\n"), "expected 2 words, got 1");
  EXPECT_EQ(message("1 1\na x\n"), "line 2: expected a number, got \"x\"");
  EXPECT_EQ(message("1 1\na 1\nb 2\n"), "line 3: text after the 1 words the header announces");
  EXPECT_EQ(message("1 20000\na 1\n"), "line 1: dim 20000 is over the limit of 10000");
  EXPECT_EQ(message("900000 1\na 1\n"),
            "line 1: the header announces 900000 words, more than the file can hold");
}

TEST(Word2VecQueries, NearestAndAnalogyMatchBruteForce) {
  const WordVectors v = hand_vectors();
  const auto near = nearest_neighbors(v, 0, 3);  // king = (2, 2)
  ASSERT_EQ(near.size(), 3u);
  EXPECT_EQ(near[0].word, "woman");  // (1, 1): parallel
  EXPECT_NEAR(near[0].similarity, 1, 1e-6);
  EXPECT_EQ(near[1].word, "queen");  // cos((2,2),(1,3)) = 8 / (sqrt 8 sqrt 10)
  EXPECT_NEAR(near[1].similarity, 8 / std::sqrt(80.0), 1e-6);
  EXPECT_EQ(near[2].word, "man");
  // man : king :: woman : ?  target = king^ - man^ + woman^ = (1/sqrt2, 1/sqrt2) - (1, 0) +
  // (1/sqrt2, 1/sqrt2) = (sqrt2 - 1, sqrt2); queen (1, 3) is the closest of queen, apple, Zero.
  const auto best = analogy(v, 2, 0, 3, 2);
  EXPECT_EQ(best[0].word, "queen");
  const double tx = std::sqrt(2.0) - 1, ty = std::sqrt(2.0);
  EXPECT_NEAR(best[0].similarity, (tx + 3 * ty) / std::hypot(tx, ty) / std::sqrt(10.0), 1e-6);
  EXPECT_EQ(cosine_similarities(v, std::vector<float>{1, 0})[5], 0);  // zero vector
}

TEST(Word2VecQueries, EvaluationFollowsGensimRules) {
  const WordVectors v = hand_vectors();
  const std::string questions =
      ": gender\n"
      "man king woman queen\n"    // correct
      "MAN KING WOMAN QUEEN\n"    // case-insensitive: correct
      "man king woman apple\n"    // wrong
      "man king woman prince\n"   // unknown word: skipped
      "too few words\n"           // ignored
      ": other\n"
      "king queen man woman\n";   // king^ - ... : whatever it predicts, counted in "other"
  const AnalogyEvaluation e = evaluate_analogies(v, questions);
  ASSERT_EQ(e.sections.size(), 2u);
  EXPECT_EQ(e.sections[0].name, "gender");
  EXPECT_EQ(e.sections[0].correct, 2);
  EXPECT_EQ(e.sections[0].incorrect, 1);
  EXPECT_EQ(e.sections[1].correct + e.sections[1].incorrect, 1);
  EXPECT_EQ(e.skipped, 1);
  EXPECT_NEAR(e.accuracy,
              static_cast<double>(e.correct) / static_cast<double>(e.correct + e.incorrect), kTol);
  // restrict_vocab = 2 leaves only king and queen: every question is skipped.
  EXPECT_EQ(evaluate_analogies(v, questions, 2).skipped, 5);
  EXPECT_THROW(evaluate_analogies(v, "man king woman queen\n"), Error);
}

}  // namespace
}  // namespace hw4::core
