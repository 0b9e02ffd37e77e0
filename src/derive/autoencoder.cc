// The derivations of `autoencoder analyze` (PCA and the intrinsic dimension, 2.4) and
// `autoencoder train` (the run, robustness and diagnoses, 2.1–2.3).
#include "hw4/derive/autoencoder.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "hw4/derive/gradient_check.h"

namespace hw4::derive {

using report::Formula;
using report::integer;
using report::num;
using report::raw;
using report::tex;

namespace {

Formula number_or_dash(double x) { return std::isfinite(x) ? num(x) : raw("–"); }

std::string threshold_key(double t) {
  if (t == 0.9) return "0.9";
  if (t == 0.95) return "0.95";
  return "0.99";
}

std::int64_t percent(double t) { return static_cast<std::int64_t>(std::lround(t * 100)); }

report::Text data_sentence(const AutoencoderDataInfo& data, std::int64_t n, std::int64_t d) {
  report::Text text;
  if (data.synthetic) {
    text << "Synthetic data as in the seed: "
         << tex("X = U·V/√r + noise·E", "X = UV/\\sqrt{r} + \\text{noise}\\cdot E")
         << " with U, V, E standard normal, r = " << integer(data.spec.rank)
         << ", noise = " << num(data.spec.noise) << ", seed " << integer(static_cast<std::int64_t>(data.spec.seed))
         << ": " << integer(n) << " samples of " << integer(d) << " features.";
  } else {
    text << (data.source == "rows" ? std::string("Inline rows: ") : "CSV file " + data.source + ": ")
         << integer(n) << " samples of " << integer(d) << " features.";
  }
  return text;
}

}  // namespace

report::Answer autoencoder_analyze(const core::PcaResult& pca, const AutoencoderDataInfo& data) {
  report::Answer answer;
  const auto listed = std::min<Eigen::Index>(pca.ratio.size(), kMaxListedComponents);
  std::vector<double> ratios(pca.ratio.data(), pca.ratio.data() + listed);
  std::vector<double> cumulative(pca.cumulative.data(), pca.cumulative.data() + listed);
  std::vector<double> eigenvalues(pca.eigenvalues.data(), pca.eigenvalues.data() + listed);
  nlohmann::json comps = nlohmann::json::object();
  for (std::size_t i = 0; i < pca.thresholds.size(); ++i) {
    comps[threshold_key(pca.thresholds[i])] = pca.components_for[i];
  }
  answer.result = {{"samples", pca.samples},
                   {"features", pca.features},
                   {"explained_variance_ratio", ratios},
                   {"components_for", comps},
                   {"cumulative_explained_variance", cumulative},
                   {"eigenvalues", eigenvalues},
                   {"total_variance", pca.total_variance},
                   {"rank_bound", pca.rank_bound},
                   {"numerical_rank", pca.numerical_rank},
                   {"method", pca.used_gram ? "gram" : "covariance"}};

  const std::int64_t n = pca.samples, d = pca.features;
  answer.report.title = "Intrinsic dimension by PCA";

  report::Section setup{"Data", {}};
  setup.blocks.push_back(data_sentence(data, n, d));
  setup.blocks.push_back(report::Step{
      "centred data",
      tex("X_c = X − 1·μᵀ,  C = X_cᵀ X_c / (n − 1)",
          "X_c = X - \\mathbf{1}\\mu^\\top,\\quad C = \\frac{X_c^\\top X_c}{n - 1}"),
      {}, {}, report::Text("μ is the mean of each feature; C is the sample covariance.")});
  setup.blocks.push_back(report::Step{
      "rank bound",
      tex("rank(X_c) ≤ min(n − 1, d)", "\\operatorname{rank}(X_c) \\le \\min(n - 1, d)"),
      tex("min(", "\\min(") + integer(n - 1) + raw(", ") + integer(d) + raw(")"),
      pca.rank_bound,
      report::Text("centring removes one dimension, and n samples span at most n − 1 "
                   "directions around their mean: no more than this many eigenvalues can be "
                   "non-zero")});
  if (pca.used_gram) {
    setup.blocks.push_back(report::Text()
                           << "Since n ≤ d, the eigenvalues come from the n × n Gram matrix "
                           << tex("X_c X_cᵀ", "X_c X_c^\\top")
                           << ", which has the same non-zero eigenvalues as "
                           << tex("X_cᵀ X_c", "X_c^\\top X_c") << " (" << integer(n) << " × "
                           << integer(n) << " instead of " << integer(d) << " × " << integer(d)
                           << ").");
  }
  answer.report.sections.push_back(std::move(setup));

  report::Section spectrum{"Explained variance", {}};
  spectrum.blocks.push_back(report::Step{
      "total variance", tex("Σ_i λ_i = tr(C)", "\\sum_i \\lambda_i = \\operatorname{tr}(C)"), {},
      pca.total_variance,
      report::Text() << "the eigenvalues of C in decreasing order give the ratios "
                     << tex("r_k = λ_k / Σ_i λ_i", "r_k = \\lambda_k / \\sum_i \\lambda_i")});
  const std::int64_t k99 = pca.components_for.empty() ? 1 : pca.components_for.back();
  const auto rows = std::min<std::int64_t>(listed, std::max<std::int64_t>(20, k99 + 2));
  report::Table table{{"k", "eigenvalue", "ratio", "cumulative"}, {}, ""};
  for (std::int64_t k = 0; k < rows; ++k) {
    table.rows.push_back({integer(k + 1), num(eigenvalues[static_cast<std::size_t>(k)]),
                          num(ratios[static_cast<std::size_t>(k)]),
                          num(cumulative[static_cast<std::size_t>(k)])});
  }
  if (rows < pca.ratio.size()) {
    table.caption = "the leading " + std::to_string(rows) + " of " +
                    std::to_string(pca.ratio.size()) + " components";
  }
  spectrum.blocks.push_back(std::move(table));
  for (std::size_t i = 0; i < pca.thresholds.size(); ++i) {
    const double t = pca.thresholds[i];
    const std::int64_t k = pca.components_for[i];
    report::Text note;
    note << "cumulative " << num(pca.cumulative(k - 1));
    if (k > 1) note << ", while " << integer(k - 1) << " components reach only " << num(pca.cumulative(k - 2));
    spectrum.blocks.push_back(report::Step{
        "components for " + std::to_string(percent(t)) + "%",
        tex("k = min{k : Σ_{i≤k} r_i ≥ ", "k = \\min\\{k : \\sum_{i \\le k} r_i \\ge ") + num(t) +
            tex("}", "\\}"),
        {}, k, note});
  }
  answer.report.sections.push_back(std::move(spectrum));

  report::Section meaning{"Why a small autoencoder suffices (2.4)", {}};
  const std::int64_t k90 = pca.components_for.front();
  meaning.blocks.push_back(
      report::Text() << "The samples have " << integer(d) << " features, but " << integer(k99)
                     << " directions hold 99% of their variance (" << integer(k90)
                     << " hold 90%): the features are strongly correlated, and the data lie "
                        "close to a subspace of dimension about "
                     << integer(k99) << ", not " << integer(d) << ".");
  report::Text bound;
  if (pca.rank_bound < d) {
    bound << "With " << integer(n) << " samples there are at most " << integer(pca.rank_bound)
          << " directions to find at all, so the network never has to represent " << integer(d)
          << " independent numbers. ";
  }
  bound << "A bottleneck of about " << integer(k99)
        << " units keeps nearly everything (a linear autoencoder with k units is at best PCA "
           "with k components), which is why few samples and few neurons can reconstruct the "
           "data well.";
  meaning.blocks.push_back(std::move(bound));
  answer.report.sections.push_back(std::move(meaning));

  report::Plot plot;
  plot.title = "Scree plot";
  plot.x_label = "component k";
  plot.y_label = "explained variance ratio";
  const auto shown = std::min<std::int64_t>(listed, std::max<std::int64_t>(20, 2 * k99));
  report::Series ratio_series{"ratio", {}, {}}, cumulative_series{"cumulative", {}, {}};
  for (std::int64_t k = 0; k < shown; ++k) {
    ratio_series.x.push_back(static_cast<double>(k + 1));
    ratio_series.y.push_back(ratios[static_cast<std::size_t>(k)]);
    cumulative_series.x.push_back(static_cast<double>(k + 1));
    cumulative_series.y.push_back(cumulative[static_cast<std::size_t>(k)]);
  }
  plot.series = {ratio_series, cumulative_series};
  for (std::size_t i = 0; i < pca.thresholds.size(); ++i) {
    plot.vertical_lines.push_back({static_cast<double>(pca.components_for[i]), 0,
                                   std::to_string(percent(pca.thresholds[i])) + "%"});
  }
  answer.plot = std::move(plot);
  return answer;
}

report::Answer autoencoder_train(const core::TrainResult& run, const core::AutoencoderSpec& model,
                                 const core::TrainSettings& settings,
                                 const AutoencoderDataInfo& data) {
  report::Answer answer;
  nlohmann::json history = nlohmann::json::array();
  for (const auto& record : run.history) {
    nlohmann::json norms = nlohmann::json::array();
    for (const double g : record.grad_norms) norms.push_back(number_or_null(g));
    history.push_back({{"epoch", record.epoch},
                       {"train_loss", number_or_null(record.train_loss)},
                       {"test_loss", number_or_null(record.test_loss)},
                       {"grad_norms", norms}});
  }
  nlohmann::json robustness = nlohmann::json::array();
  for (const auto& point : run.robustness) {
    robustness.push_back({{"noise_std", point.noise_std}, {"mse", number_or_null(point.mse)}});
  }
  nlohmann::json diagnoses = nlohmann::json::array();
  for (const auto& d : run.diagnoses) {
    nlohmann::json evidence = nlohmann::json::object();
    for (const auto& [key, value] : d.evidence) evidence[key] = number_or_null(value);
    diagnoses.push_back({{"code", d.code}, {"message", d.message}, {"evidence", evidence}});
  }
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t l = 0; l + 1 < run.widths.size(); ++l) {
    layers.push_back({{"in", run.widths[l]},
                      {"out", run.widths[l + 1]},
                      {"activation", core::activation_name(run.activations[l])}});
  }
  nlohmann::json pca_comps = nlohmann::json::object();
  for (std::size_t i = 0; i < run.pca_components_for.size(); ++i) {
    pca_comps[threshold_key(core::kPcaThresholds[i])] = run.pca_components_for[i];
  }
  answer.result = {
      {"history", history},
      {"train_loss", number_or_null(run.train_loss)},
      {"test_loss", number_or_null(run.test_loss)},
      {"robustness", robustness},
      {"diagnoses", diagnoses},
      {"samples", run.train_samples + run.test_samples},
      {"features", run.features},
      {"train_samples", run.train_samples},
      {"test_samples", run.test_samples},
      {"layers", layers},
      {"parameters", run.parameters},
      {"steps", run.steps},
      {"denoising", run.denoising},
      {"initial_loss", number_or_null(run.initial_loss)},
      {"baseline_mse", {{"train", number_or_null(run.baseline_train)},
                        {"test", number_or_null(run.baseline_test)}}},
      {"pca", {{"components_for", pca_comps},
               {"explained_at_latent", run.pca_explained_at_latent},
               {"mse_at_latent", run.pca_mse_at_latent}}}};

  answer.report.title = "Training a dense autoencoder";
  const std::int64_t n = run.train_samples + run.test_samples;

  report::Section setup{"Setup", {}};
  setup.blocks.push_back(data_sentence(data, n, run.features));
  setup.blocks.push_back(report::Text()
                         << "Split by seed " << integer(static_cast<std::int64_t>(settings.seed))
                         << ": " << integer(run.train_samples) << " training and "
                         << integer(run.test_samples) << " test samples (test fraction "
                         << num(settings.test_fraction) << ").");
  report::Table net{{"layer", "in", "out", "activation", "parameters"}, {}, ""};
  for (std::size_t l = 0; l + 1 < run.widths.size(); ++l) {
    const std::int64_t in = run.widths[l], out = run.widths[l + 1];
    net.rows.push_back({integer(static_cast<std::int64_t>(l + 1)), integer(in), integer(out),
                        report::name(core::activation_name(run.activations[l])),
                        integer(out * (in + 1))});
  }
  net.caption = "latent code: " + std::to_string(model.latent) + " units (linear)";
  setup.blocks.push_back(std::move(net));
  setup.blocks.push_back(report::Step{
      "parameters", tex("Σ_l out_l·(in_l + 1)", "\\sum_l \\text{out}_l(\\text{in}_l + 1)"), {},
      run.parameters,
      report::Text() << "against " << integer(run.train_samples) << " training samples of "
                     << integer(run.features) << " values each"});
  if (run.denoising) {
    setup.blocks.push_back(report::Step{
        "loss (denoising)",
        tex("L = E[(f(x + ε) − x)²],  ε ~ N(0, σ²)",
            "\\mathcal{L} = \\operatorname{E}\\left[(f(x + \\epsilon) - x)^2\\right],\\quad "
            "\\epsilon \\sim \\mathcal{N}(0, \\sigma^2)"),
        tex("σ = ", "\\sigma = ") + num(settings.input_noise_std), {},
        report::Text("the network sees a noisy input and must return the clean one, so it "
                     "cannot just copy: fresh noise every step")});
  } else {
    setup.blocks.push_back(report::Step{
        "loss", tex("L = mean over batch and features of (f(x) − x)²",
                    "\\mathcal{L} = \\frac{1}{Bd}\\sum_{b,j} (f(x_b)_j - x_{bj})^2"),
        {}, {}, report::Text("MSE per element, as PyTorch's MSELoss")});
  }
  const bool adam = settings.optimizer.kind == core::OptimizerKind::kAdam;
  setup.blocks.push_back(
      report::Text() << (adam ? "Adam (β1 = 0.9, β2 = 0.999, ε = 1e-8)" : "SGD")
                     << " with learning rate " << num(settings.optimizer.learning_rate)
                     << ", weight decay " << num(settings.optimizer.weight_decay) << ", "
                     << integer(settings.epochs) << " epochs of batches of "
                     << integer(settings.batch_size) << " (" << integer(run.steps)
                     << " steps); PyTorch's initialisation U(−1/√in, 1/√in).");
  answer.report.sections.push_back(std::move(setup));

  report::Section training{"Training", {}};
  std::vector<std::string> header{"epoch", "train loss", "test loss"};
  for (std::size_t l = 0; l + 1 < run.widths.size(); ++l) {
    header.push_back("grad norm " + std::to_string(l + 1));
  }
  report::Table curve{header, {}, "losses after each epoch on clean inputs; gradient norms "
                                  "averaged over the epoch's steps"};
  for (const auto& record : run.history) {
    std::vector<Formula> row{integer(record.epoch), number_or_dash(record.train_loss),
                             number_or_dash(record.test_loss)};
    for (const double g : record.grad_norms) row.push_back(number_or_dash(g));
    curve.rows.push_back(std::move(row));
  }
  training.blocks.push_back(std::move(curve));
  training.blocks.push_back(report::Step{"first batch loss (before any step)", {}, {},
                                         run.initial_loss, {}});
  training.blocks.push_back(report::Step{
      "mean baseline", tex("mean_j Var(x_j)", "\\frac{1}{d}\\sum_j \\operatorname{Var}(x_j)"), {},
      run.baseline_train,
      report::Text("the MSE of always answering the training mean: a network worse than this "
                   "has learned nothing")});
  if (!run.pca_components_for.empty()) {
    training.blocks.push_back(report::Step{
        "best linear code, k = " + std::to_string(model.latent),
        tex("Σ_{i>k} λ_i / d", "\\frac{1}{d}\\sum_{i > k} \\lambda_i"), {},
        run.pca_mse_at_latent,
        report::Text() << "PCA of the training rows with k = latent components keeps "
                       << num(run.pca_explained_at_latent)
                       << " of the variance; 90/95/99% need "
                       << integer(run.pca_components_for[0]) << "/"
                       << integer(run.pca_components_for[1]) << "/"
                       << integer(run.pca_components_for[2]) << " components"});
  }
  answer.report.sections.push_back(std::move(training));

  if (!run.robustness.empty()) {
    report::Section robust{"Robustness (2.3)", {}};
    report::Table table{{"noise std", "test MSE", "× clean"}, {}, "test inputs x + ε, ε ~ N(0, std²), compared with the clean x"};
    for (const auto& point : run.robustness) {
      table.rows.push_back({num(point.noise_std), number_or_dash(point.mse),
                            number_or_dash(point.mse / run.test_loss)});
    }
    robust.blocks.push_back(std::move(table));
    answer.report.sections.push_back(std::move(robust));
  }

  report::Section found{"Diagnoses (2.1, 2.2)", {}};
  if (run.diagnoses.empty()) {
    found.blocks.push_back(report::Text(
        "No problem found: the loss fell, the test loss follows the train loss, the latent "
        "code is as wide as PCA says the data need, the gradients reach every layer, and small "
        "input noise does not blow up the error."));
  }
  for (const auto& d : run.diagnoses) {
    found.blocks.push_back(report::Text() << d.code << ": " << d.message << ".");
    report::Table evidence{{"evidence", "value"}, {}, ""};
    for (const auto& [key, value] : d.evidence) {
      evidence.rows.push_back({report::name(key), number_or_dash(value)});
    }
    found.blocks.push_back(std::move(evidence));
  }
  answer.report.sections.push_back(std::move(found));

  report::Plot plot;
  plot.title = "Loss curves";
  plot.x_label = "epoch";
  plot.y_label = "MSE per element";
  plot.log_y = true;
  report::Series train_series{"train", {}, {}}, test_series{"test", {}, {}};
  for (const auto& record : run.history) {
    train_series.x.push_back(static_cast<double>(record.epoch));
    train_series.y.push_back(record.train_loss);
    test_series.x.push_back(static_cast<double>(record.epoch));
    test_series.y.push_back(record.test_loss);
  }
  plot.series.push_back(std::move(train_series));
  if (run.test_samples > 0) plot.series.push_back(std::move(test_series));
  answer.plot = std::move(plot);
  return answer;
}

}  // namespace hw4::derive
