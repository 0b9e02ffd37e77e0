// The autoencoder's trainer. The first and last layers are the wide ones (features in, features
// out): their products are cut into column blocks spread over the worker pool, and each block's
// weight gradient is handed to the optimizer while it is still in cache (no full gradient tensor
// is stored). The narrow middle layers run through the network module's forward/backward.
#include "hw4/core/autoencoder_train.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "hw4/core/parallel.h"
#include "hw4/error.h"

namespace hw4::core {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Feature columns per block of the wide layers: a block of the last layer's weights with its two
// Adam moments (3 × 512 × 64 floats) fits in L2.
constexpr Eigen::Index kFeatureBlock = 512;
// Work per training step below which one thread is faster than two.
constexpr double kMinParallelFlops = 2e6;
// Rows per chunk of an evaluation pass.
constexpr Eigen::Index kEvalChunk = 64;

// Streams of the counter generator (autoencoder.h lists 1–3 and 16).
constexpr std::uint64_t kStreamShuffle = 32;
constexpr std::uint64_t kStreamInputNoise = 33;
constexpr std::uint64_t kStreamRobustness = 48;
constexpr std::uint64_t kStreamInit = 100;

double uniform01(std::uint64_t key, std::uint64_t index) {
  return static_cast<double>(counter_bits(key, index) >> 11) * 0x1.0p-53;
}

// The wide layers' feature range cut into parts of whole blocks: the parts are the unit of work
// of the pool, a fixed function of the width so results do not depend on the thread count.
struct Parts {
  Eigen::Index width = 0;
  int count = 1;
  Eigen::Index begin(int part) const {
    const Eigen::Index blocks = (width + kFeatureBlock - 1) / kFeatureBlock;
    return std::min(width, blocks * part / count * kFeatureBlock);
  }
  Eigen::Index end(int part) const { return begin(part + 1); }
};

Parts make_parts(Eigen::Index width) {
  const Eigen::Index blocks = (width + kFeatureBlock - 1) / kFeatureBlock;
  return {width, static_cast<int>(std::clamp<Eigen::Index>(blocks, 1, 8))};
}

// One block of a gradient, handed to a sink: rows [row0, row0 + weight.rows()) and columns
// [col0, col0 + weight.cols()) of layer `layer`'s weight, and (when bias is set) bias entries
// [row0, row0 + bias->size()).
template <typename Scalar>
struct GradientBlock {
  std::size_t layer = 0;
  Eigen::Index row0 = 0;
  Eigen::Index col0 = 0;
  const RowMatrix<Scalar>* weight = nullptr;
  const ColVector<Scalar>* bias = nullptr;
};

// The autoencoder as first layer, middle network (possibly empty) and last layer, with the
// buffers of one training step.
template <typename Scalar>
class Engine {
 public:
  using Matrix = RowMatrix<Scalar>;
  using Sink = std::function<void(const GradientBlock<Scalar>&)>;

  Engine(DenseNetwork<Scalar> net, WorkerPool& pool) : pool_(pool) {
    assert(net.layers.size() >= 2);
    first_ = std::move(net.layers.front());
    last_ = std::move(net.layers.back());
    for (std::size_t l = 1; l + 1 < net.layers.size(); ++l) {
      middle_.layers.push_back(std::move(net.layers[l]));
    }
    layers_ = net.layers.size();
    in_parts_ = make_parts(first_.inputs());
    out_parts_ = make_parts(last_.outputs());
  }

  DenseNetwork<Scalar> network() const {
    DenseNetwork<Scalar> net;
    net.layers.push_back(first_);
    for (const auto& layer : middle_.layers) net.layers.push_back(layer);
    net.layers.push_back(last_);
    return net;
  }
  std::size_t layer_count() const { return layers_; }
  DenseLayer<Scalar>& layer(std::size_t l) {
    if (l == 0) return first_;
    if (l + 1 == layers_) return last_;
    return middle_.layers[l - 1];
  }

  // One batch: returns mean((f(input) − target)²) and hands every gradient block to `sink`
  // (from the pool's threads, on disjoint blocks). `sq_norms` gets Σ g² per layer. A sink that
  // updates the weights is safe: each block is used for the last time before it is handed over.
  double step(const Matrix& input, const Matrix& target, const Sink& sink,
              std::vector<double>& sq_norms) {
    const Eigen::Index batch = input.rows(), d_out = last_.outputs();
    const Eigen::Index h1 = first_.outputs(), h_last = last_.inputs();
    sq_norms.assign(layers_, 0.0);
    // First layer: pre1 = input·W1ᵀ + b1, summed over input-feature parts in a fixed order.
    partial_.resize(static_cast<std::size_t>(in_parts_.count));
    pool_.run(in_parts_.count, [&](int p) {
      const Eigen::Index c0 = in_parts_.begin(p), width = in_parts_.end(p) - c0;
      auto& z = partial_[static_cast<std::size_t>(p)];
      z.resize(batch, h1);
      z.noalias() = input.middleCols(c0, width) * first_.weight.middleCols(c0, width).transpose();
    });
    pre1_ = partial_[0];
    for (int p = 1; p < in_parts_.count; ++p) pre1_ += partial_[static_cast<std::size_t>(p)];
    pre1_.rowwise() += first_.bias.transpose();
    apply_activation(first_.activation, pre1_, post1_);
    const Matrix* code = &post1_;
    if (!middle_.layers.empty()) {
      forward(middle_, post1_, cache_);
      code = &cache_.output();
    }
    // Last layer, block by block over the output features: forward, loss, gradient, sink.
    const auto scale = static_cast<Scalar>(2.0 / static_cast<double>(batch * d_out));
    loss_parts_.assign(static_cast<std::size_t>(out_parts_.count), 0.0);
    norm_parts_.assign(static_cast<std::size_t>(out_parts_.count), 0.0);
    partial_.resize(static_cast<std::size_t>(out_parts_.count));
    pool_.run(out_parts_.count, [&](int p) {
      thread_local Matrix z, a, delta, grad_w;
      thread_local ColVector<Scalar> grad_b;
      auto& upstream = partial_[static_cast<std::size_t>(p)];
      upstream.setZero(batch, h_last);
      double loss = 0, norm = 0;
      for (Eigen::Index c0 = out_parts_.begin(p); c0 < out_parts_.end(p); c0 += kFeatureBlock) {
        const Eigen::Index width = std::min(kFeatureBlock, out_parts_.end(p) - c0);
        const auto w = last_.weight.middleRows(c0, width);
        z.resize(batch, width);
        z.noalias() = *code * w.transpose();
        z.rowwise() += last_.bias.segment(c0, width).transpose();
        apply_activation(last_.activation, z, a);
        delta = a - target.middleCols(c0, width);
        loss += delta.template cast<double>().squaredNorm();
        delta *= scale;
        multiply_activation_derivative(last_.activation, z, a, delta);
        upstream.noalias() += delta * w;
        grad_w.resize(width, h_last);
        grad_w.noalias() = delta.transpose() * *code;
        grad_b = delta.colwise().sum().transpose();
        norm += grad_w.template cast<double>().squaredNorm() +
                grad_b.template cast<double>().squaredNorm();
        sink({layers_ - 1, c0, 0, &grad_w, &grad_b});
      }
      loss_parts_[static_cast<std::size_t>(p)] = loss;
      norm_parts_[static_cast<std::size_t>(p)] = norm;
    });
    double loss = 0;
    for (int p = 0; p < out_parts_.count; ++p) {
      loss += loss_parts_[static_cast<std::size_t>(p)];
      sq_norms[layers_ - 1] += norm_parts_[static_cast<std::size_t>(p)];
    }
    Matrix upstream = partial_[0];
    for (int p = 1; p < out_parts_.count; ++p) upstream += partial_[static_cast<std::size_t>(p)];
    // Middle layers through the network module; their gradients go to the sink whole.
    if (!middle_.layers.empty()) {
      backward(middle_, cache_, upstream, middle_grads_, true);
      for (std::size_t l = 0; l < middle_.layers.size(); ++l) {
        sq_norms[l + 1] = middle_grads_.weight[l].template cast<double>().squaredNorm() +
                          middle_grads_.bias[l].template cast<double>().squaredNorm();
        sink({l + 1, 0, 0, &middle_grads_.weight[l], &middle_grads_.bias[l]});
      }
      upstream = middle_grads_.input;
    }
    multiply_activation_derivative(first_.activation, pre1_, post1_, upstream);
    // First layer: ∂L/∂W1[:, block] = δ1ᵀ·input[:, block], block by block.
    const ColVector<Scalar> grad_b1 = upstream.colwise().sum().transpose();
    norm_parts_.assign(static_cast<std::size_t>(in_parts_.count), 0.0);
    pool_.run(in_parts_.count, [&](int p) {
      thread_local Matrix grad_w;
      double norm = 0;
      for (Eigen::Index c0 = in_parts_.begin(p); c0 < in_parts_.end(p); c0 += kFeatureBlock) {
        const Eigen::Index width = std::min(kFeatureBlock, in_parts_.end(p) - c0);
        grad_w.resize(h1, width);
        grad_w.noalias() = upstream.transpose() * input.middleCols(c0, width);
        norm += grad_w.template cast<double>().squaredNorm();
        sink({0, 0, c0, &grad_w, c0 == 0 ? &grad_b1 : nullptr});
      }
      norm_parts_[static_cast<std::size_t>(p)] = norm;
    });
    sq_norms[0] = grad_b1.template cast<double>().squaredNorm();
    for (int p = 0; p < in_parts_.count; ++p) sq_norms[0] += norm_parts_[static_cast<std::size_t>(p)];
    return loss / static_cast<double>(batch * d_out);
  }

  // Σ (f(x + noise) − x)² over the listed rows, in chunks over the pool (summed in chunk order).
  // `noise` > 0 adds N(0, noise²) drawn from `key` (index = row · d + column).
  double squared_error(const SampleMatrix<Scalar>& data, const std::vector<std::int64_t>& rows,
                       double noise, std::uint64_t key) {
    const auto count = static_cast<Eigen::Index>(rows.size());
    const int chunks = static_cast<int>((count + kEvalChunk - 1) / kEvalChunk);
    std::vector<double> sums(static_cast<std::size_t>(chunks), 0.0);
    const Eigen::Index d = data.cols();
    pool_.run(chunks, [&](int c) {
      // Reused across calls on each thread: a chunk's rows are megabytes.
      thread_local Matrix x, input, h, z, a;
      const Eigen::Index r0 = c * kEvalChunk, n = std::min(kEvalChunk, count - r0);
      x.resize(n, d);
      for (Eigen::Index i = 0; i < n; ++i) {
        x.row(i) = data.row(rows[static_cast<std::size_t>(r0 + i)]);
      }
      const Matrix* in = &x;
      if (noise > 0) {
        input = x;
        add_noise(input, rows, r0, noise, key);
        in = &input;
      }
      z.resize(n, first_.outputs());
      z.noalias() = *in * first_.weight.transpose();
      z.rowwise() += first_.bias.transpose();
      apply_activation(first_.activation, z, h);
      if (!middle_.layers.empty()) {
        thread_local ForwardCache<Scalar> cache;
        forward(middle_, h, cache);
        h = cache.output();
      }
      double sum = 0;
      for (Eigen::Index c0 = 0; c0 < d; c0 += kFeatureBlock) {
        const Eigen::Index width = std::min(kFeatureBlock, d - c0);
        z.resize(n, width);
        z.noalias() = h * last_.weight.middleRows(c0, width).transpose();
        z.rowwise() += last_.bias.segment(c0, width).transpose();
        apply_activation(last_.activation, z, a);
        sum += (a - x.middleCols(c0, width)).template cast<double>().squaredNorm();
      }
      sums[static_cast<std::size_t>(c)] = sum;
    });
    double total = 0;
    for (const double s : sums) total += s;
    return total;
  }

  // x(i, j) += σ·N(0, 1) with index (rows[r0 + i])·d + j of `key`.
  static void add_noise(Matrix& x, const std::vector<std::int64_t>& rows, Eigen::Index r0,
                        double sigma, std::uint64_t key) {
    const Eigen::Index d = x.cols();
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const auto base = static_cast<std::uint64_t>(rows[static_cast<std::size_t>(r0 + i)] * d);
      for (Eigen::Index j = 0; j < d; ++j) {
        x(i, j) += static_cast<Scalar>(sigma * counter_normal(key, base + static_cast<std::uint64_t>(j)));
      }
    }
  }

  WorkerPool& pool() { return pool_; }

 private:
  WorkerPool& pool_;
  DenseLayer<Scalar> first_, last_;
  DenseNetwork<Scalar> middle_;
  std::size_t layers_ = 0;
  Parts in_parts_, out_parts_;
  std::vector<Matrix> partial_;
  std::vector<double> loss_parts_, norm_parts_;
  Matrix pre1_, post1_;
  ForwardCache<Scalar> cache_;
  NetworkGradients<Scalar> middle_grads_;
};

double mean_or_nan(double sum, double count) { return count > 0 ? sum / count : kNaN; }

}  // namespace

std::vector<std::int64_t> autoencoder_widths(std::int64_t features, const AutoencoderSpec& spec) {
  std::vector<std::int64_t> widths{features};
  widths.insert(widths.end(), spec.hidden.begin(), spec.hidden.end());
  widths.push_back(spec.latent);
  widths.insert(widths.end(), spec.hidden.rbegin(), spec.hidden.rend());
  widths.push_back(features);
  return widths;
}

std::int64_t autoencoder_parameter_count(std::int64_t features, const AutoencoderSpec& spec) {
  const auto widths = autoencoder_widths(features, spec);
  std::int64_t total = 0;
  for (std::size_t l = 1; l < widths.size(); ++l) total += widths[l] * (widths[l - 1] + 1);
  return total;
}

DenseNetwork<float> initial_autoencoder(std::int64_t features, const AutoencoderSpec& spec,
                                        std::uint64_t seed) {
  const auto widths = autoencoder_widths(features, spec);
  DenseNetwork<float> net;
  for (std::size_t l = 1; l < widths.size(); ++l) {
    DenseLayer<float> layer;
    const Eigen::Index in = widths[l - 1], out = widths[l];
    layer.weight.resize(out, in);
    layer.bias.resize(out);
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    const std::uint64_t key = stream_key(seed, kStreamInit + l);
    for (Eigen::Index i = 0; i < out * in; ++i) {
      layer.weight.data()[i] =
          static_cast<float>((2 * uniform01(key, static_cast<std::uint64_t>(i)) - 1) * bound);
    }
    for (Eigen::Index i = 0; i < out; ++i) {
      layer.bias(i) = static_cast<float>(
          (2 * uniform01(key, static_cast<std::uint64_t>(out * in + i)) - 1) * bound);
    }
    // The code layer (index hidden + 1) stays linear, as in the usual encoder.
    const bool is_code = l == spec.hidden.size() + 1;
    layer.activation.kind = l + 1 == widths.size() ? spec.output_activation
                            : is_code              ? ActivationKind::kLinear
                                                   : spec.activation;
    net.layers.push_back(std::move(layer));
  }
  return net;
}

double training_flops(std::int64_t parameters, std::int64_t train_samples,
                      std::int64_t test_samples, const TrainSettings& settings) {
  const auto p = static_cast<double>(parameters);
  const auto epochs = static_cast<double>(settings.epochs);
  const double per_epoch = 6 * p * static_cast<double>(train_samples) +
                           2 * p * static_cast<double>(train_samples + test_samples);
  const double robustness =
      2 * p * static_cast<double>(test_samples) * static_cast<double>(settings.robustness_noise.size());
  return epochs * per_epoch + robustness;
}

template <typename Scalar>
double autoencoder_batch_gradient(const DenseNetwork<Scalar>& net, const RowMatrix<Scalar>& input,
                                  const RowMatrix<Scalar>& target,
                                  NetworkGradients<Scalar>& grads, int threads) {
  WorkerPool pool(threads);
  Engine<Scalar> engine(net, pool);
  const std::size_t n = net.layers.size();
  grads.weight.resize(n);
  grads.bias.resize(n);
  for (std::size_t l = 0; l < n; ++l) {
    grads.weight[l].setZero(net.layers[l].outputs(), net.layers[l].inputs());
    grads.bias[l].setZero(net.layers[l].outputs());
  }
  grads.input.resize(0, 0);
  std::vector<double> norms;
  return engine.step(
      input, target,
      [&](const GradientBlock<Scalar>& block) {
        grads.weight[block.layer].block(block.row0, block.col0, block.weight->rows(),
                                        block.weight->cols()) = *block.weight;
        if (block.bias != nullptr) {
          grads.bias[block.layer].segment(block.row0, block.bias->size()) = *block.bias;
        }
      },
      norms);
}

template double autoencoder_batch_gradient<float>(const DenseNetwork<float>&,
                                                  const RowMatrix<float>&,
                                                  const RowMatrix<float>&,
                                                  NetworkGradients<float>&, int);
template double autoencoder_batch_gradient<double>(const DenseNetwork<double>&,
                                                   const RowMatrix<double>&,
                                                   const RowMatrix<double>&,
                                                   NetworkGradients<double>&, int);

TrainResult train_autoencoder(const SampleMatrix<float>& data, const AutoencoderSpec& spec,
                              const TrainSettings& settings) {
  using Matrix = RowMatrix<float>;
  TrainResult run;
  const Eigen::Index d = data.cols();
  const Split split = split_samples(data.rows(), settings.test_fraction, settings.seed);
  if (split.train.empty()) {
    throw Error(ErrorKind::kMath, "the split leaves no training sample");
  }
  run.features = d;
  run.widths = autoencoder_widths(d, spec);
  run.parameters = autoencoder_parameter_count(d, spec);
  run.train_samples = static_cast<std::int64_t>(split.train.size());
  run.test_samples = static_cast<std::int64_t>(split.test.size());
  run.denoising = settings.input_noise_std > 0;

  // Below about a megaflop a step, waking a second thread costs more than it saves; the
  // results do not depend on the thread count either way.
  const double step_flops =
      6.0 * static_cast<double>(run.parameters) * static_cast<double>(settings.batch_size);
  WorkerPool pool(step_flops < kMinParallelFlops ? 1 : std::max(1, settings.threads));
  DenseNetwork<float> initial = initial_autoencoder(d, spec, settings.seed);
  for (const auto& layer : initial.layers) run.activations.push_back(layer.activation.kind);
  std::vector<Eigen::Index> sizes;
  for (const auto& layer : initial.layers) {
    sizes.push_back(layer.weight.size());
    sizes.push_back(layer.bias.size());
  }
  Optimizer<float> optimizer(settings.optimizer, sizes);
  Engine<float> engine(std::move(initial), pool);
  const std::size_t layers = engine.layer_count();

  // The baseline: always answering the training mean.
  {
    Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(d);
    for (const auto i : split.train) mean += data.row(i).cast<double>();
    mean /= static_cast<double>(split.train.size());
    double train_sq = 0, test_sq = 0;
    for (const auto i : split.train) train_sq += (data.row(i).cast<double>() - mean).squaredNorm();
    for (const auto i : split.test) test_sq += (data.row(i).cast<double>() - mean).squaredNorm();
    run.baseline_train = train_sq / static_cast<double>(run.train_samples * d);
    run.baseline_test = mean_or_nan(test_sq, static_cast<double>(run.test_samples * d));
  }
  // What PCA says a linear autoencoder with `latent` units could do on the training rows.
  if (run.train_samples >= 2) {
    const PcaResult pca = pca_spectrum(data, pool.threads(), &split.train);
    run.pca_components_for = pca.components_for;
    const Eigen::Index k = std::min<Eigen::Index>(spec.latent, pca.eigenvalues.size());
    run.pca_explained_at_latent = k > 0 ? std::min(1.0, pca.cumulative(k - 1)) : 0.0;
    const double n = static_cast<double>(run.train_samples);
    run.pca_mse_at_latent = std::max(0.0, (1 - run.pca_explained_at_latent)) *
                            pca.total_variance * (n - 1) / n / static_cast<double>(d);
  }

  const std::uint64_t shuffle_key = stream_key(settings.seed, kStreamShuffle);
  const std::uint64_t noise_key = stream_key(settings.seed, kStreamInputNoise);
  std::vector<std::int64_t> order = split.train;
  std::vector<std::int64_t> batch_rows;
  Matrix target, input;
  std::vector<double> sq_norms;
  auto sink = [&](const GradientBlock<float>& block) {
    DenseLayer<float>& layer = engine.layer(block.layer);
    const Eigen::Index in = layer.inputs();
    const auto& g = *block.weight;
    if (g.cols() == in) {  // whole rows: one contiguous range
      optimizer.update(2 * block.layer, block.row0 * in, g.size(),
                       layer.weight.data() + block.row0 * in, g.data());
    } else {
      for (Eigen::Index r = 0; r < g.rows(); ++r) {
        const Eigen::Index offset = (block.row0 + r) * in + block.col0;
        optimizer.update(2 * block.layer, offset, g.cols(), layer.weight.data() + offset,
                         g.data() + r * g.cols());
      }
    }
    if (block.bias != nullptr) {
      optimizer.update(2 * block.layer + 1, block.row0, block.bias->size(),
                       layer.bias.data() + block.row0, block.bias->data());
    }
  };

  std::int64_t step = 0;
  bool first_step = true;
  for (std::int64_t epoch = 1; epoch <= settings.epochs && !run.diverged; ++epoch) {
    // Fisher–Yates on the training rows with this epoch's numbers.
    const auto n_train = static_cast<std::int64_t>(order.size());
    for (std::int64_t i = n_train - 1; i > 0; --i) {
      const auto j = static_cast<std::int64_t>(
          counter_bits(shuffle_key, static_cast<std::uint64_t>(epoch * n_train + i)) %
          static_cast<std::uint64_t>(i + 1));
      std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
    }
    EpochRecord record;
    record.epoch = epoch;
    record.grad_norms.assign(layers, 0.0);
    std::int64_t steps_this_epoch = 0;
    for (std::int64_t start = 0; start < n_train; start += settings.batch_size) {
      const std::int64_t b = std::min(settings.batch_size, n_train - start);
      target.resize(b, d);
      batch_rows.assign(order.begin() + start, order.begin() + start + b);
      for (std::int64_t i = 0; i < b; ++i) target.row(i) = data.row(batch_rows[static_cast<std::size_t>(i)]);
      const Matrix* in = &target;
      if (run.denoising) {
        input = target;
        // Distinct noise per step: index (step·batch_size + i)·d + j via the row list trick.
        std::vector<std::int64_t> noise_rows(static_cast<std::size_t>(b));
        for (std::int64_t i = 0; i < b; ++i) {
          noise_rows[static_cast<std::size_t>(i)] = step * settings.batch_size + i;
        }
        Engine<float>::add_noise(input, noise_rows, 0, settings.input_noise_std, noise_key);
        in = &input;
      }
      optimizer.begin_step();
      const double loss = engine.step(*in, target, sink, sq_norms);
      ++step;
      ++steps_this_epoch;
      if (first_step) {
        run.initial_loss = loss;
        first_step = false;
      }
      for (std::size_t l = 0; l < layers; ++l) record.grad_norms[l] += std::sqrt(sq_norms[l]);
      if (!std::isfinite(loss)) {
        run.diverged = true;
        break;
      }
    }
    for (auto& g : record.grad_norms) g /= static_cast<double>(steps_this_epoch);
    if (run.diverged) {
      record.train_loss = kNaN;
      record.test_loss = kNaN;
    } else {
      record.train_loss = engine.squared_error(data, split.train, 0, 0) /
                          static_cast<double>(run.train_samples * d);
      record.test_loss = mean_or_nan(engine.squared_error(data, split.test, 0, 0),
                                     static_cast<double>(run.test_samples * d));
      if (!std::isfinite(record.train_loss)) run.diverged = true;
    }
    run.history.push_back(std::move(record));
    if (settings.on_epoch) settings.on_epoch(epoch, settings.epochs);
  }
  run.steps = step;
  run.train_loss = run.history.empty() ? kNaN : run.history.back().train_loss;
  run.test_loss = run.history.empty() ? kNaN : run.history.back().test_loss;
  if (!run.diverged && run.test_samples > 0) {
    for (std::size_t k = 0; k < settings.robustness_noise.size(); ++k) {
      const double sigma = settings.robustness_noise[k];
      const double sq =
          engine.squared_error(data, split.test, sigma, stream_key(settings.seed, kStreamRobustness + k));
      run.robustness.push_back({sigma, sq / static_cast<double>(run.test_samples * d)});
    }
  }
  run.network = engine.network();
  run.diagnoses = diagnose(run, spec, settings);
  return run;
}

}  // namespace hw4::core
