// The skip-gram trainer's matrices and each thread's copies of their frequent rows; private to
// word2vec_train.cc (and its tests).
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "hw4/core/word2vec.h"

namespace hw4::core::w2v {

// The kernels below work on whole vectors of kLanes floats (the widest the build targets: the
// AVX-512 build is about 12% faster than AVX2 here), so rows are padded to a multiple of 16
// floats (one 64-byte cache line) with zeros that every update keeps zero.
#ifdef __AVX512F__
constexpr int kLanes = 16;
#else
constexpr int kLanes = 8;
#endif
using Vec = float __attribute__((vector_size(kLanes * sizeof(float))));
constexpr int kFloatsPerRow = 16;

// Shared training state. The rows no thread copies (Replica) are written by every thread
// without locks (Hogwild, Recht et al. 2011): updates to the same row rarely collide and a lost
// update is harmless.
struct Model {
  int stride_vectors = 0;  // Vecs per row
  std::vector<Vec> in;      // syn0: input (word) vectors, V x stride
  std::vector<Vec> out;     // syn1neg: output (context) vectors
};

// Plain Hogwild does not scale on a small vocabulary. Its matrices fit in the caches, and a row
// one thread reads was, about half the time, last written by another, so each access moves
// cache lines between the cores: on the KJV (5,308 words) two threads took 2.25 s against one
// thread's 2.5 s, with twice the CPU. So with several threads each trains its own copy of the
// rows of the frequent words (rows 0..n-1, as the words are sorted by count; replicated_rows
// says how many) and every so many corpus tokens adds what it changed to the shared rows and
// takes the others' changes back, in one streaming pass that the prefetcher keeps fed; the rare
// words' rows stay shared. The most frequent words are synced every kTopSyncTokens: all threads
// move them the same way, and a longer delay overshoots (analogy accuracy on the KJV fell from
// 0.18 to 0.15 with every row synced every 40,000 tokens); the rest changes slowly and is synced
// every kTailSyncTokens. (Owning rows instead of copying them, or copying only changed rows,
// measured slower: the owner then misses on the rows others wrote, one row at a time.)
constexpr std::size_t kReplicaBytes = std::size_t{16} << 20;  // per thread
constexpr std::size_t kTopRows = 256;
constexpr std::int64_t kTopSyncTokens = 2'000;
constexpr std::int64_t kTailSyncTokens = 20'000;

// How many rows of each matrix a thread copies. Copying pays for a row that a pair reads at
// least a few times between two syncs; a rarer one costs less to fetch from the other core when
// it is read than to copy at every sync (on the KJV, copying only the 2,048 most frequent words'
// input rows raised 1 -> 2 threads from 1.80x to 1.89x). A word of count c is the context of
// about c (window + 1) pairs in N corpus tokens, which read its input row and its output row;
// its output row is also read by negative (window + 1) P_n(w) of the pairs of each token.
std::array<std::size_t, 2> replicated_rows(const std::vector<std::int64_t>& counts,
                                           const Word2VecOptions& options, std::size_t row_vectors);

// What the threads' copies share: a lock per sync range, so that two threads never add to the
// same shared row at once, and the corpus tokens all threads have read. Intervals are counted in
// the latter, divided among the threads: a thread the scheduler left waiting finds at its next
// sentence that the others went on, and syncs before it trains on rows that old.
struct ReplicaShared {
  std::mutex top, tail;
  std::atomic<std::int64_t> tokens{0};
  int threads = 1;
};

class Replica {
 public:
  Replica(Model& model, ReplicaShared& shared, std::array<std::size_t, 2> rows)
      : model_(model),
        shared_(shared),
        width_(static_cast<std::size_t>(model.stride_vectors)) {
    for (std::size_t k = 0; k < 2; ++k) {
      const std::vector<Vec>& source = k == 0 ? model.in : model.out;
      Matrix& m = matrices_[k];
      m.rows = rows[k];
      m.top = std::min(m.rows, kTopRows);
      m.local.assign(source.begin(), source.begin() + static_cast<std::ptrdiff_t>(m.rows * width_));
      m.base = m.local;
    }
  }

  // The row this thread reads and writes.
  Vec* in(std::int32_t word) { return row(matrices_[0], model_.in, word); }
  Vec* out(std::int32_t word) { return row(matrices_[1], model_.out, word); }

  // Called as the thread reads corpus tokens; syncs a range once all threads together have
  // read its interval times the number of threads since this thread last synced it.
  void advance(std::int64_t tokens) {
    const std::int64_t now = shared_.tokens.fetch_add(tokens, std::memory_order_relaxed) + tokens;
    if (now - top_synced_at_ >= kTopSyncTokens * shared_.threads) {
      sync(shared_.top, false);
      top_synced_at_ = now;
    }
    if (now - tail_synced_at_ >= kTailSyncTokens * shared_.threads) {
      sync(shared_.tail, true);
      tail_synced_at_ = now;
    }
  }

  // Everything, when the thread is done.
  void flush() {
    sync(shared_.top, false);
    sync(shared_.tail, true);
  }

 private:
  struct Matrix {
    std::size_t rows = 0, top = 0;  // rows 0..rows-1 are copied; 0..top-1 synced more often
    std::vector<Vec> local, base;    // the thread's rows; their values at the last sync
  };

  Vec* row(Matrix& m, std::vector<Vec>& shared, std::int32_t word) {
    const auto w = static_cast<std::size_t>(word);
    return (w < m.rows ? m.local.data() : shared.data()) + w * width_;
  }

  // shared += local − base (not shared = local, which would drop the others' changes since the
  // last sync); the copy starts again from the sum.
  void sync(std::mutex& lock, bool tail) {
    const std::lock_guard<std::mutex> guard(lock);
    for (std::size_t k = 0; k < 2; ++k) {
      Matrix& m = matrices_[k];
      Vec* s = (k == 0 ? model_.in : model_.out).data();
      Vec* l = m.local.data();
      Vec* b = m.base.data();
      const std::size_t end = (tail ? m.rows : m.top) * width_;
      for (std::size_t i = (tail ? m.top : 0) * width_; i < end; ++i) s[i] = l[i] = b[i] = s[i] + (l[i] - b[i]);
    }
  }

  Model& model_;
  ReplicaShared& shared_;
  std::size_t width_;
  std::array<Matrix, 2> matrices_;
  std::int64_t top_synced_at_ = 0, tail_synced_at_ = 0;  // in shared_.tokens
};

}  // namespace hw4::core::w2v
