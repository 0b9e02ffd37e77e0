// vary's generator against the published reference values of its two parts.
#include "hw4/core/seeded_draw.h"

#include <gtest/gtest.h>

namespace hw4::core {
namespace {

// FNV-1a 64 test vectors from the FNV authors' reference (isthe.com/chongo/tech/comp/fnv).
TEST(SeededDraw, FnvOneA64MatchesTheReference) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

// SplitMix64 seeded with 0: the first outputs of Vigna's splitmix64.c.
TEST(SeededDraw, SplitMix64MatchesTheReference) {
  SplitMix64 stream(0);
  EXPECT_EQ(stream.next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(stream.next(), 0x6e789e6aa1b965f4ULL);
  SplitMix64 unit(0);
  EXPECT_DOUBLE_EQ(unit.next_unit(), static_cast<double>(0xe220a8397b1dcdafULL >> 11) * 0x1.0p-53);
}

TEST(SeededDraw, IndicesStayInRangeAndRoundingIsHalfEven) {
  EXPECT_EQ(pick_index(0.0, 3), 0u);
  EXPECT_EQ(pick_index(0.34, 3), 1u);
  EXPECT_EQ(pick_index(1.0 - 0x1.0p-53, 3), 2u);
  EXPECT_DOUBLE_EQ(round_half_even(0.125, 2), 0.12);  // 0.125 is exact in binary: a true tie
  EXPECT_DOUBLE_EQ(round_half_even(0.375, 2), 0.38);
  EXPECT_DOUBLE_EQ(round_half_even(2.5, 0), 2.0);
  EXPECT_DOUBLE_EQ(round_half_even(-1.234, 1), -1.2);
}

}  // namespace
}  // namespace hw4::core
