// `hw4 skipgram grad`: {vocabulary, W, W_out, center, context, ...} -> loss and gradients.
#include "hw4/core/skipgram_grad.h"

#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "cli/skipgram_modes.h"
#include "hw4/derive/skipgram_grad.h"

namespace hw4::cli {
namespace {

constexpr std::size_t kMaxVocabulary = 100'000;
constexpr std::size_t kMaxDimension = 10'000;
constexpr std::size_t kMaxWords = 10'000;  // context and negative words

// The vocabulary, and each word's index for lookups.
struct Vocabulary {
  std::vector<std::string> words;
  std::unordered_map<std::string, Eigen::Index> index;
};

Vocabulary read_vocabulary(const input::JsonReader& in) {
  Vocabulary v;
  const std::size_t count = in.size(kMaxVocabulary);
  if (count == 0) in.fail("expected at least 1 word");
  for (std::size_t i = 0; i < count; ++i) {
    std::string word = in[i].as_string(1000);
    if (word.empty()) in[i].fail("expected a non-empty word");
    const auto [at, inserted] = v.index.emplace(word, static_cast<Eigen::Index>(i));
    if (!inserted) {
      in[i].fail(fmt::format("duplicate word \"{}\" (also at index {})", word, at->second));
    }
    v.words.push_back(std::move(word));
  }
  return v;
}

// A word given as a string of the vocabulary or as its 0-based index.
Eigen::Index read_word(const input::JsonReader& in, const Vocabulary& v) {
  if (in.is_number()) {
    return static_cast<Eigen::Index>(in.as_int(0, static_cast<std::int64_t>(v.words.size()) - 1));
  }
  if (!in.is_string()) in.fail(fmt::format("expected a word or its index, got {}", in.describe()));
  const std::string word = in.as_string(1000);
  const auto found = v.index.find(word);
  if (found == v.index.end()) {
    const auto close = input::closest_match(word, v.words);
    in.fail(fmt::format("unknown word \"{}\"{}", word,
                        close ? fmt::format(" (did you mean \"{}\"?)", *close) : ""));
  }
  return found->second;
}

std::vector<Eigen::Index> read_words(const input::JsonReader& in, const Vocabulary& v,
                                     bool allow_empty) {
  const std::size_t count = in.size(kMaxWords);
  if (count == 0 && !allow_empty) in.fail("expected at least 1 word");
  std::vector<Eigen::Index> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(read_word(in[i], v));
  return out;
}

}  // namespace

Mode skipgram_grad_mode() {
  return {
      "grad",
      "loss and gradients for one centre word (softmax or negative sampling), checked",
      "  hw4 skipgram grad grad.json   with grad.json:\n"
      "  {\"vocabulary\": [\"the\", \"cat\", \"sat\"], \"W\": [[0.1, 0.2], [0.3, -0.1], [0, "
      "0.5]],\n"
      "   \"W_out\": [[0.2, -0.3, 0.1], [0.4, 0.1, -0.2]], \"center\": \"cat\", \"context\": "
      "[\"the\", \"sat\"]}\n",
      [](const input::JsonReader& in, const Context&) -> Task {
        in.allow_only(
            {"vocabulary", "W", "W_out", "center", "context", "reduction", "loss", "negatives",
             "score_gradient"});
        Vocabulary vocabulary = read_vocabulary(in.at("vocabulary"));
        const auto V = static_cast<Eigen::Index>(vocabulary.words.size());
        core::SkipgramGradProblem p;
        const std::string loss = in.choice_or("loss", "softmax", {"softmax", "negative_sampling"});
        p.loss = loss == "softmax" ? core::SkipgramLoss::kSoftmax
                                   : core::SkipgramLoss::kNegativeSampling;
        p.reduction = in.choice_or("reduction", "sum", {"sum", "mean"}) == "sum"
                          ? core::Reduction::kSum
                          : core::Reduction::kMean;
        if (const auto g = in.find("score_gradient")) {
          if (p.loss != core::SkipgramLoss::kSoftmax) g->fail("only used with loss \"softmax\"");
          if (g->as_choice({"prediction_minus_target", "softmax_jacobian"}) == "softmax_jacobian") {
            p.score_gradient = core::ScoreGradient::kSoftmaxJacobian;
          }
        }

        const input::JsonReader w = in.at("W");
        p.W = w.as_matrix(kMaxVocabulary, kMaxDimension);
        if (p.W.rows() != V) {
          w.fail(fmt::format("expected {} rows (one per vocabulary word), got {}", V, p.W.rows()));
        }
        const Eigen::Index N = p.W.cols();
        const input::JsonReader w_out = in.at("W_out");
        p.W_out = w_out.as_matrix(kMaxDimension, kMaxVocabulary);
        if (p.W_out.rows() != N || p.W_out.cols() != V) {
          const bool transposed = p.W_out.rows() == V && p.W_out.cols() == N && V != N;
          w_out.fail(fmt::format(
              "expected {} × {} (N × V: one column per vocabulary word), got "
              "{} × {}{}",
              N, V, p.W_out.rows(), p.W_out.cols(), transposed ? " (it looks transposed)" : ""));
        }
        p.center = read_word(in.at("center"), vocabulary);
        p.context = read_words(in.at("context"), vocabulary, false);
        if (p.loss == core::SkipgramLoss::kNegativeSampling) {
          if (!in.has("negatives")) {
            in.fail("missing required field \"negatives\" (loss \"negative_sampling\" needs it)");
          }
          p.negatives = read_words(in.at("negatives"), vocabulary, true);
        } else if (in.has("negatives")) {
          in.at("negatives").fail("only used with loss \"negative_sampling\"");
        }
        return [p = std::move(p), words = std::move(vocabulary.words)] {
          return derive::skipgram_grad(p, words);
        };
      },
      {}};
}

}  // namespace hw4::cli
