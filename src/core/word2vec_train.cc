// Skip-gram with negative sampling: tokenizer, vocabulary, noise table and the Hogwild trainer.
#include "hw4/core/word2vec.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "core/word2vec_rows.h"
#include "hw4/core/skipgram.h"
#include "hw4/error.h"

namespace hw4::core {
namespace {

using w2v::Vec;
using w2v::kLanes;
using w2v::kFloatsPerRow;
using w2v::Model;
using w2v::Replica;
using w2v::ReplicaShared;
using w2v::replicated_rows;

// The token rule of every skipgram mode (core/skipgram.h), as a table for the scanning loop.
constexpr std::array<bool, 256> make_space_table() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = is_token_separator(static_cast<char>(c));
  return t;
}
constexpr std::array<unsigned char, 256> make_lower_table() {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[static_cast<std::size_t>(c)] =
        static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return t;
}
constexpr std::array<bool, 256> kSpace = make_space_table();
constexpr std::array<unsigned char, 256> kLower = make_lower_table();

// Calls on_token(begin, end) for each token and on_line_end(at) at each '\n' (at points to it).
template <typename OnToken, typename OnLineEnd>
void scan(std::string_view text, OnToken&& on_token, OnLineEnd&& on_line_end) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    while (p < end && kSpace[*p]) {
      if (*p == '\n') on_line_end(p);
      ++p;
    }
    if (p == end) break;
    const unsigned char* start = p;
    while (p < end && !kSpace[*p]) ++p;
    on_token(start, p);
  }
}

// FNV-1a over the (lowercased) bytes.
inline std::uint64_t hash_token(const unsigned char* b, const unsigned char* e, bool lowercase) {
  std::uint64_t h = 14695981039346656037ULL;
  if (lowercase) {
    for (; b < e; ++b) h = (h ^ kLower[*b]) * 1099511628211ULL;
  } else {
    for (; b < e; ++b) h = (h ^ *b) * 1099511628211ULL;
  }
  return h;
}

// Open-addressing table from token bytes to a dense index; words are stored lowercased when
// the tokens are.
class WordTable {
 public:
  explicit WordTable(bool lowercase) : lowercase_(lowercase), slots_(1024, -1) {}

  std::size_t size() const { return entries_.size(); }
  std::string_view word(std::size_t i) const {
    return {bytes_.data() + entries_[i].offset, entries_[i].length};
  }

  // The token's index, or -1.
  std::int32_t find(const unsigned char* b, const unsigned char* e) const {
    const std::uint64_t h = hash_token(b, e, lowercase_);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = h & mask;; s = (s + 1) & mask) {
      const std::int32_t i = slots_[s];
      if (i < 0 || matches(entries_[static_cast<std::size_t>(i)], h, b, e)) return i;
    }
  }

  // The token's index, added when new.
  std::int32_t insert(const unsigned char* b, const unsigned char* e) {
    const std::uint64_t h = hash_token(b, e, lowercase_);
    std::size_t mask = slots_.size() - 1;
    std::size_t s = h & mask;
    for (;; s = (s + 1) & mask) {
      const std::int32_t i = slots_[s];
      if (i < 0) break;
      if (matches(entries_[static_cast<std::size_t>(i)], h, b, e)) return i;
    }
    const auto index = static_cast<std::int32_t>(entries_.size());
    const auto length = static_cast<std::size_t>(e - b);
    entries_.push_back({h, bytes_.size(), length});
    for (const unsigned char* q = b; q < e; ++q) {
      bytes_.push_back(static_cast<char>(lowercase_ ? kLower[*q] : *q));
    }
    slots_[s] = index;
    if (entries_.size() * 2 > slots_.size()) rehash();
    return index;
  }

 private:
  struct Entry {
    std::uint64_t hash;
    std::size_t offset;
    std::size_t length;
  };

  bool matches(const Entry& entry, std::uint64_t h, const unsigned char* b,
               const unsigned char* e) const {
    if (entry.hash != h || entry.length != static_cast<std::size_t>(e - b)) return false;
    const char* w = bytes_.data() + entry.offset;
    if (!lowercase_) return std::memcmp(w, b, entry.length) == 0;
    for (std::size_t k = 0; k < entry.length; ++k) {
      if (static_cast<unsigned char>(w[k]) != kLower[b[k]]) return false;
    }
    return true;
  }

  void rehash() {
    std::vector<std::int32_t> slots(slots_.size() * 2, -1);
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      std::size_t s = entries_[i].hash & mask;
      while (slots[s] >= 0) s = (s + 1) & mask;
      slots[s] = static_cast<std::int32_t>(i);
    }
    slots_ = std::move(slots);
  }

  bool lowercase_;
  std::vector<std::int32_t> slots_;
  std::vector<Entry> entries_;
  std::string bytes_;
};

// splitmix64 (Steele, Lea, Flood 2014): one multiply-xorshift per draw, good low bits.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) by Lemire's multiply-shift on the high 32 bits.
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
  }
  float uniform() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); }

 private:
  std::uint64_t state_;
};

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  Rng r(seed ^ (a * 0xd1b54a32d192ed03ULL) ^ (b * 0x8cb92ba72f3d8dd7ULL));
  return r.next();
}

// Vose's alias method over unigram^0.75: two table reads per noise word, V entries.
class NoiseTable {
 public:
  explicit NoiseTable(const std::vector<std::int64_t>& counts) {
    const std::size_t n = counts.size();
    std::vector<double> p(n);
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) total += p[i] = std::pow(static_cast<double>(counts[i]), 0.75);
    std::vector<std::size_t> small, large;
    for (std::size_t i = 0; i < n; ++i) {
      p[i] *= static_cast<double>(n) / total;
      (p[i] < 1 ? small : large).push_back(i);
    }
    entries_.assign(n, {0xffffffffu, 0});
    for (std::size_t i = 0; i < n; ++i) entries_[i].alias = static_cast<std::int32_t>(i);
    while (!small.empty() && !large.empty()) {
      const std::size_t s = small.back(), l = large.back();
      small.pop_back();
      entries_[s] = {static_cast<std::uint32_t>(std::min(p[s] * 4294967296.0, 4294967295.0)),
                     static_cast<std::int32_t>(l)};
      p[l] += p[s] - 1;
      if (p[l] < 1) {
        large.pop_back();
        small.push_back(l);
      }
    }
  }

  std::int32_t draw(Rng& rng) const {
    const std::uint64_t r = rng.next();
    const std::size_t i = ((r >> 32) * entries_.size()) >> 32;
    const Entry& e = entries_[i];
    return static_cast<std::uint32_t>(r) < e.threshold ? static_cast<std::int32_t>(i) : e.alias;
  }

 private:
  struct Entry {
    std::uint32_t threshold;
    std::int32_t alias;
  };
  std::vector<Entry> entries_;
};

// sigma(a) and log(1 + e^-a) for a >= 0, tabulated every 1/64 up to 32 and interpolated
// linearly (error below 1e-5; beyond 32 they are 1 and 0 to float precision). word2vec.c's
// table instead stops at |f| = 6 and does not interpolate.
class SigmoidTable {
 public:
  static constexpr float kStepsPerUnit = 64;
  static constexpr int kSize = 32 * 64;

  SigmoidTable() {
    for (int i = 0; i <= kSize; ++i) {
      const double a = i / static_cast<double>(kStepsPerUnit);
      entries_[static_cast<std::size_t>(i)] = {static_cast<float>(1 / (1 + std::exp(-a))),
                                               static_cast<float>(std::log1p(std::exp(-a)))};
    }
  }

  // sigma(f) and softplus(-|f|) = log(1 + e^-|f|).
  void lookup(float f, float& sigma, float& softplus) const {
    const float x = std::fabs(f) * kStepsPerUnit;
    float s = 1, l = 0;
    if (x < static_cast<float>(kSize)) {
      const auto i = static_cast<std::size_t>(x);
      const float t = x - static_cast<float>(i);
      const Entry& lo = entries_[i];
      const Entry& hi = entries_[i + 1];
      s = lo.sigma + t * (hi.sigma - lo.sigma);
      l = lo.softplus + t * (hi.softplus - lo.softplus);
    }
    sigma = f >= 0 ? s : 1 - s;
    softplus = l;
  }

 private:
  struct Entry {
    float sigma, softplus;
  };
  std::array<Entry, kSize + 1> entries_;
};

// Two accumulators, to overlap the multiply-add latencies.
inline float dot(const Vec* a, const Vec* b, int n) {
  Vec s0 = {}, s1 = {};
  int i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
  }
  if (i < n) s0 += a[i] * b[i];
  s0 += s1;
  float r = 0;
  for (int k = 0; k < kLanes; ++k) r += s0[k];
  return r;
}

// y += g x
inline void axpy(float g, const Vec* x, Vec* y, int n) {
  for (int i = 0; i < n; ++i) y[i] += g * x[i];
}

// A stretch of the corpus one thread trains at a time: starts and ends at a line break, except
// where a line is cut every kWord2VecMaxSentence tokens.
struct Chunk {
  std::size_t begin = 0, end = 0;
  std::int64_t tokens_before = 0;  // corpus tokens before the chunk, for the learning rate
};
constexpr std::int64_t kChunkTokens = 10'000;

struct ChunkStats {
  double loss = 0;
  std::int64_t words = 0, kept = 0, pairs = 0;
  std::size_t chunks = 0;  // that these stats sum

  ChunkStats& operator+=(const ChunkStats& o) {
    loss += o.loss;
    words += o.words;
    kept += o.kept;
    pairs += o.pairs;
    chunks += o.chunks;
    return *this;
  }
};

struct Corpus {
  std::vector<Chunk> chunks;
  std::int64_t tokens = 0;
  WordTable all_words;
  std::vector<std::int64_t> counts;  // per all_words entry

  explicit Corpus(bool lowercase) : all_words(lowercase) {}
};

// One pass over the text: counts every token and cuts the chunks.
void count_corpus(std::string_view text, Corpus& corpus) {
  const auto* base = reinterpret_cast<const unsigned char*>(text.data());
  std::int64_t chunk_tokens = 0, line_tokens = 0;
  std::size_t chunk_begin = 0;
  std::int64_t chunk_tokens_before = 0;
  auto close_chunk = [&](std::size_t at) {
    corpus.chunks.push_back({chunk_begin, at, chunk_tokens_before});
    chunk_begin = at;
    chunk_tokens_before = corpus.tokens;
    chunk_tokens = 0;
  };
  scan(
      text,
      [&](const unsigned char* b, const unsigned char* e) {
        const auto i = static_cast<std::size_t>(corpus.all_words.insert(b, e));
        if (i == corpus.counts.size()) corpus.counts.push_back(0);
        ++corpus.counts[i];
        ++corpus.tokens;
        ++chunk_tokens;
        if (++line_tokens == kWord2VecMaxSentence) {
          line_tokens = 0;
          close_chunk(static_cast<std::size_t>(e - base));
        }
      },
      [&](const unsigned char* at) {
        line_tokens = 0;
        if (chunk_tokens >= kChunkTokens) close_chunk(static_cast<std::size_t>(at - base) + 1);
      });
  if (chunk_tokens > 0) close_chunk(text.size());
}

// One thread's buffers.
struct Scratch {
  std::vector<std::int32_t> sentence;
  std::vector<std::int32_t> targets;  // centre, then the noise words
  std::vector<float> scores;
  std::vector<Vec> neu1e;              // the pair's gradient for the context's input vector
  std::vector<std::int32_t> ahead;    // the next pair's noise words
  bool ahead_drawn = false;
};

struct Trainer {
  const Word2VecOptions& options;
  std::string_view text;
  const std::vector<Chunk>& chunks;
  const WordTable& vocab;
  const std::vector<std::uint64_t>& keep;  // keep word w when a 32-bit draw < keep[w]
  const NoiseTable& noise;
  const SigmoidTable& sigmoid;
  Model& model;
  std::int64_t corpus_tokens;

  void prefetch_row(const Vec* r) const {
    for (int k = 0; k < model.stride_vectors; k += 64 / static_cast<int>(sizeof(Vec))) __builtin_prefetch(r + k);
  }

  // One chunk of one epoch.
  ChunkStats train_chunk(int epoch, std::size_t chunk_index, Replica& rows, Scratch& scratch) const {
    std::vector<std::int32_t>& sentence = scratch.sentence;
    scratch.ahead_drawn = false;
    ChunkStats stats;
    stats.chunks = 1;
    const Chunk& chunk = chunks[chunk_index];
    Rng rng(mix_seed(options.seed, static_cast<std::uint64_t>(epoch), chunk_index));
    const double total = static_cast<double>(corpus_tokens) * options.epochs;
    const double done_before = static_cast<double>(corpus_tokens) * epoch +
                               static_cast<double>(chunk.tokens_before);
    std::int64_t tokens = 0;
    sentence.clear();
    std::int64_t synced_at = 0;
    auto flush = [&]() {
      rows.advance(tokens - synced_at);
      synced_at = tokens;
      stats.kept += static_cast<std::int64_t>(sentence.size());
      if (sentence.size() >= 2) {
        // Linear decay by the share of corpus tokens read (gensim's and word2vec.c's schedule).
        const double progress = (done_before + static_cast<double>(tokens)) / total;
        const double alpha = std::max(options.min_alpha,
                                      options.alpha - (options.alpha - options.min_alpha) * progress);
        train_sentence(sentence, static_cast<float>(alpha), rng, rows, scratch, stats);
      }
      sentence.clear();
    };
    scan(
        text.substr(chunk.begin, chunk.end - chunk.begin),
        [&](const unsigned char* b, const unsigned char* e) {
          ++tokens;
          const std::int32_t w = vocab.find(b, e);
          if (w < 0) return;
          ++stats.words;
          if ((rng.next() >> 32) < keep[static_cast<std::size_t>(w)]) sentence.push_back(w);
        },
        [&](const unsigned char*) { flush(); });
    flush();
    return stats;
  }

  void train_sentence(const std::vector<std::int32_t>& sentence, float alpha, Rng& rng,
                      Replica& rows, Scratch& scratch, ChunkStats& stats) const {
    std::vector<Vec>& neu1e = scratch.neu1e;
    const auto n = static_cast<std::ptrdiff_t>(sentence.size());
    const int nv = model.stride_vectors;
    const auto window = static_cast<std::uint32_t>(options.window);
    std::vector<std::int32_t>& targets = scratch.targets;
    std::vector<float>& scores = scratch.scores;
    // The noise words of the next pair are drawn one pair early and their rows prefetched: the
    // output matrix does not fit in L2, and the scores wait on these loads.
    std::vector<std::int32_t>& ahead = scratch.ahead;
    auto draw_ahead = [&]() {
      for (std::int32_t& t : ahead) {
        t = noise.draw(rng);
        prefetch_row(rows.out(t));
      }
    };
    if (!scratch.ahead_drawn) {
      draw_ahead();
      scratch.ahead_drawn = true;
    }
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      // word2vec's dynamic window: each centre looks 1..window words away, uniformly.
      const auto w = static_cast<std::ptrdiff_t>(window - rng.below(window));
      const std::ptrdiff_t lo = std::max<std::ptrdiff_t>(0, i - w);
      const std::ptrdiff_t hi = std::min<std::ptrdiff_t>(n - 1, i + w);
      const std::int32_t centre = sentence[static_cast<std::size_t>(i)];
      for (std::ptrdiff_t j = lo; j <= hi; ++j) {
        if (j == i) continue;
        // As word2vec.c: the context's input vector predicts the centre against noise words.
        Vec* l1 = rows.in(sentence[static_cast<std::size_t>(j)]);
        if (j + 1 <= hi) prefetch_row(rows.in(sentence[static_cast<std::size_t>(j + 1)]));
        targets[0] = centre;
        std::size_t m = 1;
        for (std::int32_t t : ahead) {
          if (t != centre) targets[m++] = t;
        }
        draw_ahead();
        // All scores first, then the updates: the 1 + negative dot products are independent, so
        // they overlap in the pipeline (the pair is a mini-batch; word2vec.c interleaves them,
        // which differs only when a noise word is drawn twice).
        for (std::size_t k = 0; k < m; ++k) {
          scores[k] = dot(l1, rows.out(targets[k]), nv);
        }
        float loss = 0;
        for (std::size_t k = 0; k < m; ++k) {
          Vec* l2 = rows.out(targets[k]);
          const float f = scores[k];
          const float label = k == 0 ? 1.0f : 0.0f;
          // -log sigma(f) = max(-f, 0) + log(1 + e^-|f|); -log sigma(-f) = max(f, 0) + the same.
          float sigma, softplus;
          sigmoid.lookup(f, sigma, softplus);
          loss += std::max(k == 0 ? -f : f, 0.0f) + softplus;
          const float g = (label - sigma) * alpha;
          if (k == 0) {
            for (int c = 0; c < nv; ++c) neu1e[static_cast<std::size_t>(c)] = g * l2[c];
          } else {
            axpy(g, l2, neu1e.data(), nv);
          }
          axpy(g, l1, l2, nv);
        }
        for (int k = 0; k < nv; ++k) l1[k] += neu1e[static_cast<std::size_t>(k)];
        stats.loss += loss;
        ++stats.pairs;
      }
    }
  }
};

}  // namespace

void for_each_word2vec_token(std::string_view text, bool lowercase,
                             const std::function<void(std::string_view, bool)>& on_token) {
  std::string pending;
  bool has_pending = false;
  auto emit = [&](bool sentence_end) {
    if (has_pending) on_token(pending, sentence_end);
    has_pending = false;
  };
  scan(
      text,
      [&](const unsigned char* b, const unsigned char* e) {
        emit(false);
        pending.assign(reinterpret_cast<const char*>(b), static_cast<std::size_t>(e - b));
        if (lowercase) {
          for (char& c : pending) c = static_cast<char>(kLower[static_cast<unsigned char>(c)]);
        }
        has_pending = true;
      },
      [&](const unsigned char*) { emit(true); });
  emit(true);
}

Word2VecResult train_word2vec(std::string_view text, const Word2VecOptions& options,
                              const Word2VecHooks& hooks) {
  const auto start = std::chrono::steady_clock::now();
  Word2VecResult result;

  Corpus corpus(options.lowercase);
  count_corpus(text, corpus);
  result.corpus_words = corpus.tokens;
  result.distinct_words = static_cast<std::int64_t>(corpus.all_words.size());
  if (corpus.tokens == 0) throw Error(ErrorKind::kMath, "the corpus has no words");

  // Vocabulary: count >= min_count, by descending count, ties in order of first appearance.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < corpus.counts.size(); ++i) {
    if (corpus.counts[i] >= options.min_count) order.push_back(i);
  }
  if (order.empty()) {
    throw Error(ErrorKind::kMath, "no word occurs at least " + std::to_string(options.min_count) +
                                      " times (the most frequent occurs " +
                                      std::to_string(*std::max_element(corpus.counts.begin(), corpus.counts.end())) +
                                      ")");
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return corpus.counts[a] > corpus.counts[b]; });
  WordTable vocab(options.lowercase);
  WordVectors& vectors = result.vectors;
  for (std::size_t i : order) {
    const std::string_view w = corpus.all_words.word(i);
    const auto* b = reinterpret_cast<const unsigned char*>(w.data());
    vocab.insert(b, b + w.size());
    vectors.words.emplace_back(w);
    vectors.counts.push_back(corpus.counts[i]);
    result.vocabulary_words += corpus.counts[i];
  }
  corpus.all_words = WordTable(options.lowercase);  // free the full table before training
  corpus.counts = {};
  const std::size_t v = vectors.words.size();

  // Subsampling (word2vec.c, gensim): keep probability (sqrt(c / t) + 1) t / c with
  // t = sample * total, i.e. sqrt(s/f) + s/f for a word of frequency f.
  std::vector<std::uint64_t> keep(v, std::uint64_t{1} << 32);
  if (options.sample > 0) {
    const double threshold = options.sample * static_cast<double>(result.vocabulary_words);
    for (std::size_t i = 0; i < v; ++i) {
      const double c = static_cast<double>(vectors.counts[i]);
      const double p = (std::sqrt(c / threshold) + 1) * threshold / c;
      if (p < 1) keep[i] = static_cast<std::uint64_t>(p * 4294967296.0);
    }
  }
  const NoiseTable noise(vectors.counts);

  Model model;
  const int padded = (options.dim + kFloatsPerRow - 1) / kFloatsPerRow * kFloatsPerRow;
  model.stride_vectors = padded / kLanes;
  const std::size_t row_vectors = static_cast<std::size_t>(model.stride_vectors);
  model.in.assign(v * row_vectors, Vec{});
  model.out.assign(v * row_vectors, Vec{});
  // gensim 4's initialisation: uniform in [-1, 1) / dim (word2vec.c uses half that range, which
  // scored slightly lower on the KJV analogies); output vectors start at zero.
  for (std::size_t i = 0; i < v; ++i) {
    Rng rng(mix_seed(options.seed, 0xffffffffULL, i));
    Vec* row = model.in.data() + i * row_vectors;
    for (int k = 0; k < options.dim; ++k) {
      row[k / kLanes][k % kLanes] = (2 * rng.uniform() - 1) / static_cast<float>(options.dim);
    }
  }

  const SigmoidTable sigmoid;
  const Trainer trainer{options, text,    corpus.chunks, vocab,
                        keep,    noise,   sigmoid,       model, corpus.tokens};
  // The threads take (epoch, chunk) tasks in order with no barrier between epochs, so none
  // waits for the other's last chunk of an epoch; the learning rate and the random stream
  // depend only on the task, so one thread gives the same vectors on every run.
  const std::size_t n_chunks = corpus.chunks.size();
  const std::size_t n_tasks = n_chunks * static_cast<std::size_t>(options.epochs);
  const int n_threads = std::max(1, options.threads);
  // One thread needs no copies: it trains the shared rows, as the plain algorithm.
  const std::array<std::size_t, 2> replicated =
      n_threads == 1 ? std::array<std::size_t, 2>{0, 0} : replicated_rows(vectors.counts, options, row_vectors);
  ReplicaShared shared;
  shared.threads = n_threads;
  std::vector<std::vector<ChunkStats>> epoch_stats(  // per thread, per epoch
      static_cast<std::size_t>(n_threads), std::vector<ChunkStats>(static_cast<std::size_t>(options.epochs)));
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> finished{0};
  std::atomic<bool> stopped{false};
  std::mutex mutex;
  std::condition_variable done;
  int running = n_threads;
  auto work = [&](std::vector<ChunkStats>& per_epoch) {
    Replica rows(model, shared, replicated);
    Scratch scratch;
    scratch.targets.resize(static_cast<std::size_t>(options.negative) + 1);
    scratch.scores.resize(static_cast<std::size_t>(options.negative) + 1);
    scratch.neu1e.resize(row_vectors);
    scratch.ahead.resize(static_cast<std::size_t>(options.negative));
    for (std::size_t task; (task = next.fetch_add(1)) < n_tasks;) {
      if (hooks.cancel != nullptr && hooks.cancel->load(std::memory_order_relaxed)) {
        stopped = true;
        break;
      }
      const auto epoch = static_cast<int>(task / n_chunks);
      per_epoch[static_cast<std::size_t>(epoch)] += trainer.train_chunk(epoch, task % n_chunks, rows, scratch);
      finished.fetch_add(1, std::memory_order_relaxed);
    }
    rows.flush();
    const std::lock_guard<std::mutex> lock(mutex);
    if (--running == 0) done.notify_one();
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < static_cast<std::size_t>(n_threads); ++t) {
    threads.emplace_back(work, std::ref(epoch_stats[t]));
  }
  {
    std::unique_lock<std::mutex> lock(mutex);
    while (!done.wait_for(lock, std::chrono::milliseconds(100), [&] { return running == 0; })) {
      if (hooks.progress) {
        lock.unlock();
        hooks.progress(static_cast<double>(finished.load()) / static_cast<double>(n_tasks));
        lock.lock();
      }
    }
  }
  for (std::thread& t : threads) t.join();
  result.interrupted = stopped;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    ChunkStats sum;
    for (const std::vector<ChunkStats>& per_epoch : epoch_stats) sum += per_epoch[static_cast<std::size_t>(epoch)];
    if (sum.chunks < n_chunks) break;  // interrupted before the epoch's end
    Word2VecEpoch e;
    e.epoch = epoch + 1;
    e.words = sum.words;
    e.kept_words = sum.kept;
    e.pairs = sum.pairs;
    e.loss = sum.pairs > 0 ? sum.loss / static_cast<double>(sum.pairs) : 0;
    e.alpha_end = std::max(options.min_alpha,
                           options.alpha - (options.alpha - options.min_alpha) * (epoch + 1) /
                                               options.epochs);
    result.epochs.push_back(e);
  }
  if (hooks.progress && !stopped) hooks.progress(1);

  vectors.dim = options.dim;
  vectors.values.resize(v * static_cast<std::size_t>(options.dim));
  for (std::size_t i = 0; i < v; ++i) {
    const Vec* row = model.in.data() + i * row_vectors;
    for (int k = 0; k < options.dim; ++k) {
      vectors.values[i * static_cast<std::size_t>(options.dim) + static_cast<std::size_t>(k)] = row[k / kLanes][k % kLanes];
    }
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace hw4::core
