// Reads and validates `hw4 beam-search decode` input into a bigram model and decoding limits.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hw4/core/beam.h"
#include "hw4/input/json_reader.h"

namespace hw4::cli {

// Input limits, checked before anything is allocated or decoded (docs/beam-search.md).
inline constexpr std::size_t kBeamMaxTransitions = 1'000'000;  // entries over all rows
inline constexpr std::int64_t kBeamMaxWidth = 10'000;
inline constexpr std::int64_t kBeamMaxLength = 1'000;
// Exact decoding keeps a parent per (length, token) and scores every transition per length.
inline constexpr double kBeamMaxExactWork = 2e7;
// Beam search scores up to width x (largest row) candidates per step, for max_length + 1 steps.
inline constexpr double kBeamMaxCandidates = 5e7;
// beam.steps lists up to width hypotheses of up to n tokens at step n.
inline constexpr double kBeamMaxStepTokens = 2e7;

struct BeamInput {
  core::BigramModel model;
  core::DecodeLimits limits;
};

// {"start": "<s>", "end": "</s>", "transitions": {token: {next: probability}}, "width": 2,
// "max_length": 20, "recombine": false}. Throws InputError at the offending pointer for: a
// probability < 0 or > 1, a row whose probabilities do not sum to 1 within 1e-9, a token that
// can follow (P > 0) but has no row (the end token needs none), a start token without a row,
// start = end, width or max_length out of range, and work over the limits above.
BeamInput read_beam(const input::JsonReader& in);

}  // namespace hw4::cli
