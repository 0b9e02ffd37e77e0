// The dense autoencoder's trainer (SPEC autoencoder train): the network module's DenseNetwork
// with PyTorch's initialisation, mini-batch Adam or SGD on the (denoising) reconstruction loss,
// per-epoch losses and gradient norms, robustness to input noise, and the diagnoses with the
// numbers behind them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "hw4/core/autoencoder.h"
#include "hw4/core/network.h"
#include "hw4/core/optimizer.h"

namespace hw4::core {

// features → hidden… → latent → reversed hidden… → features. `activation` follows every hidden
// layer; the latent code is linear (the encoder's last layer, as in PCA's projection), and
// `output_activation` follows the last layer.
struct AutoencoderSpec {
  std::vector<std::int64_t> hidden{64};
  std::int64_t latent = 16;
  ActivationKind activation = ActivationKind::kRelu;
  ActivationKind output_activation = ActivationKind::kLinear;
};

// Layer widths from input to output: {d, hidden…, latent, reversed hidden…, d}.
std::vector<std::int64_t> autoencoder_widths(std::int64_t features, const AutoencoderSpec& spec);
// Σ out·(in + 1) over the layers, without building them.
std::int64_t autoencoder_parameter_count(std::int64_t features, const AutoencoderSpec& spec);

// torch.nn.Linear's initialisation: kaiming_uniform_(a = √5) for the weights, which is
// U(−1/√in, 1/√in), and U(−1/√in, 1/√in) for the biases; layer l draws from its own stream.
DenseNetwork<float> initial_autoencoder(std::int64_t features, const AutoencoderSpec& spec,
                                        std::uint64_t seed);

struct TrainSettings {
  std::int64_t epochs = 10;
  std::int64_t batch_size = 32;
  OptimizerSettings optimizer;
  double input_noise_std = 0.0;  // > 0: the denoising loss E[(f(x + ε) − x)²], ε ~ N(0, σ²)
  std::vector<double> robustness_noise{0.01, 0.1};
  double test_fraction = 0.2;
  std::uint64_t seed = 0;  // split, initialisation, batch order and noise
  int threads = 1;
  // Called after each epoch with (epochs done, epochs planned); may be empty.
  std::function<void(std::int64_t, std::int64_t)> on_epoch;
};

struct EpochRecord {
  std::int64_t epoch = 0;
  double train_loss = 0;  // MSE per element over the whole training set, clean inputs, after the epoch
  double test_loss = 0;   // the same over the test set (NaN without a test set)
  // Per layer: the mean over the epoch's steps of ‖(∂L/∂W_l, ∂L/∂b_l)‖₂ (the batch loss's).
  std::vector<double> grad_norms;
};

struct RobustnessPoint {
  double noise_std = 0;
  double mse = 0;  // test MSE against the clean x when the input is x + ε, ε ~ N(0, noise_std²)
};

// A finding about the run: a code from SPEC's list, a sentence saying what it means and what to
// do, and the numbers it rests on.
struct Diagnosis {
  std::string code;
  std::string message;
  std::vector<std::pair<std::string, double>> evidence;
};

struct TrainResult {
  std::vector<std::int64_t> widths;
  std::vector<ActivationKind> activations;
  std::int64_t parameters = 0;
  std::int64_t features = 0;
  std::int64_t train_samples = 0;
  std::int64_t test_samples = 0;
  std::int64_t steps = 0;
  bool denoising = false;
  double initial_loss = 0;     // the first batch's loss before any update
  double baseline_train = 0;   // MSE of always answering the training mean, on the train set
  double baseline_test = 0;    // … and on the test set (NaN without one)
  // PCA of the training rows: how many components 90/95/99 % of the variance needs, and the
  // least MSE per element any linear autoencoder with `latent` units can reach on them.
  std::vector<std::int64_t> pca_components_for;
  double pca_mse_at_latent = 0;
  double pca_explained_at_latent = 0;
  std::vector<EpochRecord> history;  // one per epoch run
  bool diverged = false;             // a loss became non-finite: training stopped there
  double train_loss = 0;             // the last epoch's (NaN when diverged)
  double test_loss = 0;
  std::vector<RobustnessPoint> robustness;
  std::vector<Diagnosis> diagnoses;
  DenseNetwork<float> network;  // the trained weights
};

// Bounds on the work a train input may ask for, checked by the reader before anything runs.
inline constexpr std::int64_t kMaxParameters = 50'000'000;
inline constexpr std::int64_t kMaxWidth = 1'000'000;
inline constexpr std::int64_t kMaxLayers = 64;
inline constexpr std::int64_t kMaxEpochs = 100'000;
inline constexpr double kMaxTrainFlops = 2e13;  // about ten minutes on two cores

// Multiply-adds × 2 of a run: 6·params per training sample per epoch (forward, two backward
// products) plus 2·params per evaluated sample per epoch and per robustness level.
double training_flops(std::int64_t parameters, std::int64_t train_samples,
                      std::int64_t test_samples, const TrainSettings& settings);

// Trains on `data` (samples × features): split by settings.seed and test_fraction, then
// settings.epochs epochs of shuffled mini-batches. Throws Error(kMath) when the split leaves
// no training sample.
TrainResult train_autoencoder(const SampleMatrix<float>& data, const AutoencoderSpec& spec,
                              const TrainSettings& settings);

// The loss L = mean((f(input) − target)²) of one batch and its gradient with respect to every
// parameter, computed the way the trainer computes it (wide first and last layers split in
// column blocks over the pool), written into `grads`. For tests and the gradient check.
template <typename Scalar>
double autoencoder_batch_gradient(const DenseNetwork<Scalar>& net,
                                  const RowMatrix<Scalar>& input,
                                  const RowMatrix<Scalar>& target,
                                  NetworkGradients<Scalar>& grads, int threads = 1);

// The diagnoses of a finished run (fills nothing; returns them). Rules and thresholds: see
// docs/autoencoder.md.
std::vector<Diagnosis> diagnose(const TrainResult& run, const AutoencoderSpec& spec,
                                const TrainSettings& settings);

}  // namespace hw4::core
