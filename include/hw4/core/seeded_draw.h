// The generator of `vary`, fixed by SPEC so every machine draws the same variants: a SplitMix64
// stream seeded with the 64-bit FNV-1a hash of "<seed>/<variant id>/<problem id>".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace hw4::core {

// 64-bit FNV-1a of the bytes (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
std::uint64_t fnv1a64(std::string_view bytes);

// Steele, Lea and Flood's SplitMix64 (as in Java's SplittableRandom and Vigna's reference code).
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // The next output as a double in [0, 1): (x >> 11)·2⁻⁵³.
  double next_unit();

 private:
  std::uint64_t state_;
};

// ⌊u·n⌋ for u in [0, 1): the index of a choice among n (n ≥ 1).
std::size_t pick_index(double u, std::size_t n);

// x rounded to `decimals` places, ties to even (as numpy.round); decimals in [0, 9].
double round_half_even(double x, int decimals);

}  // namespace hw4::core
