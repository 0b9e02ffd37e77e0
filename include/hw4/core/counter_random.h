// hw4's counter-based random numbers (SplitMix64 of a seed-derived key + an index, then
// Box–Muller on consecutive pairs): any element can be produced independently, so threads fill
// disjoint parts and a NumPy script can rebuild the same numbers; the same seed gives the same
// numbers in every build. Used by the autoencoder's data and rnn-grad's initialisation.
#pragma once

#include <cstdint>

namespace hw4::core {

// The key of stream `stream` of a seed; each user numbers its own streams.
std::uint64_t stream_key(std::uint64_t seed, std::uint64_t stream);
// 64 random bits: number `index` of the stream `key`.
std::uint64_t counter_bits(std::uint64_t key, std::uint64_t index);
// The standard normal number `index` of the stream `key`.
double counter_normal(std::uint64_t key, std::uint64_t index);

}  // namespace hw4::core
