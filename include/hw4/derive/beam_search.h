// `hw4 beam-search decode`: greedy, beam and exact decoding of a bigram model -> the answer with
// the beams kept at each step and how greedy's first choices lock it out of the best sequence.
#pragma once

#include "hw4/core/beam.h"
#include "hw4/report/report.h"

namespace hw4::derive {

// Decodes `model` under `limits` (core::decode) and builds the SPEC result: `greedy`, `beam`
// (with `steps`, the hypotheses kept after each expansion) and `exact`, each {tokens, log_prob,
// probability, ended}; `exact.complete_paths`; `greedy_is_optimal`, `beam_is_optimal`. The
// derivation shows the model, greedy's choices, each beam step with the cut, the exhaustive
// search, and the comparison. Throws Error(kMath) when no sequence ends within max_length.
report::Answer beam_search(const core::BigramModel& model, const core::DecodeLimits& limits);

}  // namespace hw4::derive
