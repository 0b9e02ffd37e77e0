// The autoencoder's diagnoses: each rule reads the run's numbers and, when it fires, says what
// happened, what to do, and which numbers show it (thresholds are documented in
// docs/autoencoder.md).
#include <algorithm>
#include <cmath>
#include <string>

#include "hw4/core/autoencoder_train.h"

namespace hw4::core {

namespace {

// Thresholds of the rules.
constexpr double kRiseFactor = 1.1;          // diverged: final loss > 1.1 × the initial loss
constexpr double kReboundFactor = 2.0;       // diverged: final loss > 2 × the best epoch's …
constexpr double kReboundShare = 0.1;        // … by more than 10 % of the initial loss
constexpr double kOverfitRatio = 1.5;        // overfitting: test/train ≥ 1.5 …
constexpr double kOverfitGap = 0.01;         // … and test − train ≥ 1 % of the test variance …
constexpr double kTestRise = 1.1;            // … and the test loss 10 % above its best …
constexpr double kOverfitClearRatio = 3.0;   // … or test/train ≥ 3
constexpr double kUnderfitFraction = 0.5;    // underfitting: train loss > half the variance
constexpr double kVanishingRatio = 1e-3;     // vanishing: a layer's norm < 1e-3 × the largest
constexpr double kExplodingGrowth = 1e3;     // exploding: norms grew 1000× over training …
constexpr double kExplodingNorm = 1e4;       // … or exceed 1e4
constexpr double kNoiseGain = 1.0;           // not_robust: error grows more than the noise's σ² …
constexpr double kNoiseWorsening = 1.5;      // … and is 1.5 × the clean error

double max_norm(const std::vector<double>& norms) {
  double m = 0;
  for (const double n : norms) m = std::max(m, std::isfinite(n) ? n : INFINITY);
  return m;
}

}  // namespace

std::vector<Diagnosis> diagnose(const TrainResult& run, const AutoencoderSpec& spec,
                                const TrainSettings& settings) {
  std::vector<Diagnosis> found;
  if (run.history.empty()) return found;
  const double lr = settings.optimizer.learning_rate;
  double best_train = INFINITY, best_test = INFINITY;
  std::int64_t best_test_epoch = 0;
  for (const auto& record : run.history) {
    if (std::isfinite(record.train_loss)) best_train = std::min(best_train, record.train_loss);
    if (std::isfinite(record.test_loss) && record.test_loss < best_test) {
      best_test = record.test_loss;
      best_test_epoch = record.epoch;
    }
  }
  const auto& first_norms = run.history.front().grad_norms;
  const auto& last_norms = run.history.back().grad_norms;

  // Exploding gradients: non-finite or very large norms, or norms that grew by orders of
  // magnitude; checked first because they often explain a divergence.
  {
    const double first = max_norm(first_norms), last = max_norm(last_norms);
    const bool non_finite = !std::isfinite(last);
    const double growth = first > 0 ? last / first : 0;
    if (non_finite || last > kExplodingNorm || growth > kExplodingGrowth) {
      Diagnosis d{"exploding_gradients",
                  "the gradients grew out of bounds: each step overshoots further; lower the "
                  "learning rate, clip the gradient norm or add weight decay",
                  {{"first_epoch_max_grad_norm", first}}};
      if (!non_finite) {
        d.evidence.push_back({"last_epoch_max_grad_norm", last});
        d.evidence.push_back({"growth", growth});
      }
      d.evidence.push_back({"learning_rate", lr});
      found.push_back(std::move(d));
    }
  }

  const double final_train = run.train_loss;
  if (run.diverged) {
    Diagnosis d{"diverged",
                "the loss stopped being a finite number, so training stopped: the steps are too "
                "large; lower the learning rate",
                {{"epoch", static_cast<double>(run.history.back().epoch)},
                 {"initial_loss", run.initial_loss},
                 {"learning_rate", lr}}};
    if (std::isfinite(best_train)) d.evidence.push_back({"best_train_loss", best_train});
    found.push_back(std::move(d));
    return found;
  }
  const bool rebound = final_train > kReboundFactor * best_train &&
                       final_train - best_train > kReboundShare * run.initial_loss;
  if (final_train > kRiseFactor * run.initial_loss || rebound) {
    found.push_back({"diverged",
                     "the loss rose instead of falling: the steps overshoot the minimum; lower the "
                     "learning rate",
                     {{"initial_loss", run.initial_loss},
                      {"best_train_loss", best_train},
                      {"final_train_loss", final_train},
                      {"learning_rate", lr}}});
    return found;
  }

  if (run.test_samples > 0 && std::isfinite(run.test_loss)) {
    const double ratio = run.test_loss / final_train;
    const double gap = run.test_loss - final_train;
    const bool test_rising = run.test_loss > kTestRise * best_test;
    if (ratio >= kOverfitRatio && gap >= kOverfitGap * run.baseline_test &&
        (test_rising || ratio >= kOverfitClearRatio)) {
      found.push_back(
          {"overfitting",
           "the test loss is well above the train loss: the network memorises its training "
           "samples instead of the structure they share, so a low training error says little; "
           "use more data, fewer parameters, weight decay or input noise, or stop at the best "
           "test epoch",
           {{"train_loss", final_train},
            {"test_loss", run.test_loss},
            {"test_over_train", ratio},
            {"best_test_loss", best_test},
            {"best_test_epoch", static_cast<double>(best_test_epoch)},
            {"parameters", static_cast<double>(run.parameters)},
            {"train_samples", static_cast<double>(run.train_samples)}}});
    }
  }

  if (final_train > kUnderfitFraction * run.baseline_train) {
    found.push_back({"underfitting",
                     "the network reconstructs the training data barely better than their mean: "
                     "train longer, raise the learning rate, or give the network more units",
                     {{"train_loss", final_train},
                      {"mean_baseline_mse", run.baseline_train},
                      {"fraction_explained", 1 - final_train / run.baseline_train},
                      {"pca_mse_at_latent", run.pca_mse_at_latent}}});
  }

  if (!run.pca_components_for.empty() && spec.latent < run.pca_components_for[0]) {
    found.push_back(
        {"latent_too_small",
         "the latent code has fewer units than the principal components that hold 90% of the "
         "variance, so even the best linear code loses more than 10% of it: widen the latent "
         "layer",
         {{"latent", static_cast<double>(spec.latent)},
          {"components_for_0.9", static_cast<double>(run.pca_components_for[0])},
          {"components_for_0.95", static_cast<double>(run.pca_components_for[1])},
          {"components_for_0.99", static_cast<double>(run.pca_components_for[2])},
          {"pca_explained_at_latent", run.pca_explained_at_latent},
          {"pca_mse_at_latent", run.pca_mse_at_latent}}});
  }

  {
    const double largest = max_norm(last_norms);
    double smallest = INFINITY;
    std::size_t weakest = 0;
    for (std::size_t l = 0; l < last_norms.size(); ++l) {
      if (last_norms[l] < smallest) {
        smallest = last_norms[l];
        weakest = l;
      }
    }
    if (std::isfinite(largest) && (largest == 0 || smallest < kVanishingRatio * largest)) {
      Diagnosis d{"vanishing_gradients",
                  "the gradient reaching some layers is orders of magnitude smaller than at "
                  "others, so those layers barely learn: use relu rather than sigmoid or tanh, "
                  "fewer layers, or check for dead units",
                  {{"weakest_layer", static_cast<double>(weakest + 1)},
                   {"weakest_grad_norm", smallest},
                   {"largest_grad_norm", largest},
                   {"ratio", largest > 0 ? smallest / largest : 0.0}}};
      found.push_back(std::move(d));
    }
  }

  for (const auto& point : run.robustness) {
    if (point.noise_std <= 0 || !std::isfinite(run.test_loss)) continue;
    const double variance = point.noise_std * point.noise_std;
    const double gain = (point.mse - run.test_loss) / variance;
    if (gain > kNoiseGain && point.mse > kNoiseWorsening * run.test_loss) {
      found.push_back(
          {"not_robust",
           "a small perturbation of the input raises the error by more than the perturbation "
           "itself: the network amplifies noise; train with input noise (the denoising loss) "
           "or weight decay",
           {{"noise_std", point.noise_std},
            {"noisy_test_mse", point.mse},
            {"clean_test_mse", run.test_loss},
            {"noise_gain", gain}}});
      break;  // the smallest failing level tells the story
    }
  }
  return found;
}

}  // namespace hw4::core
