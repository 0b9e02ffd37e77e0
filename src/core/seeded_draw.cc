// vary's generator: FNV-1a, SplitMix64 and the draws SPEC defines from its outputs.
#include "hw4/core/seeded_draw.h"

#include <algorithm>
#include <cfenv>
#include <cmath>

namespace hw4::core {

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double SplitMix64::next_unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::size_t pick_index(double u, std::size_t n) {
  // u < 1 keeps ⌊u·n⌋ < n in exact arithmetic; the min guards the rounding of u·n.
  return std::min(n - 1, static_cast<std::size_t>(std::floor(u * static_cast<double>(n))));
}

double round_half_even(double x, int decimals) {
  const double scale = std::pow(10.0, decimals);
  // nearbyint rounds in the current mode, which is round-to-nearest-even unless changed.
  const int mode = std::fegetround();
  std::fesetround(FE_TONEAREST);
  const double rounded = std::nearbyint(x * scale) / scale;
  std::fesetround(mode);
  return rounded == 0 ? 0.0 : rounded;  // no "-0"
}

}  // namespace hw4::core
