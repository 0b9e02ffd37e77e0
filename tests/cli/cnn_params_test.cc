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
