// `hw4 autoencoder`: PCA's intrinsic dimension (analyze) and a dense autoencoder's training run
// with its diagnoses (train), SPEC section autoencoder.
#include <string>

#include "cli/command.h"
#include "cli/read_autoencoder.h"
#include "hw4/derive/autoencoder.h"

namespace hw4::cli {

namespace {

derive::AutoencoderDataInfo data_info(const AutoencoderData& data) {
  derive::AutoencoderDataInfo info{data.source, data.synthetic.has_value(), {}};
  if (data.synthetic) info.spec = *data.synthetic;
  return info;
}

// "\r[#####.....] epoch 3/10" on a terminal's standard error; a newline when done.
void show_progress(std::ostream& out, std::int64_t done, std::int64_t total) {
  constexpr std::int64_t kWidth = 30;
  const std::int64_t filled = done * kWidth / total;
  out << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
      << std::string(static_cast<std::size_t>(kWidth - filled), '.') << "] epoch " << done << "/"
      << total << (done == total ? "\n" : "") << std::flush;
}

}  // namespace

Command autoencoder_command() {
  Mode analyze{
      "analyze", "PCA of the data: explained variance, components for 90/95/99 %, rank bound",
      "  hw4 autoencoder analyze data/examples/autoencoder/analyze/digits.json\n"
      "  {\"data\": {\"csv\": \"../../../digits.csv\", \"header\": false}}\n",
      [](const input::JsonReader& in, const Context& context) -> Task {
        const AutoencoderCommon input = read_autoencoder_analyze(in, context);
        return [input] {
          const auto x = input.data.as_double(input.threads);
          return derive::autoencoder_analyze(core::pca_spectrum(x, input.threads),
                                             data_info(input.data));
        };
      },
      {}};
  Mode train{
      "train", "train a dense (denoising) autoencoder; losses, robustness and diagnoses",
      "  hw4 autoencoder train data/examples/autoencoder/train/seed_small.json\n"
      "  {\"data\": {\"synthetic\": {\"samples\": 200, \"features\": 2000, \"rank\": 10}},\n"
      "   \"model\": {\"hidden\": [64], \"latent\": 16}, \"train\": {\"epochs\": 10}}\n",
      [](const input::JsonReader& in, const Context& context) -> Task {
        AutoencoderTrainInput input = read_autoencoder_train(in, context);
        if (context.progress != nullptr) {
          std::ostream* out = context.progress;
          input.settings.on_epoch = [out](std::int64_t done, std::int64_t total) {
            show_progress(*out, done, total);
          };
        }
        return [input] {
          const auto x = input.common.data.as_float(input.common.threads);
          const core::TrainResult run = core::train_autoencoder(x, input.model, input.settings);
          return derive::autoencoder_train(run, input.model, input.settings,
                                           data_info(input.common.data));
        };
      },
      {}};
  return {"autoencoder",
          "intrinsic dimension by PCA, and training a dense autoencoder with diagnoses",
          {analyze, train}};
}

}  // namespace hw4::cli
