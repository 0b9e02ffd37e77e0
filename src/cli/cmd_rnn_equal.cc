// `hw4 rnn-equal`: run, verify or synthesise the RNN of problem 5.1 that tells whether two bit
// strings are equal so far (SPEC section rnn-equal).
#include "cli/command.h"
#include "cli/read_rnn.h"
#include "hw4/derive/rnn_equal.h"

namespace hw4::cli {

namespace {

// run and verify read the same fields, so one input file serves both.
core::RnnNetwork read_network(const input::JsonReader& in) {
  in.allow_only({"weights", "activation", "a", "b", "max_length"});
  return {read_rnn_weights(in.at("weights")), read_rnn_activation(in)};
}

}  // namespace

Command rnn_equal_command() {
  return {"rnn-equal",
          "the RNN that tells whether two bit strings are equal so far: run, verify, solve",
          {
              {"run",
               "the trace of h_t and y_t on strings a and b, against the truth",
               "  hw4 rnn-equal run data/examples/rnn-equal/run/seed.json\n"
               "  {\"weights\": {\"W\": [[1, 1], [-1, -1]], \"b\": [-0.5, 1.1], \"v\": [1, 1],\n"
               "               \"c0\": 0.1, \"r\": 3.25, \"c\": -3}, \"a\": [1, 0, 1], \"b\": [1, "
               "1, 1]}\n",
               [](const input::JsonReader& in, const Context&) -> Task {
                 const core::RnnNetwork net = read_network(in);
                 std::vector<int> a, b;
                 read_rnn_strings(in, &a, &b);
                 if (in.has("max_length")) read_rnn_max_length(in);
                 return
                     [net, a, b] { return derive::rnn_equal_run(net, core::rnn_run(net, a, b)); };
               },
               {}},
              {"verify",
               "prove the weights right for every length or find the shortest counterexample, and "
               "say how to fix them",
               "  hw4 rnn-equal verify data/examples/rnn-equal/verify/seed.json\n"
               "  {\"weights\": {\"W\": [[1, 1], [-1, -1]], \"b\": [-0.5, 1.1], \"v\": [1, 1],\n"
               "               \"c0\": 0.1, \"r\": 3.25, \"c\": -3, \"y0\": 1}, \"activation\": "
               "\"step\"}\n",
               [](const input::JsonReader& in, const Context&) -> Task {
                 const core::RnnNetwork net = read_network(in);
                 const int max_length = read_rnn_max_length(in);
                 if (in.has("a") || in.has("b")) {
                   std::vector<int> a, b;
                   read_rnn_strings(in, &a, &b);  // checked, though verify covers every string
                 }
                 return [net, max_length] {
                   return derive::rnn_equal_verify(net, core::rnn_verify(net, max_length));
                 };
               },
               {}},
              {"solve",
               "maximum-margin weights that verify, by linear programming",
               "  echo '{\"activation\": \"step\", \"bounds\": 1}' | hw4 rnn-equal solve\n",
               [](const input::JsonReader& in, const Context&) -> Task {
                 in.allow_only({"activation", "bounds", "y0", "max_length"});
                 const core::RnnActivation g = read_rnn_activation(in);
                 const core::RnnBounds bounds = read_rnn_bounds(in, g);
                 const double y0 = in.double_or("y0", 1.0, -1e9, 1e9);
                 const int max_length =
                     static_cast<int>(in.int_or("max_length", 8, 1, core::kRnnMaxExhaustiveLength));
                 return [g, bounds, y0, max_length] {
                   return derive::rnn_equal_solve(g, bounds,
                                                  core::rnn_solve(g, bounds, y0, max_length));
                 };
               },
               {}},
          }};
}

}  // namespace hw4::cli
