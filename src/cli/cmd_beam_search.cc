// `hw4 beam-search decode`: a bigram model -> greedy, beam and exact decoding, shown step by step.
#include <utility>

#include "command.h"
#include "hw4/derive/beam_search.h"
#include "read_beam.h"

namespace hw4::cli {
namespace {

constexpr const char* kExample = R"(hw4 beam-search decode model.json --width 2
model.json:
{"start": "<s>", "end": "</s>", "width": 2, "max_length": 10,
 "transitions": {"<s>": {"the": 0.5, "a": 0.4, "one": 0.1},
                 "the": {"cat": 0.4, "dog": 0.3, "bird": 0.3},
                 "a": {"dog": 0.9, "cat": 0.1}, "one": {"cat": 0.5, "bird": 0.5},
                 "cat": {"</s>": 1}, "dog": {"</s>": 1}, "bird": {"</s>": 1}}})";

Task prepare_decode(const input::JsonReader& in, const Context&) {
  BeamInput spec = read_beam(in);
  return [spec = std::move(spec)] { return derive::beam_search(spec.model, spec.limits); };
}

}  // namespace

Command beam_search_command() {
  return {"beam-search",
          "Greedy vs beam vs exact decoding of a bigram model",
          {{"decode",
            "Decode greedily, with a beam of width k, and exactly; show the beams at each step",
            kExample,
            prepare_decode,
            {{"width", FieldFlag::Type::kInt, "beam width (default 2)"},
             {"max_length", FieldFlag::Type::kInt, "most tokens between start and end (default 20)"}},
            false}}};
}

}  // namespace hw4::cli
