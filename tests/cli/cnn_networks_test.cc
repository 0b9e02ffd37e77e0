// Real networks in data/networks/*.json counted through the CLI: totals equal torchvision's
// exactly (parameters and MACs at 3x224x224). The oracle is data/networks/torchvision_counts.json,
// measured with torchvision 0.14 by data/networks/measure_torchvision.py; the parameter counts
// are also torchvision's published figures (its model documentation), checked here literally.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

struct Network {
  const char* name;
  std::int64_t published_params;
  double published_gflops;  // torchvision's "GFLOPS" column, which counts MACs
};

const Network kNetworks[] = {
    {"resnet18", 11'689'512, 1.81},    {"resnet50", 25'557'032, 4.09},
    {"vgg16", 138'357'544, 15.47},     {"googlenet", 6'624'904, 1.50},
    {"mobilenet_v2", 3'504'872, 0.30}, {"densenet121", 7'978'856, 2.83},
};

// Counts data/networks/<name>.json and checks its totals and output shape against the oracle
// file's entry; returns the counted model.
nlohmann::json expect_oracle_totals(const std::string& name, const std::string& oracle_path) {
  std::ifstream oracle_file(source_path(oracle_path));
  const auto oracle = nlohmann::json::parse(oracle_file)["networks"][name];
  EXPECT_TRUE(oracle.is_object()) << name;
  const CliResult r = run_cli({"cnn-params", "count", source_path("data/networks/" + name + ".json"),
                               "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (r.exit_code != 0) return nullptr;
  const auto model = nlohmann::json::parse(r.out)["result"]["models"]["model"];
  EXPECT_EQ(model["params"]["value"], oracle["params"]);
  EXPECT_EQ(model["macs"]["value"], oracle["macs"]);
  EXPECT_EQ(model["output_shape"], oracle["output_shape"]);
  return model;
}

class CnnNetworks : public ::testing::TestWithParam<Network> {};

TEST_P(CnnNetworks, TotalsEqualTorchvision) {
  const Network& n = GetParam();
  const auto model = expect_oracle_totals(n.name, "data/networks/torchvision_counts.json");
  ASSERT_FALSE(model.is_null());
  EXPECT_EQ(model["params"]["value"].get<std::int64_t>(), n.published_params);
  EXPECT_NEAR(model["macs"]["value"].get<double>() / 1e9, n.published_gflops, 0.005);
}

INSTANTIATE_TEST_SUITE_P(Torchvision, CnnNetworks, ::testing::ValuesIn(kNetworks),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// The course's networks (DCGAN, BiLSTM tagger, transformer classifier, M5, U-Net): totals and
// output shape equal PyTorch's, measured by data/networks/measure_course_networks.py into
// data/networks/course_counts.json (MACs from hooks on what each module multiplies).
class CourseNetworks : public ::testing::TestWithParam<const char*> {};

TEST_P(CourseNetworks, TotalsEqualPyTorch) {
  expect_oracle_totals(GetParam(), "data/networks/course_counts.json");
}

INSTANTIATE_TEST_SUITE_P(Course, CourseNetworks,
                         ::testing::Values("dcgan_generator", "dcgan_discriminator", "bilstm_tagger",
                                           "transformer_classifier", "m5_audio", "unet_small"));

}  // namespace
}  // namespace hw4::testing
