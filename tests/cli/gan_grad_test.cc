// `hw4 gan-grad` through the CLI: every input error message in full (exit 2 with its pointer),
// finite output for logits of ±1000, and exit 1 when the gradient check fails.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

void expect_gan_error(const std::string& input, const std::string& message) {
  const CliResult r = run_cli({"gan-grad", "grad"}, input);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hw4: error: " + message + "\n");
  EXPECT_EQ(r.out, "");
}

// A 2 -> 3 -> 1 discriminator with `extra` spliced into the document.
std::string network_input(const std::string& layers, const std::string& samples) {
  return R"({"discriminator": {"layers": )" + layers + "}, " + samples + "}";
}

const char* kLayers =
    R"([{"weight": [[1, 0], [0, 1], [1, 1]], "bias": [0, 0, 0], "activation": "relu"},
        {"weight": [[1, -1, 0.5]], "bias": [0]}])";
const char* kSamples = R"("real": [[1, 2]], "fake": [[0.5, -1]])";

TEST(GanGradCli, RejectsBothForms) {
  expect_gan_error(R"({"real_logits": [1], "fake_logits": [0], "real": [[1]]})",
                   "<stdin>: give either real_logits and fake_logits, or discriminator with real "
                   "and fake, not both");
}

TEST(GanGradCli, RejectsNeitherForm) {
  expect_gan_error(R"({"loss": "minimax"})",
                   "<stdin>: expected real_logits and fake_logits, or discriminator with real and "
                   "fake");
}

TEST(GanGradCli, RejectsEmptyLogits) {
  expect_gan_error(R"({"real_logits": [], "fake_logits": [0]})",
                   "<stdin>:/real_logits: expected at least 1 logit");
}

TEST(GanGradCli, RequiresFakeLogits) {
  expect_gan_error(R"({"real_logits": [1]})", "<stdin>: missing required field \"fake_logits\"");
}

TEST(GanGradCli, RejectsUnknownLoss) {
  expect_gan_error(R"({"loss": "minmax", "real_logits": [1], "fake_logits": [0]})",
                   "<stdin>:/loss: expected one of \"minimax\", \"non_saturating\", "
                   "\"wasserstein\", got \"minmax\" (did you mean \"minimax\"?)");
}

TEST(GanGradCli, RejectsSamplesOfTheWrongWidth) {
  expect_gan_error(network_input(kLayers, R"("real": [[1, 2, 3]], "fake": [[0.5, -1]])"),
                   "<stdin>:/real: expected samples of 2 values (the first layer's inputs), got 3");
}

TEST(GanGradCli, RejectsRaggedSamples) {
  expect_gan_error(network_input(kLayers, R"("real": [[1, 2]], "fake": [[0.5, -1], [3]])"),
                   "<stdin>:/fake/1: row has 1 values, expected 2 like row 0");
}

TEST(GanGradCli, RejectsLayersThatDoNotChain) {
  expect_gan_error(
      network_input(R"([{"weight": [[1, 0], [0, 1], [1, 1]], "bias": [0, 0, 0]},
                        {"weight": [[1, -1]], "bias": [0]}])",
                    kSamples),
      "<stdin>:/discriminator/layers/1/weight: expected 3 columns (layer 0's outputs), got 2");
}

TEST(GanGradCli, RequiresOneOutput) {
  expect_gan_error(network_input(R"([{"weight": [[1, 0], [0, 1]], "bias": [0, 0]}])", kSamples),
                   "<stdin>:/discriminator/layers/0/weight: expected 1 row in the last layer (its "
                   "output is the logit), got 2");
}

TEST(GanGradCli, RejectsABiasOfTheWrongLength) {
  expect_gan_error(network_input(R"([{"weight": [[1, 0]], "bias": [0, 1]}])", kSamples),
                   "<stdin>:/discriminator/layers/0/bias: expected 1 values (one per row of "
                   "weight), got 2");
}

TEST(GanGradCli, RejectsARaggedWeight) {
  expect_gan_error(network_input(R"([{"weight": [[1, 0], [1]], "bias": [0, 1]}])", kSamples),
                   "<stdin>:/discriminator/layers/0/weight/1: row has 1 values, expected 2 like "
                   "row 0");
}

TEST(GanGradCli, RejectsNoLayers) {
  expect_gan_error(network_input("[]", kSamples),
                   "<stdin>:/discriminator/layers: expected at least 1 layer");
}

TEST(GanGradCli, RejectsAnUnknownActivation) {
  expect_gan_error(
      network_input(R"([{"weight": [[1, 0]], "bias": [0], "activation": "gelu"}])", kSamples),
      "<stdin>:/discriminator/layers/0/activation: expected one of \"relu\", \"leaky_relu\", "
      "\"tanh\", \"sigmoid\", \"linear\", got \"gelu\" (did you mean \"relu\"?)");
}

TEST(GanGradCli, RejectsAnUnknownActivationObject) {
  expect_gan_error(
      network_input(R"([{"weight": [[1, 0]], "bias": [0], "activation": {"leaky": 0.2}}])",
                    kSamples),
      "<stdin>:/discriminator/layers/0/activation/leaky: unknown field (expected "
      "\"leaky_relu\")");
}

nlohmann::json run_json(const std::string& input, int expected_exit = 0) {
  const CliResult r = run_cli({"gan-grad", "grad", "--format", "json"}, input);
  EXPECT_EQ(r.exit_code, expected_exit) << r.err;
  return nlohmann::json::parse(r.out)["result"];
}

void expect_all_finite(const nlohmann::json& j) {
  if (j.is_number()) {
    EXPECT_TRUE(std::isfinite(j.get<double>()));
  } else if (j.is_structured()) {
    for (const auto& item : j) expect_all_finite(item);
  }
}

TEST(GanGradCli, ThousandLogitsAreFiniteInEveryLoss) {
  for (const std::string loss : {"minimax", "non_saturating", "wasserstein"}) {
    for (const std::string reduction : {"sum", "mean"}) {
      const auto result =
          run_json(R"({"loss": ")" + loss + R"(", "reduction": ")" + reduction +
                   R"(", "real_logits": [1000, -1000, 0], "fake_logits": [-1000, 1000]})");
      expect_all_finite(result);
      EXPECT_TRUE(result["gradient_check"]["passed"].get<bool>());
      EXPECT_FALSE(result["gradient_check"]["max_abs_error"].is_null());
    }
  }
}

TEST(GanGradCli, ALeakyReluSlopeObjectIsUsed) {
  // One layer x -> leaky_relu(x) with slope 0.2 then 1 -> 1 linear: z = leaky(w x), w = 1.
  const auto result = run_json(network_input(
      R"([{"weight": [[1]], "bias": [0], "activation": {"leaky_relu": 0.2}},
          {"weight": [[1]], "bias": [0]}])",
      R"("loss": "wasserstein", "real": [[-2]], "fake": [[3]])"));
  EXPECT_DOUBLE_EQ(result["objective"].get<double>(), -0.4 - 3);
  EXPECT_DOUBLE_EQ(result["grad_fake_inputs"][0][0].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(result["grad_params"][0]["weight"][0][0].get<double>(), -2 * 0.2 - 3);
}

TEST(GanGradCli, AFailedGradientCheckExitsOne) {
  // z + h overflows to infinity for z this close to the largest double, so the finite
  // differences cannot confirm the gradient: the check fails and the answer is "no".
  const auto result =
      run_json(R"({"loss": "wasserstein", "real_logits": [1.7976931e308], "fake_logits": [0]})", 1);
  EXPECT_FALSE(result["gradient_check"]["passed"].get<bool>());
}

}  // namespace
}  // namespace hw4::testing
