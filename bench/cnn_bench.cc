// Google Benchmark of cnn-params: ResNet-50 counts per second in one process on one core
// (target: >= 2,000/s). BM_CnnCountResNet50 counts an already-read spec (shape inference, per-
// layer polynomials, totals); BM_CnnReadAndCountResNet50 also parses the JSON and reads it;
// BM_CnnFullAnswerResNet50 adds the derivation (the whole answer but rendering).
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/read_cnn.h"
#include "hw4/core/cnn.h"
#include "hw4/derive/cnn_params.h"

namespace {

std::string resnet50_text() {
  std::ifstream f(std::string(HW4_SOURCE_DIR) + "/data/networks/resnet50.json");
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

void BM_CnnCountResNet50(benchmark::State& state) {
  const auto doc = nlohmann::json::parse(resnet50_text());
  const auto spec = hw4::cli::read_cnn_spec(hw4::input::JsonReader(doc));
  for (auto _ : state) benchmark::DoNotOptimize(hw4::core::count_network(spec));
  state.counters["counts/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CnnCountResNet50)->Unit(benchmark::kMicrosecond);

void BM_CnnReadAndCountResNet50(benchmark::State& state) {
  const std::string text = resnet50_text();
  for (auto _ : state) {
    const auto doc = nlohmann::json::parse(text);
    const auto spec = hw4::cli::read_cnn_spec(hw4::input::JsonReader(doc));
    benchmark::DoNotOptimize(hw4::core::count_network(spec));
  }
  state.counters["counts/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CnnReadAndCountResNet50)->Unit(benchmark::kMicrosecond);

void BM_CnnFullAnswerResNet50(benchmark::State& state) {
  const std::string text = resnet50_text();
  for (auto _ : state) {
    const auto doc = nlohmann::json::parse(text);
    const auto spec = hw4::cli::read_cnn_spec(hw4::input::JsonReader(doc));
    benchmark::DoNotOptimize(hw4::derive::cnn_params(spec, hw4::core::count_network(spec)));
  }
  state.counters["answers/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                   benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CnnFullAnswerResNet50)->Unit(benchmark::kMicrosecond);

}  // namespace
