// The derivation of `skipgram pairs`: tokens, the window rule, the pairs and their count.
#include <string>

#include "hw4/derive/skipgram.h"

namespace hw4::derive {

using report::Formula;

report::Answer skipgram_pairs(const core::SkipgramPairs& pairs, std::size_t window) {
  report::Answer answer;
  nlohmann::json pair_list = nlohmann::json::array();
  for (const auto& [center, context] : pairs.pairs) {
    pair_list.push_back({{"center", pairs.vocabulary[center]},
                         {"context", pairs.vocabulary[context]}});
  }
  answer.result = {{"vocabulary", pairs.vocabulary},
                   {"pairs", std::move(pair_list)},
                   {"count", pairs.pairs.size()}};

  const auto w = static_cast<std::int64_t>(window);
  std::size_t tokens = 0;
  for (const auto& s : pairs.sentences) tokens += s.size();
  answer.report.title = "Skip-gram training pairs";

  report::Section input{"Tokens", {}};
  input.blocks.push_back(report::Text(
      "Tokens are the runs of non-space characters; a line break ends a sentence, and no "
      "window crosses it. The text has " + std::to_string(tokens) + " tokens in " +
      std::to_string(pairs.sentences.size()) + " sentence(s) and " +
      std::to_string(pairs.vocabulary.size()) + " distinct words (the vocabulary, in order of "
      "first occurrence)."));
  report::Table vocabulary{{"index", "word"}, {}, "Vocabulary"};
  for (std::size_t i = 0; i < pairs.vocabulary.size() && i < kMaxTableRows; ++i) {
    vocabulary.rows.push_back({report::integer(static_cast<std::int64_t>(i)),
                               report::name(pairs.vocabulary[i])});
  }
  input.blocks.push_back(std::move(vocabulary));
  answer.report.sections.push_back(std::move(input));

  report::Section rule{"The window", {}};
  rule.blocks.push_back(report::Text() << "Each position " << report::raw("i")
                                       << " is a centre word; every other position "
                                       << report::raw("j") << " of the same sentence with "
                                       << report::tex("|i − j| ≤ w", "|i - j| \\le w")
                                       << " gives one pair (centre, context), contexts left to "
                                          "right, with "
                                       << report::raw("w = ") + report::integer(w) << ".");
  report::Table table{{"position", "centre", "contexts"}, {}, ""};
  std::size_t next_pair = 0, position = 0;
  for (const auto& sentence : pairs.sentences) {
    const std::size_t n = sentence.size();
    for (std::size_t i = 0; i < n; ++i, ++position) {
      const std::size_t count = core::skipgram_contexts(n, i, window);
      if (position < kMaxTableRows) {
        std::string contexts;
        for (std::size_t k = 0; k < count; ++k) {
          contexts += (k ? ", " : "") + pairs.vocabulary[pairs.pairs[next_pair + k].second];
        }
        table.rows.push_back({report::integer(static_cast<std::int64_t>(position)),
                              report::name(pairs.vocabulary[sentence[i]]), report::name(contexts)});
      }
      next_pair += count;
    }
  }
  if (position > kMaxTableRows) {
    table.caption = "the first " + std::to_string(kMaxTableRows) + " of " +
                    std::to_string(position) + " positions";
  }
  rule.blocks.push_back(std::move(table));
  answer.report.sections.push_back(std::move(rule));

  report::Section count{"Count", {}};
  count.blocks.push_back(report::Step{
      "pairs",
      report::tex("Σ_sentences Σ_i (min(i, w) + min(n − 1 − i, w))",
                  "\\sum_{\\text{sentences}} \\sum_{i} \\left(\\min(i, w) + \\min(n - 1 - i, w)\\right)"),
      {},
      static_cast<std::int64_t>(pairs.pairs.size()),
      report::Text("n is the sentence's length; a position near either end has fewer than 2w "
                   "neighbours")});
  answer.report.sections.push_back(std::move(count));
  return answer;
}

}  // namespace hw4::derive
