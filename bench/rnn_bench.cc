// Google Benchmark of rnn-equal's verifiers: the product-machine proof under step (target: under
// 1 ms) and the exhaustive sigmoid check to length 12 (target: under 1 s on one core).
#include <benchmark/benchmark.h>

#include "hw4/core/rnn.h"

namespace {

using hw4::core::RnnActivation;
using hw4::core::RnnCounterexample;
using hw4::core::RnnNetwork;

// The textbook weights (h = (AND, NOR), y_t = AND(XNOR_t, y_{t−1})), times `scale`.
RnnNetwork textbook(RnnActivation g, double scale) {
  RnnNetwork net;
  net.activation = g;
  net.weights.W.resize(2, 2);
  net.weights.W << 1, 1, -1, -1;
  net.weights.b.resize(2);
  net.weights.b << -1.5, 0.5;
  net.weights.v.resize(2);
  net.weights.v << 1, 1;
  net.weights.W *= scale;
  net.weights.b *= scale;
  net.weights.v *= scale;
  net.weights.c0 = -0.5 * scale;
  net.weights.r = scale;
  net.weights.c = -1.5 * scale;
  return net;
}

void BM_RnnStepProof(benchmark::State& state) {
  const RnnNetwork net = textbook(RnnActivation::kStep, 1);
  for (auto _ : state) {
    std::optional<RnnCounterexample> ce;
    benchmark::DoNotOptimize(hw4::core::rnn_fsm_proof(net, &ce));
  }
}
BENCHMARK(BM_RnnStepProof)->Unit(benchmark::kMicrosecond);

// The whole of `verify` under step, repair search included (the seed's wrong weights).
void BM_RnnStepVerifySeed(benchmark::State& state) {
  RnnNetwork net = textbook(RnnActivation::kStep, 1);
  net.weights.b << -0.5, 1.1;
  net.weights.c0 = 0.1;
  net.weights.r = 3.25;
  net.weights.c = -3;
  for (auto _ : state) benchmark::DoNotOptimize(hw4::core::rnn_verify(net, 12));
}
BENCHMARK(BM_RnnStepVerifySeed)->Unit(benchmark::kMillisecond);

void BM_RnnSigmoidExhaustive(benchmark::State& state) {
  const RnnNetwork net = textbook(RnnActivation::kSigmoid, 10);
  const int length = static_cast<int>(state.range(0));
  std::uint64_t sequences = 0;
  for (auto _ : state) {
    std::optional<RnnCounterexample> ce;
    const auto ex = hw4::core::rnn_exhaustive(net, length, &ce);
    sequences = ex.sequences;
    benchmark::DoNotOptimize(ce);
  }
  state.counters["sequences"] = static_cast<double>(sequences);
  state.counters["steps_per_s"] = benchmark::Counter(static_cast<double>(sequences),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RnnSigmoidExhaustive)->Arg(8)->Arg(10)->Arg(12)->Unit(benchmark::kMillisecond);

void BM_RnnSigmoidIntervalProof(benchmark::State& state) {
  const RnnNetwork net = textbook(RnnActivation::kSigmoid, 10);
  for (auto _ : state) benchmark::DoNotOptimize(hw4::core::rnn_interval_proof(net));
}
BENCHMARK(BM_RnnSigmoidIntervalProof)->Unit(benchmark::kMicrosecond);

void BM_RnnSolveStep(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(hw4::core::rnn_solve(RnnActivation::kStep, {}, 1, 8));
  }
}
BENCHMARK(BM_RnnSolveStep)->Unit(benchmark::kMillisecond);

}  // namespace
