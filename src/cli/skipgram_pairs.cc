// `hw4 skipgram pairs`: {text, window, lowercase} -> the (centre, context) training pairs.
#include <fmt/format.h>

#include "cli/skipgram_modes.h"
#include "hw4/derive/skipgram.h"

namespace hw4::cli {

namespace {

constexpr std::int64_t kMaxWindow = 1000;
constexpr std::size_t kMaxTextBytes = 16u << 20;
constexpr std::size_t kMaxPairs = 1'000'000;

}  // namespace

Mode skipgram_pairs_mode() {
  return {"pairs",
          "the (centre, context) pairs a window gives over a text",
          "  echo '{\"text\": \"a rose is a rose\", \"window\": 2}' | hw4 skipgram pairs\n",
          [](const input::JsonReader& in, const Context&) -> Task {
            in.allow_only({"text", "window", "lowercase"});
            const std::string text = in.at("text").as_string(kMaxTextBytes);
            const auto window = static_cast<std::size_t>(in.at("window").as_int(1, kMaxWindow));
            const auto sentences = core::tokenize(text, in.bool_or("lowercase", true));
            std::vector<std::size_t> lengths;
            for (const auto& s : sentences) lengths.push_back(s.size());
            const std::size_t count = core::count_skipgram_pairs(lengths, window);
            if (count > kMaxPairs) {
              in.at("text").fail(fmt::format(
                  "gives {} pairs, over the limit of {} (use skipgram train for corpora)", count,
                  kMaxPairs));
            }
            return [sentences, window] {
              return derive::skipgram_pairs(core::skipgram_pairs(sentences, window), window);
            };
          },
          {}};
}

}  // namespace hw4::cli
