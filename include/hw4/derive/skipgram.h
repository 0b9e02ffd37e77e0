// Skip-gram answers: core results turned into a result object and a worked derivation.
#pragma once

#include <cstddef>

#include "hw4/core/skipgram.h"
#include "hw4/report/report.h"

namespace hw4::derive {

// Rows beyond this many are summarised in tables of the derivation (the result keeps all).
inline constexpr std::size_t kMaxTableRows = 200;

// `skipgram pairs`: vocabulary, pairs as words, count, and how the window produces them.
report::Answer skipgram_pairs(const core::SkipgramPairs& pairs, std::size_t window);

}  // namespace hw4::derive
