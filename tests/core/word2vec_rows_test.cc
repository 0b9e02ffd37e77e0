// Tests of the trainer's per-thread row copies: what two threads change reaches the shared rows
// once each, and each thread sees the other's changes after its next sync.
#include "core/word2vec_rows.h"

#include <gtest/gtest.h>

namespace hw4::core::w2v {
namespace {

Model model_of(std::size_t words, float value) {
  Model m;
  m.stride_vectors = 1;
  m.in.assign(words, Vec{} + value);
  m.out.assign(words, Vec{} + 2 * value);
  return m;
}

// Every lane of the row holds `value`.
void expect_row(const Vec* row, float value) {
  for (int k = 0; k < kLanes; ++k) EXPECT_FLOAT_EQ((*row)[k], value) << "lane " << k;
}

TEST(Word2VecReplica, SyncAddsEachThreadsChangesOnce) {
  Model model = model_of(3, 1);
  ReplicaShared shared;
  Replica a(model, shared, {2, 2}), b(model, shared, {2, 2});  // rows 0, 1 copied; row 2 shared
  *a.in(0) += 10;
  *b.in(0) += 100;
  *a.out(1) += 5;
  *a.in(2) += 1000;  // not copied: the shared row itself
  expect_row(&model.in[0], 1);
  a.flush();
  expect_row(&model.in[0], 11);
  expect_row(&model.out[1], 7);
  b.flush();
  expect_row(&model.in[0], 111);   // not 101: b's sync keeps a's change
  expect_row(&model.out[1], 7);    // b did not touch it
  expect_row(&model.in[2], 1001);
  expect_row(b.in(0), 111);        // b sees a's change after its sync
  expect_row(a.in(0), 11);         // a, until its next one
  a.flush();
  expect_row(a.in(0), 111);
  expect_row(&model.in[0], 111);   // a second sync without changes adds nothing
}

TEST(Word2VecReplica, TopRowsSyncMoreOftenThanTheRest) {
  Model model = model_of(kTopRows + 1, 0);
  ReplicaShared shared;
  Replica a(model, shared, {kTopRows + 1, kTopRows + 1});
  const auto last = static_cast<std::int32_t>(kTopRows);
  *a.in(0) += 1;
  *a.in(last) += 1;
  a.advance(kTopSyncTokens - 1);
  expect_row(&model.in[0], 0);
  a.advance(1);
  expect_row(&model.in[0], 1);
  expect_row(&model.in[static_cast<std::size_t>(last)], 0);
  a.advance(kTailSyncTokens - kTopSyncTokens);
  expect_row(&model.in[static_cast<std::size_t>(last)], 1);
}

TEST(Word2VecReplica, AThreadThatWaitedSyncsAtItsNextSentence) {
  // Intervals count every thread's tokens: when b resumes after a read 10 intervals' worth, b's
  // first advance takes a's changes (by its own count, b would wait kTopSyncTokens more).
  Model model = model_of(1, 0);
  ReplicaShared shared;
  shared.threads = 2;
  Replica a(model, shared, {1, 1}), b(model, shared, {1, 1});
  *a.in(0) += 1;
  a.advance(10 * 2 * kTopSyncTokens);
  expect_row(&model.in[0], 1);
  expect_row(b.in(0), 0);
  b.advance(1);
  expect_row(b.in(0), 1);
}

TEST(Word2VecReplica, FrequentWordsAreCopiedWithinTheBudget) {
  Word2VecOptions o;  // window 5, negative 5
  // 100 words of count 1,000 and 100 of count 1: a rare word is the context of about
  // 20000 * 6 / 100100 = 1.2 pairs per 20,000 tokens, so only the frequent input rows are
  // copied; as a noise word (count^0.75 = 1 of 100 * 177.8 + 100) its output row is read
  // 5 * 20000 * 6 / 17883 = 33.5 more times, so every output row is.
  std::vector<std::int64_t> counts(200, 1);
  std::fill(counts.begin(), counts.begin() + 100, 1000);
  const auto rows = replicated_rows(counts, o, 1);
  EXPECT_EQ(rows[0], 100u);
  EXPECT_EQ(rows[1], 200u);
  // The budget caps both: rows of 40,000 floats.
  const std::size_t wide = 40'000 / kLanes;
  const std::size_t budget = kReplicaBytes / (4 * wide * sizeof(Vec));
  const auto capped = replicated_rows(counts, o, wide);
  EXPECT_EQ(capped[0], std::min<std::size_t>(100, budget));
  EXPECT_EQ(capped[1], std::min<std::size_t>(200, budget));
}

}  // namespace
}  // namespace hw4::core::w2v
