// The rnn-equal derivation's result: SPEC fields, and the repair pointing into the input.
#include "hw4/derive/rnn_equal.h"

#include <gtest/gtest.h>

namespace hw4::derive {
namespace {

core::RnnNetwork seed() {
  core::RnnNetwork net;
  net.weights.W.resize(2, 2);
  net.weights.W << 1, 1, -1, -1;
  net.weights.b.resize(2);
  net.weights.b << -0.5, 1.1;
  net.weights.v.resize(2);
  net.weights.v << 1, 1;
  net.weights.c0 = 0.1;
  net.weights.r = 3.25;
  net.weights.c = -3;
  return net;
}

TEST(RnnEqualDerive, SeedRepairPointsIntoTheInput) {
  const core::RnnNetwork net = seed();
  const report::Answer answer = rnn_equal_verify(net, core::rnn_verify(net, 12));
  EXPECT_TRUE(answer.negative);
  const auto& fixes = answer.result["repair"]["fixes"];
  ASSERT_EQ(fixes.size(), 4u);
  EXPECT_EQ(fixes[0]["pointer"], "/weights/b/0");
  EXPECT_EQ(fixes[0]["computes"], "OR");
  EXPECT_EQ(fixes[0]["should_compute"], "AND");
  EXPECT_EQ(fixes[0]["interval"]["lo"], -2.0);
  EXPECT_EQ(fixes[0]["interval"]["hi"], -1.0);
  EXPECT_EQ(fixes[0]["interval"]["hi_closed"], true);
  EXPECT_EQ(fixes[1]["pointer"], "/weights/b/1");
  EXPECT_EQ(fixes[2]["pointer"], "/weights/c0");
  EXPECT_EQ(fixes[3]["pointer"], "/weights/c");
  EXPECT_EQ(answer.result["hidden"][0]["computes"], "OR");
  EXPECT_EQ(answer.result["hidden"][1]["computes"], "NAND");
  EXPECT_EQ(answer.result["method"], "proof");
}

TEST(RnnEqualDerive, RunValuesAreBitsUnderStep) {
  const core::RnnNetwork net = seed();
  const report::Answer answer = rnn_equal_run(net, core::rnn_run(net, {1, 0}, {1, 1}));
  EXPECT_TRUE(answer.negative);
  EXPECT_TRUE(answer.result["trace"][0]["y"].is_number_integer());
  EXPECT_EQ(answer.result["outputs"], nlohmann::json::array({1, 1}));
  EXPECT_EQ(answer.result["first_wrong"], 2);
  EXPECT_FALSE(answer.result.contains("outputs_values"));
}

}  // namespace
}  // namespace hw4::derive
