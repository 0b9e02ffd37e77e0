// Every input error of `hw4 cnn-params count`, in full, with exit code 2 and the pointer named;
// and count-neutral fields accepted.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/run_cli.h"

namespace hw4::testing {
namespace {

struct ErrorCase {
  const char* input;
  const char* message;
};

const ErrorCase kCases[] = {
    // The layers of the rest of the course (SPEC "every layer of the course").
    {R"({"layers": [{"type": "foo"}]})",
     "hw4: error: <stdin>:/layers/0/type: unknown layer type \"foo\" (known: conv2d, conv1d, "
     "conv3d, conv_transpose2d, conv_transpose1d, conv_transpose3d, linear, embedding, "
     "batchnorm2d, batchnorm1d, layernorm, groupnorm, maxpool2d, avgpool2d, maxpool1d, avgpool1d, "
     "adaptive_avgpool2d, adaptive_avgpool1d, flatten, dropout, relu, relu6, sigmoid, tanh, silu, "
     "hardswish, gelu, leaky_relu, upsample, transpose, last_step, rnn, lstm, gru, "
     "multihead_attention, transformer_encoder_layer, concat, residual, sequential, repeat, block)\n"},
    {R"({"layers": [{"type": "lstn", "hidden": 3}]})",
     "hw4: error: <stdin>:/layers/0/type: unknown layer type \"lstn\" (did you mean \"lstm\"?)\n"},
    {R"({"input": {"channels": 3, "height": 8, "width": 8}, "layers": [{"type": "lstm", "hidden": 3}]})",
     "hw4: error: <stdin>:/layers/0: lstm needs a [T, F] input (a sequence of vectors), got [3, 8, 8]\n"},
    {R"({"input": {"sequence": 5, "features": 10}, "layers": [{"type": "multihead_attention", "embed": 10, "heads": 3}]})",
     "hw4: error: <stdin>:/layers/0/heads: heads 3 does not divide the embedding 10\n"},
    {R"({"symbols": {"E": null}, "input": {"sequence": 5, "features": "E"}, "layers": [{"type": "transformer_encoder_layer", "d_model": "E", "nhead": 8}]})",
     "hw4: error: <stdin>:/layers/0/nhead: nhead 8 does not divide the embedding E (write it as a "
     "multiple, e.g. \"8*D\" with 8 heads)\n"},
    {R"({"input": {"sequence": 5, "features": 12}, "layers": [{"type": "multihead_attention", "embed": 16, "heads": 4}]})",
     "hw4: error: <stdin>:/layers/0/embed: 'embed' is 16 but the input has 12 features\n"},
    {R"({"input": {"channels": 3, "height": 1, "width": 1}, "layers": [{"type": "conv_transpose2d", "out": 3, "kernel": 1, "padding": 1}]})",
     "hw4: error: <stdin>:/layers/0: the output height would be -1 (input 1, stride 1, padding 1, "
     "kernel 1): a transposed convolution needs it >= 1\n"},
    {R"({"layers": [{"type": "conv_transpose2d", "in": 3, "out": 3, "kernel": 3, "stride": 2, "output_padding": 2}]})",
     "hw4: error: <stdin>:/layers/0/output_padding: output_padding 2 must be smaller than the stride "
     "or the dilation (2), as in PyTorch\n"},
    {R"({"input": {"channels": 3, "length": 10}, "layers": [{"type": "conv1d", "out": 3, "kernel": [3, 3]}]})",
     "hw4: error: <stdin>:/layers/0/kernel: expected a positive integer or [l], got a list\n"},
    {R"({"input": {"channels": 3, "length": 10}, "layers": [{"type": "conv2d", "out": 3, "kernel": 3}]})",
     "hw4: error: <stdin>:/layers/0: conv2d needs a [C, H, W] input, got [3, 10]\n"},
    {R"({"layers": [{"type": "upsample"}]})",
     "hw4: error: <stdin>:/layers/0: upsample takes either \"scale_factor\" or \"size\"\n"},
    {R"({"input": {"sequence": 4}, "layers": [{"type": "embedding", "num": 10, "dim": 4, "padding_idx": 10}]})",
     "hw4: error: <stdin>:/layers/0/padding_idx: padding_idx 10 is not a token id of 10\n"},
    {R"({"input": {"sequence": 4, "features": 6}, "layers": [{"type": "layernorm", "normalized_shape": 5}]})",
     "hw4: error: <stdin>:/layers/0/normalized_shape: normalized_shape [5] is not the trailing shape "
     "of the input [4, 6]\n"},
    {R"({"input": {"channels": 6, "length": 6}, "layers": [{"type": "groupnorm", "groups": 4}]})",
     "hw4: error: <stdin>:/layers/0/groups: groups 4 does not divide the channels 6\n"},
    {R"({"layers": [{"type": "lstm", "hidden": 4, "in": 3, "proj_size": 4}]})",
     "hw4: error: <stdin>:/layers/0/proj_size: proj_size 4 must be smaller than hidden 4\n"},
    {R"({"layers": [{"type": "rnn", "hidden": 4, "in": 3, "nonlinearity": "sigmoid"}]})",
     "hw4: error: <stdin>:/layers/0/nonlinearity: expected one of \"tanh\", \"relu\", got \"sigmoid\"\n"},
    {R"({"input": {"channels": 3, "height": 4, "width": 4}, "layers": [{"type": "transpose"}]})",
     "hw4: error: <stdin>:/layers/0: transpose needs a 2-D input [A, B], got [3, 4, 4]\n"},
    {R"({"layers": [{"type": "conv2d", "out": 8, "kernal": 3}]})",
     "hw4: error: <stdin>:/layers/0/kernal: unknown field (did you mean \"kernel\"?)\n"},
    {R"({"layers": [{"type": "conv", "out": 8, "kernel": 3}]})",
     "hw4: error: <stdin>:/layers/0/type: unknown layer type \"conv\" (did you mean \"conv2d\"?)\n"},
    {R"({"layers": [{"out": 8, "kernel": 3}]})",
     "hw4: error: <stdin>:/layers/0: missing required field \"type\"\n"},
    {R"({"layers": [3]})",
     "hw4: error: <stdin>:/layers/0: expected a layer object with a \"type\", got 3\n"},
    {R"({"layers": [{"type": "conv2d", "out": "x", "kernel": 3, "in": 3}]})",
     "hw4: error: <stdin>:/layers/0/out: unknown symbol 'x'\n"},
    {R"({"layers": [{"type": "conv2d", "out": "2C", "kernel": 3, "in": 3}], "symbols": {"C": null}})",
     "hw4: error: <stdin>:/layers/0/out: unexpected 'C' at position 2 of \"2C\"\n"},
    {R"({"layers": [{"type": "conv2d", "out": 1.5, "kernel": 3, "in": 3}]})",
     "hw4: error: <stdin>:/layers/0/out: expected an integer or an expression such as \"2*C\", got 1.5\n"},
    {R"({"layers": [{"type": "conv2d", "out": 0, "kernel": 3, "in": 3}]})",
     "hw4: error: <stdin>:/layers/0/out: expected a positive integer, got 0\n"},
    {R"({"layers": [{"type": "conv2d", "out": "C/2", "kernel": 3, "in": 3}], "symbols": {"C": 3}})",
     "hw4: error: <stdin>:/layers/0/out: expected a positive integer, got 3/2\n"},
    {R"({"layers": [{"type": "conv2d", "out": 8, "kernel": "x", "in": 3}]})",
     "hw4: error: <stdin>:/layers/0/kernel: unknown symbol 'x'\n"},
    {R"({"layers": [{"type": "conv2d", "out": 8, "kernel": [3, 3, 3], "in": 3}]})",
     "hw4: error: <stdin>:/layers/0/kernel: expected a positive integer or [h, w], got a list\n"},
    {R"({"layers": [{"type": "conv2d", "out": 8, "kernel": 3, "stride": 0, "in": 3}]})",
     "hw4: error: <stdin>:/layers/0/stride: expected a positive integer or [h, w], got 0\n"},
    {R"({"layers": [{"type": "conv2d", "out": 8, "kernel": 3, "padding": -1, "in": 3}]})",
     "hw4: error: <stdin>:/layers/0/padding: expected an integer >= 0, \"same\" or [h, w], got -1\n"},
    {R"({"layers": [{"type": "conv2d", "out": 8, "kernel": 3, "padding": "same", "stride": 2, "in": 3}]})",
     "hw4: error: <stdin>:/layers/0/padding: padding \"same\" needs stride 1 (as in PyTorch)\n"},
    {R"({"layers": [{"type": "conv2d", "out": 8, "kernel": "K", "in": 3}], "symbols": {"K": null}})",
     "hw4: error: <stdin>:/layers/0/kernel: expected a positive integer or [h, w], got \"K\" (a free symbol)\n"},
    {R"({"layers": [{"type": "block", "name": "incepton"}], "blocks": {"inception": []}})",
     "hw4: error: <stdin>:/layers/0/name: unknown block \"incepton\" (did you mean \"inception\"?)\n"},
    {R"({"models": {"A": []}, "layers": []})",
     "hw4: error: <stdin>:/layers: give either \"models\" or \"layers\", not both\n"},
    {R"({})",
     "hw4: error: <stdin>: missing required field \"models\" (or \"layers\" for a single model)\n"},
    {R"({"models": {}})",
     "hw4: error: <stdin>:/models: expected at least one model\n"},
    {R"({"models": {"A": [], "B": []}, "compare": {"models": ["A", "C"]}})",
     "hw4: error: <stdin>:/compare/models/1: unknown model \"C\"\n"},
    {R"({"models": {"A": [], "B": []}, "compare": {"models": ["A"]}})",
     "hw4: error: <stdin>:/compare/models: expected two model names [\"A\", \"B\"], got a list\n"},
    {R"({"models": {"A": [], "B": []}, "compare": {"models": ["A", "B"], "metric": "macs"}})",
     "hw4: error: <stdin>:/compare/metric: metric \"macs\" needs the network's \"input\"\n"},
    {R"({"models": {"A": [], "B": []}, "compare": {"models": ["A", "B"], "domain": {"min": 2, "max": 1}}})",
     "hw4: error: <stdin>:/compare/domain/max: max is below min\n"},
    {R"({"models": {"A": [], "B": []}, "compare": {"models": ["A", "B"], "domain": {"min": "x"}}})",
     "hw4: error: <stdin>:/compare/domain/min: expected an exact number such as 1, 1/7 or 0.5, got \"x\"\n"},
    {R"({"models": {"A": [], "B": []}, "compare": {"models": ["A", "B"], "metric": "flop"}})",
     "hw4: error: <stdin>:/compare/metric: expected one of \"params\", \"macs\", \"flops\", got \"flop\" (did you mean \"flops\"?)\n"},
    {R"({"symbols": {"1C": null}, "layers": []})",
     "hw4: error: <stdin>:/symbols/1C: a symbol name is a letter or '_' then letters, digits or '_'\n"},
    {R"({"symbols": {"C": true}, "layers": []})",
     "hw4: error: <stdin>:/symbols/C: expected null (free), an integer or an exact number such as \"1/2\", got true\n"},
    {R"({"input": {"channels": 3, "height": 8}, "layers": []})",
     "hw4: error: <stdin>:/input: missing required field \"width\"\n"},
    {R"({"input": {"channels": 0, "height": 8, "width": 8}, "layers": []})",
     "hw4: error: <stdin>:/input/channels: expected a positive integer, got 0\n"},
    {R"({"layers": [{"type": "repeat", "times": -1, "layers": []}]})",
     "hw4: error: <stdin>:/layers/0/times: expected an integer from 0 to 100000 or an expression, got -1\n"},
    {R"({"layers": [{"type": "concat", "branches": []}]})",
     "hw4: error: <stdin>:/layers/0/branches: expected at least one branch\n"},
    {R"({"conventions": {"batchnorm_ops": 9}, "layers": []})",
     "hw4: error: <stdin>:/conventions/batchnorm_ops: expected an integer from 0 to 8, got 9\n"},
    {R"({"layers": [{"type": "linear", "out": 10}]})",
     "hw4: error: <stdin>:/layers/0: cannot infer 'in': give it, or give the network an 'input'\n"},
    {R"({"input": {"channels": 3, "height": 8, "width": 8}, "layers": [{"type": "conv2d", "out": 8, "kernel": 9}]})",
     "hw4: error: <stdin>:/layers/0/kernel: kernel 9 is larger than the padded input height 8\n"},
    {R"({"input": {"channels": 3, "height": 8, "width": 8}, "layers": [{"type": "conv2d", "out": 8, "kernel": 3, "groups": 2}]})",
     "hw4: error: <stdin>:/layers/0/groups: groups 2 does not divide in = 3\n"},
    {R"({"symbols": {"C": null}, "input": {"channels": 3, "height": 8, "width": 8}, "layers": [{"type": "repeat", "times": "C", "layers": [{"type": "conv2d", "out": 8, "kernel": 1}]}]})",
     "hw4: error: <stdin>:/layers/0/times: with a symbolic times the layers must keep the shape, but [3, 8, 8] becomes [8, 8, 8]\n"},
    {R"({"blocks": {"a": [{"type": "block", "name": "a"}]}, "layers": [{"type": "block", "name": "a"}]})",
     "hw4: error: <stdin>:/blocks/a/0/name: block 'a' uses itself (a -> a)\n"},
    {R"({"layers": [{"type": "conv2d", "out": "C^100", "kernel": 1, "in": 3}], "symbols": {"C": null}})",
     "hw4: error: <stdin>:/layers/0/out: exponent 100 is too large (at most 64)\n"},
    {R"({"layers": [{"type": "conv2d", "out": 3037000500, "kernel": 1000, "in": 3037000500}]})",
     "hw4: error: <stdin>:/layers/0: a count is too large for exact 64-bit arithmetic\n"},
};

TEST(CnnParamsErrors, EveryMessageInFull) {
  for (const auto& c : kCases) {
    const CliResult r = run_cli({"cnn-params", "count", "-"}, c.input);
    EXPECT_EQ(r.exit_code, 2) << c.input;
    EXPECT_EQ(r.err, c.message) << c.input;
    EXPECT_EQ(r.out, "") << c.input;
  }
}

TEST(CnnParamsErrors, CountNeutralFieldsAreAccepted) {
  const CliResult r = run_cli({"cnn-params", "count", "-"},
                              R"({"layers": [{"type": "relu", "eps": 1, "p": 0.5, "inplace": true,
                                  "momentum": 0.1, "count_include_pad": false, "name": "x"}]})");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(CnnParams, DefaultModeAndSingleModelName) {
  const CliResult r = run_cli({"cnn-params", "-", "--json"},
                              R"({"symbols": {"C": null}, "layers": [{"type": "linear", "in": "C", "out": 10}]})");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto envelope = nlohmann::json::parse(r.out);
  EXPECT_EQ(envelope["result"]["models"]["model"]["params"]["text"], "10*C + 10");
}

}  // namespace
}  // namespace hw4::testing
