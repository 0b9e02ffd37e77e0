// Reading `gan-grad` input (SPEC section gan-grad) into core::GanProblem.
#pragma once

#include "hw4/core/gan.h"
#include "hw4/core/network.h"
#include "hw4/input/json_reader.h"

namespace hw4::cli {

// Limits, checked before the work starts: samples per set, layers, entries per weight matrix,
// and the multiply-adds of one pass over all samples.
inline constexpr std::size_t kMaxGanSamples = 100'000;
inline constexpr std::size_t kMaxGanLayers = 64;
inline constexpr std::size_t kMaxLayerWidth = 10'000;
inline constexpr double kMaxGanWork = 1e9;

// The whole input: loss, reduction, and either real_logits/fake_logits or discriminator with
// real/fake samples. Throws InputError naming the pointer of the first problem.
core::GanProblem read_gan(const input::JsonReader& in);

// An activation: "relu", "leaky_relu" (slope 0.01), {"leaky_relu": slope}, "tanh", "sigmoid",
// "linear".
core::Activation read_activation(const input::JsonReader& in);

// {layers: [{weight (out × in), bias (out), activation = "linear"}]}: shapes must chain, and the
// last layer must have `outputs` outputs when outputs > 0.
core::DenseNetwork<double> read_dense_network(const input::JsonReader& in, Eigen::Index outputs);

}  // namespace hw4::cli
