// `hw4 rnn-grad`: gradients through time in one recurrent layer (SPEC section rnn-grad).
#include "cli/command.h"
#include "cli/read_rnn_grad.h"
#include "hw4/derive/rnn_grad.h"

namespace hw4::cli {

Command rnn_grad_command() {
  return {"rnn-grad",
          "gradients through time in RNN/LSTM/GRU cells, and what each output depends on",
          {{"flow",
            "BPTT norms step by step, decay, horizon and verdict, clipping, the dependency map, "
            "checked along random directions",
            "  hw4 rnn-grad flow data/examples/rnn-grad/flow/vanishing.json --plot flow.svg\n"
            "  {\"cell\": [\"rnn\", \"lstm\"], \"input_size\": 3, \"hidden\": 8, \"steps\": 60,\n"
            "   \"init\": {\"seed\": 1, \"forget_bias\": 1.0}, \"inputs\": {\"seed\": 2}}\n",
            [](const input::JsonReader& in, const Context&) -> Task {
              return [problems = read_rnn_grad(in)] { return derive::rnn_grad(problems); };
            },
            {}}}};
}

}  // namespace hw4::cli
