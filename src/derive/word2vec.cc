// The `skipgram train` and `skipgram similar` answers: result JSON and worked derivation.
#include "hw4/derive/word2vec.h"

#include <algorithm>
#include <cmath>

#include "hw4/report/formula.h"

namespace hw4::derive {
namespace {

using report::Formula;
using report::integer;
using report::num;
using report::raw;
using report::tex;

// A word in a table cell: the renderers escape it as prose.
Formula vocabulary_word(const std::string& w) { return raw(w); }

nlohmann::json neighbors_json(const std::vector<core::Neighbor>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const core::Neighbor& n : list) out.push_back({{"word", n.word}, {"similarity", n.similarity}});
  return out;
}

nlohmann::json queries_json(const std::vector<core::NeighborQuery>& queries) {
  nlohmann::json out = nlohmann::json::array();
  for (const core::NeighborQuery& q : queries) {
    out.push_back({{"word", q.word},
                   {"neighbors", q.index >= 0 ? neighbors_json(q.neighbors) : nlohmann::json()}});
  }
  return out;
}

const Formula kCosine = tex("cos(x, y) = x·y / (|x| |y|)",
                            "\\cos(x, y) = \\frac{x \\cdot y}{\\lVert x \\rVert \\, \\lVert y \\rVert}");

// One table per query word: rank, neighbour, cosine.
void add_neighbor_tables(report::Section& section, const std::vector<core::NeighborQuery>& queries,
                         std::vector<report::Note>& notes) {
  section.blocks.push_back(report::Step{"similarity", kCosine, {}, {}, {}});
  for (const core::NeighborQuery& q : queries) {
    if (q.index < 0) {
      notes.push_back({"unknown_word", "\"" + q.word + "\" is not in the vocabulary"});
      section.blocks.push_back(report::Text("\"" + q.word + "\" is not in the vocabulary."));
      continue;
    }
    report::Table table{{"rank", "word", "cosine"}, {}, "nearest to \"" + q.word + "\""};
    for (std::size_t r = 0; r < q.neighbors.size(); ++r) {
      table.rows.push_back({integer(static_cast<std::int64_t>(r + 1)),
                            vocabulary_word(q.neighbors[r].word), num(q.neighbors[r].similarity)});
    }
    section.blocks.push_back(std::move(table));
  }
}

}  // namespace

report::Answer word2vec_train(const core::Word2VecOptions& o, const core::Word2VecResult& r,
                              const std::vector<core::NeighborQuery>& neighbors,
                              const Word2VecOutput& output) {
  report::Answer answer;
  const core::WordVectors& v = r.vectors;
  const auto epochs_run = static_cast<std::int64_t>(r.epochs.size());
  const double words_read = static_cast<double>(r.vocabulary_words * epochs_run);
  const double words_per_second = r.seconds > 0 ? words_read / r.seconds : 0;

  nlohmann::json epochs = nlohmann::json::array();
  std::int64_t kept = 0;
  for (const core::Word2VecEpoch& e : r.epochs) {
    kept += e.kept_words;
    epochs.push_back({{"epoch", e.epoch},
                      {"loss", e.loss},
                      {"words", e.words},
                      {"kept_words", e.kept_words},
                      {"pairs", e.pairs},
                      {"alpha", e.alpha_end}});
  }
  answer.result = {
      {"vocabulary_size", v.size()},
      {"corpus_words", r.corpus_words},
      {"vocabulary_words", r.vocabulary_words},
      {"distinct_words", r.distinct_words},
      {"seconds", r.seconds},
      {"words_per_second", words_per_second},
      {"effective_words_per_second", r.seconds > 0 ? static_cast<double>(kept) / r.seconds : 0.0},
      {"epochs", epochs},
      {"neighbors", queries_json(neighbors)},
      {"output", output.path.empty() ? nlohmann::json()
                                     : nlohmann::json{{"path", output.path}, {"format", output.format}}},
      {"settings",
       {{"dim", o.dim}, {"window", o.window}, {"negative", o.negative}, {"sample", o.sample},
        {"min_count", o.min_count}, {"epochs", o.epochs}, {"alpha", o.alpha},
        {"min_alpha", o.min_alpha}, {"threads", o.threads}, {"seed", o.seed},
        {"lowercase", o.lowercase}}},
  };
  if (r.interrupted) answer.notes.push_back({"interrupted", "training was interrupted"});

  report::Report& rep = answer.report;
  rep.title = "Skip-gram with negative sampling (word2vec)";

  const double total = static_cast<double>(r.vocabulary_words);
  {
    report::Section s{"Vocabulary", {}};
    s.blocks.push_back(report::Text(
        "Tokens are the runs of non-space characters" +
        std::string(o.lowercase ? ", lowercased" : "") +
        "; a line break ends a sentence. Words seen fewer than min_count times are dropped."));
    s.blocks.push_back(report::Step{"corpus tokens", {}, {}, r.corpus_words, {}});
    s.blocks.push_back(report::Step{"distinct words", {}, {}, r.distinct_words, {}});
    s.blocks.push_back(report::Step{
        "vocabulary", tex("V = |{w : c_w ≥ min_count}|", "V = \\lvert\\{w : c_w \\ge \\text{min\\_count}\\}\\rvert"),
        {}, static_cast<std::int64_t>(v.size()),
        report::Text("min_count = " + std::to_string(o.min_count))});
    s.blocks.push_back(report::Step{"vocabulary words per epoch", tex("T = Σ_w c_w", "T = \\sum_w c_w"),
                                    {}, r.vocabulary_words, {}});
    rep.sections.push_back(std::move(s));
  }
  {
    report::Section s{"Subsampling and noise words", {}};
    s.blocks.push_back(report::Text(
        "Each epoch keeps an occurrence of word w (frequency f_w = c_w / T) with probability "
        "p_keep; the noise words of negative sampling are drawn from the unigram distribution "
        "raised to the power 3/4."));
    s.blocks.push_back(report::Step{
        "keep probability",
        tex("p_keep(w) = min(1, √(s / f_w) + s / f_w)",
            "p_{\\text{keep}}(w) = \\min\\left(1, \\sqrt{s / f_w} + s / f_w\\right)"),
        {}, {}, report::Text() << "with " << (raw("s = ") + num(o.sample))});
    s.blocks.push_back(report::Step{
        "noise distribution",
        tex("P_n(w) = c_w^0.75 / Σ_v c_v^0.75", "P_n(w) = \\frac{c_w^{0.75}}{\\sum_v c_v^{0.75}}"),
        {}, {}, {}});
    double z = 0;
    for (std::int64_t c : v.counts) z += std::pow(static_cast<double>(c), 0.75);
    report::Table table{{"word", "count", "f", "p_keep", "P_n"}, {}, "the most frequent words"};
    for (std::size_t i = 0; i < std::min<std::size_t>(5, v.size()); ++i) {
      const double c = static_cast<double>(v.counts[i]);
      const double f = c / total;
      const double keep = o.sample > 0 ? std::min(1.0, std::sqrt(o.sample / f) + o.sample / f) : 1.0;
      table.rows.push_back({vocabulary_word(v.words[i]), integer(v.counts[i]), num(f), num(keep),
                            num(std::pow(c, 0.75) / z)});
    }
    s.blocks.push_back(std::move(table));
    rep.sections.push_back(std::move(s));
  }
  {
    report::Section s{"Objective and learning rate", {}};
    s.blocks.push_back(report::Text(
        "For each kept centre word the window is drawn uniformly from 1 to the window size; "
        "each context word c in it (same sentence) gives one update. With h the input vector of "
        "c, u_o the output vector of the centre and u_1..u_k those of k noise words, the loss of "
        "the update is"));
    s.blocks.push_back(report::Step{
        "loss per update",
        tex("L = −log σ(u_o·h) − Σ_{n=1}^{k} log σ(−u_n·h)",
            "L = -\\log \\sigma(u_o^\\top h) - \\sum_{n=1}^{k} \\log \\sigma(-u_n^\\top h)"),
        {}, {}, report::Text() << "with " << (raw("k = ") + integer(o.negative))});
    s.blocks.push_back(report::Step{
        "learning rate",
        tex("α_t = α − (α − α_min) · t / (epochs · N)",
            "\\alpha_t = \\alpha - (\\alpha - \\alpha_{\\min}) \\frac{t}{\\text{epochs} \\cdot N}"),
        {}, {},
        report::Text() << "with " << (tex("α = ", "\\alpha = ") + num(o.alpha)) << " and "
                       << (tex("α_min = ", "\\alpha_{\\min} = ") + num(o.min_alpha))
                       << "; t counts the corpus tokens read so far, N = " << integer(r.corpus_words)
                       << " those of the corpus"});
    rep.sections.push_back(std::move(s));
  }
  {
    report::Section s{"Training", {}};
    report::Table table{{"epoch", "mean loss", "words", "kept", "updates", "alpha at end"}, {}, ""};
    for (const core::Word2VecEpoch& e : r.epochs) {
      table.rows.push_back({integer(e.epoch), num(e.loss), integer(e.words), integer(e.kept_words),
                            integer(e.pairs), num(e.alpha_end)});
    }
    s.blocks.push_back(std::move(table));
    s.blocks.push_back(report::Step{"seconds", {}, {}, r.seconds, {}});
    s.blocks.push_back(report::Step{"words per second", {}, {}, words_per_second,
                                    report::Text("vocabulary words read, subsampled ones included")});
    if (r.interrupted) s.blocks.push_back(report::Text("Training was interrupted."));
    rep.sections.push_back(std::move(s));
  }
  if (!neighbors.empty()) {
    report::Section s{"Nearest neighbours", {}};
    add_neighbor_tables(s, neighbors, answer.notes);
    rep.sections.push_back(std::move(s));
  }
  if (!output.path.empty()) {
    rep.sections.push_back({"Output", {report::Text(
        "Wrote " + std::to_string(v.size()) + " vectors of dimension " + std::to_string(v.dim) +
        " to " + output.path + " (word2vec " + output.format + " format).")}});
  }
  return answer;
}

report::Answer word2vec_similar(const core::WordVectors& vectors, const std::string& vectors_name,
                                const std::vector<core::NeighborQuery>& neighbors,
                                const std::vector<core::AnalogyQuery>& analogies,
                                const std::optional<core::AnalogyEvaluation>& evaluation) {
  report::Answer answer;
  nlohmann::json analogies_json = nlohmann::json::array();
  for (const core::AnalogyQuery& q : analogies) {
    const bool known = !q.answers.empty() || (q.indices[0] >= 0 && q.indices[1] >= 0 && q.indices[2] >= 0);
    analogies_json.push_back({{"words", q.words},
                              {"answers", known ? neighbors_json(q.answers) : nlohmann::json()}});
  }
  answer.result = {{"vocabulary_size", vectors.size()},
                   {"dim", vectors.dim},
                   {"neighbors", queries_json(neighbors)},
                   {"analogies", analogies_json}};

  report::Report& rep = answer.report;
  rep.title = "Word vectors: neighbours and analogies";
  rep.sections.push_back({"Vectors", {report::Text(
      std::to_string(vectors.size()) + " words of dimension " + std::to_string(vectors.dim) +
      " from " + vectors_name + ".")}});
  if (!neighbors.empty()) {
    report::Section s{"Nearest neighbours", {}};
    add_neighbor_tables(s, neighbors, answer.notes);
    rep.sections.push_back(std::move(s));
  }
  if (!analogies.empty()) {
    report::Section s{"Analogies (3CosAdd)", {}};
    s.blocks.push_back(report::Text(
        "\"a is to b as ? is to c\": the words whose vectors are closest in cosine to the sum of "
        "unit vectors below, a, b and c themselves excluded (Mikolov et al. 2013; gensim's "
        "most_similar(positive=[a, c], negative=[b]))."));
    s.blocks.push_back(report::Step{
        "answer",
        tex("x* = argmax_{x ∉ {a,b,c}} cos(x, â − b̂ + ĉ)",
            "x^* = \\operatorname*{arg\\,max}_{x \\notin \\{a, b, c\\}} \\cos(x, \\hat a - \\hat b + \\hat c)"),
        {}, {}, {}});
    for (const core::AnalogyQuery& q : analogies) {
      const std::string title = q.words[0] + " is to " + q.words[1] + " as ? is to " + q.words[2];
      if (q.answers.empty()) {
        answer.notes.push_back({"unknown_word", title + ": a word is not in the vocabulary"});
        s.blocks.push_back(report::Text(title + ": a word is not in the vocabulary."));
        continue;
      }
      report::Table table{{"rank", "word", "cosine"}, {}, title};
      for (std::size_t r = 0; r < q.answers.size(); ++r) {
        table.rows.push_back({integer(static_cast<std::int64_t>(r + 1)),
                              vocabulary_word(q.answers[r].word), num(q.answers[r].similarity)});
      }
      s.blocks.push_back(std::move(table));
    }
    rep.sections.push_back(std::move(s));
  }
  if (evaluation) {
    const core::AnalogyEvaluation& e = *evaluation;
    nlohmann::json sections = nlohmann::json::array();
    report::Section s{"Analogy accuracy", {}};
    s.blocks.push_back(report::Text(
        "As gensim's evaluate_word_analogies: only the restrict_vocab most frequent words (300,000 by default) are searched, "
        "words compare case-insensitively, questions with an unknown word are skipped, and a "
        "question a b c d is right when d is the 3CosAdd answer to b - a + c."));
    report::Table table{{"section", "correct", "asked", "accuracy"}, {}, ""};
    for (const core::AnalogySection& sec : e.sections) {
      const std::int64_t asked = sec.correct + sec.incorrect;
      const double acc = asked > 0 ? static_cast<double>(sec.correct) / static_cast<double>(asked) : 0;
      sections.push_back({{"section", sec.name}, {"correct", sec.correct},
                          {"incorrect", sec.incorrect}, {"accuracy", acc}});
      table.rows.push_back(
          {vocabulary_word(sec.name), integer(sec.correct), integer(asked), num(acc)});
    }
    s.blocks.push_back(std::move(table));
    s.blocks.push_back(report::Step{
        "accuracy", tex("correct / (correct + incorrect)", "\\frac{\\text{correct}}{\\text{correct} + \\text{incorrect}}"),
        integer(e.correct) + raw(" / ") + integer(e.correct + e.incorrect), e.accuracy,
        report::Text(std::to_string(e.skipped) + " questions skipped")});
    rep.sections.push_back(std::move(s));
    answer.result["evaluation"] = {{"accuracy", e.accuracy}, {"correct", e.correct},
                                   {"incorrect", e.incorrect}, {"skipped", e.skipped},
                                   {"sections", sections}};
  }
  return answer;
}

}  // namespace hw4::derive
