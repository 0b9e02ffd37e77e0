// `hw4 beam-search decode`: a bigram model -> greedy, beam and exact decoding, shown step by step.
#include <utility>

#include "cli/command.h"
#include "hw4/derive/beam_search.h"
#include "cli/read_beam.h"

namespace hw4::cli {
namespace {

constexpr const char* kExample =
    "  hw4 beam-search decode model.json --width 3\n"
    "  with model.json (data/examples/beam-search/decode/seed-4-4.json):\n"
    "  {\"start\": \"<s>\", \"end\": \"</s>\", \"width\": 2, \"max_length\": 10,\n"
    "   \"transitions\": {\"<s>\": {\"the\": 0.6, \"a\": 0.4},\n"
    "                   \"the\": {\"man\": 0.35, \"woman\": 0.25, \"dog\": 0.2, \"cat\": 0.2},\n"
    "                   \"a\": {\"student\": 0.9, \"dog\": 0.1},\n"
    "                   \"man\": {\"</s>\": 1}, \"woman\": {\"</s>\": 1}, \"dog\": {\"</s>\": 1},\n"
    "                   \"cat\": {\"</s>\": 1}, \"student\": {\"</s>\": 1}}}\n";

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
            {{"width", FieldFlag::Type::kInt, "beam width (default 2)", ""},
             {"max_length", FieldFlag::Type::kInt, "most tokens between start and end (default 20)", ""}},
            false}}};
}

}  // namespace hw4::cli
