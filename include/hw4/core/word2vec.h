// word2vec: skip-gram with negative sampling trained on a text corpus (Mikolov et al. 2013, as
// word2vec.c and gensim implement it), the word2vec vector file formats, nearest neighbours,
// 3CosAdd analogies and analogy accuracy as gensim's evaluate_word_analogies.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hw4::core {

// Training settings; the defaults are word2vec.c's and gensim's.
struct Word2VecOptions {
  int dim = 100;          // vector length N
  int window = 5;         // largest distance between centre and context; each centre draws 1..window
  int negative = 5;       // noise words per (centre, context) pair, drawn from unigram^0.75
  double sample = 1e-3;   // subsampling threshold s; 0 keeps every word
  int min_count = 5;      // words seen fewer times are dropped before training
  int epochs = 5;
  double alpha = 0.025;   // learning rate, decayed linearly to min_alpha over all epochs
  double min_alpha = 0.0001;
  int threads = 1;
  std::uint64_t seed = 1;
  bool lowercase = true;
};

// Lines longer than this many tokens are cut into sentences of this length (as gensim's
// MAX_WORDS_IN_BATCH), so no sentence buffer grows with the corpus.
inline constexpr std::int64_t kWord2VecMaxSentence = 10'000;

// What one epoch did. `loss` is the mean over the epoch's (centre, context) updates of
// -log sigma(u_o.h) - sum_n log sigma(-u_n.h), evaluated before each update.
struct Word2VecEpoch {
  int epoch = 0;                 // 1-based
  double loss = 0;
  std::int64_t words = 0;        // vocabulary words read (before subsampling)
  std::int64_t kept_words = 0;   // words left after subsampling: the centres trained
  std::int64_t pairs = 0;        // (centre, context) updates
  double alpha_end = 0;          // learning rate at the end of the epoch
};

// Word vectors: words.size() rows of `dim` floats, row-major. `counts` holds corpus counts
// when the vectors come from training (empty when read from a file).
struct WordVectors {
  std::vector<std::string> words;
  std::vector<std::int64_t> counts;
  int dim = 0;
  std::vector<float> values;

  std::size_t size() const { return words.size(); }
  std::span<const float> row(std::size_t i) const {
    return {values.data() + i * static_cast<std::size_t>(dim), static_cast<std::size_t>(dim)};
  }
};

struct Word2VecResult {
  WordVectors vectors;                 // input vectors (word2vec's syn0), most frequent first
  std::int64_t corpus_words = 0;       // tokens in the corpus
  std::int64_t vocabulary_words = 0;   // tokens that are vocabulary words (read once per epoch)
  std::int64_t distinct_words = 0;     // distinct tokens before min_count
  std::vector<Word2VecEpoch> epochs;
  double seconds = 0;                  // wall time of vocabulary building and training
  bool interrupted = false;            // `cancel` was set: the vectors are partly trained
};

// Hooks into a running training. `progress` is called on the calling thread about ten times a
// second with the fraction done (0..1); when `cancel` becomes true, training stops at the next
// chunk of about 10,000 words and the result says `interrupted`.
struct Word2VecHooks {
  std::function<void(double fraction)> progress;
  const std::atomic<bool>* cancel = nullptr;
};

// Splits `text` into tokens exactly as training does (runs of non-space bytes, ASCII letters
// lowercased when `lowercase`; '\n' ends a sentence) and calls on_token(token, sentence_end)
// where sentence_end is true for the last token before a line break or the end.
void for_each_word2vec_token(std::string_view text, bool lowercase,
                             const std::function<void(std::string_view, bool)>& on_token);

// Trains skip-gram with negative sampling on `corpus` (one sentence per line). Vocabulary words
// are those seen at least min_count times, ordered by descending count (ties in order of first
// appearance). Each epoch reads every vocabulary word once, keeps word w with probability
// sqrt(s/f_w) + s/f_w (f_w its share of vocabulary words), and for each kept centre draws a
// window 1..window and, for each context word in it, moves the context's input vector and the
// output vectors of the centre and `negative` noise words. Threads take chunks of about 10,000
// tokens in turn, with no barrier between epochs; each trains its own copy of the frequent
// words' rows and adds its changes to the shared ones every 2,000 tokens (the 256 most frequent
// words) or 20,000 (the rest), and shares the rare words' rows without locks (Hogwild). The
// random stream is seeded per (seed, epoch, chunk), so one thread (which trains the shared rows
// directly) gives identical vectors on every run.
// Throws Error(kMath) when the corpus has no word or no word occurs min_count times.
Word2VecResult train_word2vec(std::string_view corpus, const Word2VecOptions& options,
                              const Word2VecHooks& hooks = {});

// The word2vec formats: a header line "<count> <dim>", then per word either the word and `dim`
// numbers separated by spaces (text; shortest round-trip decimals) or the word, a space and
// `dim` little-endian float32 values followed by '\n' (binary), as word2vec.c writes them.
std::string format_word2vec_text(const WordVectors& vectors);
std::string format_word2vec_binary(const WordVectors& vectors);

// Reads either format (text is tried first, then binary). Throws Error(kMath) with a short
// phrase ("line 3: expected 100 numbers, got 99") when `data` is neither; counts over
// `max_words` words or a dim over `max_dim` are errors before anything is allocated.
WordVectors parse_word2vec(std::string_view data, std::size_t max_words = 10'000'000,
                           int max_dim = 10'000);

struct Neighbor {
  std::string word;
  double similarity = 0;  // cosine
};

// Index of `word` in vectors.words, or -1.
std::int64_t find_word(const WordVectors& vectors, std::string_view word);

// Cosine similarities to every word (a zero vector has similarity 0 to everything).
std::vector<double> cosine_similarities(const WordVectors& vectors, std::span<const float> query);

// The `topn` words most similar by cosine to word `index`, the word itself excluded.
std::vector<Neighbor> nearest_neighbors(const WordVectors& vectors, std::size_t index, int topn);

// 3CosAdd (Mikolov et al. 2013, as gensim's most_similar(positive=[b, c], negative=[a])):
// the `topn` words maximising cos(x, b^ - a^ + c^) over unit vectors, a, b and c excluded.
std::vector<Neighbor> analogy(const WordVectors& vectors, std::size_t a, std::size_t b,
                              std::size_t c, int topn);

// The neighbours of each query word. A word is looked up as written, then ASCII-lowercased;
// `index` is -1 (and `neighbors` empty) when it is in neither form.
struct NeighborQuery {
  std::string word;
  std::int64_t index = -1;
  std::vector<Neighbor> neighbors;
};
std::vector<NeighborQuery> query_neighbors(const WordVectors& vectors,
                                           const std::vector<std::string>& words, int topn);

// Analogies "a is to b as ? is to c": the words nearest to a - b + c (3CosAdd), so
// {king, man, woman} asks for the word that is to woman what king is to man. `indices` are -1
// for unknown words, and then `answers` is empty.
struct AnalogyQuery {
  std::array<std::string, 3> words;
  std::array<std::int64_t, 3> indices{-1, -1, -1};
  std::vector<Neighbor> answers;
};
std::vector<AnalogyQuery> query_analogies(const WordVectors& vectors,
                                          const std::vector<std::array<std::string, 3>>& queries,
                                          int topn);

// find_word, then the ASCII-lowercased word; -1 when neither is known.
std::int64_t lookup_word(const WordVectors& vectors, std::string_view word);

struct AnalogySection {
  std::string name;
  std::int64_t correct = 0;
  std::int64_t incorrect = 0;
};

struct AnalogyEvaluation {
  std::vector<AnalogySection> sections;
  std::int64_t correct = 0;
  std::int64_t incorrect = 0;
  std::int64_t skipped = 0;   // questions with a word outside the searched vocabulary
  double accuracy = 0;        // correct / (correct + incorrect); 0 when nothing was asked
};

// Accuracy on a questions file in the format of word2vec's questions-words.txt (": section"
// lines, then "a b c d" meaning a:b :: c:d), with gensim's evaluate_word_analogies rules: only
// the `restrict_vocab` most frequent words are searched and known, words compare
// case-insensitively (ASCII), a question with an unknown word is skipped, and the answer is the
// 3CosAdd top word other than a, b and c. Lines that are not four words are ignored.
// Throws Error(kMath) when a question comes before any section line.
AnalogyEvaluation evaluate_analogies(const WordVectors& vectors, std::string_view questions,
                                     std::size_t restrict_vocab = 300'000);

}  // namespace hw4::core
