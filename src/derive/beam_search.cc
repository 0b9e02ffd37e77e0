// Builds the beam-search answer: result JSON, the worked derivation and the cumulative plot.
#include "hw4/derive/beam_search.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "hw4/report/formula.h"

namespace hw4::derive {
namespace {

using core::BigramModel;
using core::Hypothesis;
using report::Formula;

// Long models and runs are shown in part; the result always holds everything.
constexpr std::size_t kMaxModelRows = 60;
constexpr std::size_t kMaxStepsShown = 25;
constexpr std::size_t kMaxPathsListed = 24;

const std::string& name(const BigramModel& m, int token) {
  return m.names[static_cast<std::size_t>(token)];
}

// Words in LaTeX math: runs of ordinary characters in \text{}, special characters outside it in
// their math-mode spelling (inside \text, MathJax would print \textless and the like verbatim,
// and a raw "<s>" would reach GitHub's HTML sanitiser).
std::string latex_words(const std::string& s) {
  std::string out, run;
  auto flush = [&] {
    if (!run.empty()) out += "\\text{" + run + "}";
    run.clear();
  };
  for (char c : s) {
    const char* special = nullptr;
    switch (c) {
      case '<': special = "{<}"; break;
      case '>': special = "{>}"; break;
      case '_': special = "\\_"; break;
      case '$': special = "\\$"; break;
      case '&': special = "\\&"; break;
      case '#': special = "\\#"; break;
      case '%': special = "\\%"; break;
      case '{': special = "\\{"; break;
      case '}': special = "\\}"; break;
      case '\\': special = "\\backslash{}"; break;
      case '^': special = "\\hat{}"; break;
      case '~': special = "\\sim{}"; break;
      default: break;
    }
    if (special != nullptr) {
      flush();
      out += special;
    } else {
      run += c;
    }
  }
  flush();
  return out.empty() ? "\\text{}" : out;
}

Formula words(const std::string& plain) { return report::tex(plain, latex_words(plain)); }

Formula token(const BigramModel& m, int t) { return words(name(m, t)); }

// "<s> the cat </s>": the whole sequence, start and (when emitted) end included.
Formula sequence(const BigramModel& m, const Hypothesis& h) {
  std::string s = name(m, m.start);
  for (int t : h.tokens) s += " " + name(m, t);
  if (h.ended) s += " " + name(m, m.end);
  return words(s);
}

// P(next | prev)
Formula cond(const BigramModel& m, int next, int prev) {
  return report::tex("P(", "P(") + token(m, next) + report::tex(" | ", " \\mid ") + token(m, prev) +
         report::raw(")");
}

const core::Successor* find(const BigramModel& m, int from, int to) {
  for (const core::Successor& s : m.successors[static_cast<std::size_t>(from)]) {
    if (s.token == to) return &s;
  }
  return nullptr;
}

nlohmann::json tokens_json(const BigramModel& m, const std::vector<int>& tokens) {
  nlohmann::json out = nlohmann::json::array();
  for (int t : tokens) out.push_back(name(m, t));
  return out;
}

nlohmann::json hypothesis_json(const BigramModel& m, const Hypothesis& h) {
  return {{"tokens", tokens_json(m, h.tokens)},
          {"log_prob", h.log_prob},
          {"probability", std::exp(h.log_prob)},
          {"ended", h.ended}};
}

// The path's tokens with the end token when emitted, and the cumulative log-probability after
// each of them (index 0: the start, 0).
std::vector<double> cumulative(const BigramModel& m, const Hypothesis& h) {
  std::vector<double> out{0.0};
  int prev = m.start;
  std::vector<int> path = h.tokens;
  if (h.ended) path.push_back(m.end);
  for (int t : path) {
    const core::Successor* s = find(m, prev, t);
    out.push_back(out.back() + (s != nullptr ? s->log_prob : 0.0));
    prev = t;
  }
  return out;
}

// label: ln P(<s> a b </s>) = ln p1 + ln p2 + ... = value (the terms only for short sequences).
report::Step score_step(const std::string& label, const BigramModel& m, const Hypothesis& h) {
  constexpr std::size_t kMaxTerms = 12;
  report::Step step{label, report::tex("ln P(", "\\ln P(") + sequence(m, h) + report::raw(")"),
                    {}, h.log_prob, {}};
  std::vector<int> path = h.tokens;
  if (h.ended) path.push_back(m.end);
  if (path.size() <= kMaxTerms) {
    int prev = m.start;
    for (std::size_t i = 0; i < path.size(); ++i) {
      const core::Successor* s = find(m, prev, path[i]);
      if (i > 0) step.substituted += report::raw(" + ");
      step.substituted += report::tex("ln ", "\\ln ") + report::num(s != nullptr ? s->probability : 0.0);
      prev = path[i];
    }
  }
  return step;
}

const char* stop_code(core::BeamStop stop) {
  switch (stop) {
    case core::BeamStop::kAllEnded: return "all_ended";
    case core::BeamStop::kCannotBeat: return "cannot_beat";
    case core::BeamStop::kLengthLimit: return "length_limit";
  }
  return "all_ended";
}

report::Section model_section(const BigramModel& m, const core::DecodeLimits& limits) {
  report::Section sec{"Model", {}};
  report::Text intro;
  intro << "A bigram model " << report::tex("P(w_t | w_{t-1})", "P(w_t \\mid w_{t-1})")
        << " from the start token " << token(m, m.start) << " to the end token "
        << token(m, m.end) << ". A sequence scores " << report::tex("ln P = Σ_t ln P(w_t | w_{t-1})", "\\ln P = \\sum_t \\ln P(w_t \\mid w_{t-1})")
        << ", the end token's factor included, with no length normalisation; at most "
        << report::integer(limits.max_length)
        << " tokens between start and end. Ties go to the lexicographically smaller token list.";
  sec.blocks.emplace_back(intro);
  report::Table table{{"previous", "next", "P(next | previous)", "ln P"}, {}, ""};
  std::size_t shown = 0;
  for (std::size_t from = 0; from < m.successors.size(); ++from) {
    for (const core::Successor& s : m.successors[from]) {
      if (shown < kMaxModelRows) {
        table.rows.push_back({token(m, static_cast<int>(from)), token(m, s.token),
                              report::num(s.probability), report::num(s.log_prob)});
      }
      ++shown;
    }
  }
  if (shown > kMaxModelRows) {
    table.caption = "first " + std::to_string(kMaxModelRows) + " of " + std::to_string(shown) +
                    " transitions";
  } else {
    table.caption = std::to_string(shown) + " transitions with P > 0";
  }
  sec.blocks.emplace_back(std::move(table));
  return sec;
}

report::Section greedy_section(const BigramModel& m, const Hypothesis& g, int max_length) {
  report::Section sec{"Greedy decoding", {}};
  sec.blocks.emplace_back(report::Text(
      "At each step take the most probable next token given the previous one, until the end "
      "token."));
  report::Table table{{"step", "previous", "choice", "P(choice | previous)", "next best",
                       "P(next best)", "ln P so far"},
                      {},
                      ""};
  std::vector<int> path = g.tokens;
  if (g.ended) path.push_back(m.end);
  int prev = m.start;
  double lp = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const int t = path[i];
    const core::Successor* s = find(m, prev, t);
    lp += s != nullptr ? s->log_prob : 0.0;
    const core::Successor* runner = nullptr;
    for (const core::Successor& o : m.successors[static_cast<std::size_t>(prev)]) {
      if (o.token != t && (runner == nullptr || o.probability > runner->probability)) runner = &o;
    }
    table.rows.push_back({report::integer(static_cast<std::int64_t>(i + 1)), token(m, prev),
                          token(m, t), report::num(s != nullptr ? s->probability : 0.0),
                          runner != nullptr ? token(m, runner->token) : report::raw("-"),
                          runner != nullptr ? report::num(runner->probability) : report::raw("-"),
                          report::num(lp)});
    prev = t;
  }
  sec.blocks.emplace_back(std::move(table));
  if (!g.ended) {
    report::Text t;
    t << "Greedy holds " << report::integer(max_length)
      << " tokens and its most probable next token is not the end token: it stops unfinished.";
    sec.blocks.emplace_back(std::move(t));
  }
  sec.blocks.emplace_back(score_step("greedy", m, g));
  return sec;
}

report::Section beam_section(const BigramModel& m, const core::BeamResult& b,
                             const core::DecodeLimits& limits) {
  report::Section sec{"Beam search (width " + std::to_string(limits.width) + ")", {}};
  report::Text intro;
  intro << "Start from " << token(m, m.start) << ". At each step extend every unfinished "
        << "hypothesis by every next token, score the candidates by cumulative ln P, and keep the "
        << report::integer(limits.width) << " best. A kept hypothesis that emits "
        << token(m, m.end) << " is finished and set aside; the answer is the best finished one.";
  if (limits.recombine) {
    intro << " With recombination only the best candidate ending in each token is kept.";
  }
  sec.blocks.emplace_back(std::move(intro));
  const std::size_t shown = std::min(b.steps.size(), kMaxStepsShown);
  for (std::size_t s = 0; s < shown; ++s) {
    const core::BeamStep& step = b.steps[s];
    report::Table table{{"rank", "hypothesis", "ln P", "P", "status"}, {}, ""};
    for (std::size_t r = 0; r < step.kept.size(); ++r) {
      const Hypothesis& h = step.kept[r];
      table.rows.push_back({report::integer(static_cast<std::int64_t>(r + 1)), sequence(m, h),
                            report::num(h.log_prob), report::num(std::exp(h.log_prob)),
                            words(h.ended ? "finished" : "kept")});
    }
    if (step.has_first_pruned) {
      const Hypothesis& h = step.first_pruned;
      table.rows.push_back({report::raw("-"), sequence(m, h), report::num(h.log_prob),
                            report::num(std::exp(h.log_prob)), words("best pruned")});
    }
    table.caption = "step " + std::to_string(s + 1) + ": " + std::to_string(step.candidates) +
                    " candidates, " + std::to_string(step.kept.size()) + " kept";
    sec.blocks.emplace_back(std::move(table));
  }
  if (shown < b.steps.size()) {
    sec.blocks.emplace_back(report::Text("The remaining " +
                                         std::to_string(b.steps.size() - shown) +
                                         " steps are in the result's beam.steps."));
  }
  switch (b.stop) {
    case core::BeamStop::kAllEnded:
      sec.blocks.emplace_back(report::Text("Every kept hypothesis has finished: the search stops."));
      break;
    case core::BeamStop::kCannotBeat:
      sec.blocks.emplace_back(report::Text(
          "The best unfinished hypothesis already scores below the best finished one, and "
          "extending a hypothesis can only lower its score: the search stops."));
      break;
    case core::BeamStop::kLengthLimit:
      sec.blocks.emplace_back(report::Text(
          "No hypothesis can be extended within max_length: the search stops."));
      break;
  }
  report::Step best = score_step("beam", m, b.best);
  if (!b.best.ended) best.note = report::Text("no hypothesis finished");
  sec.blocks.emplace_back(std::move(best));
  return sec;
}

report::Section exact_section(const BigramModel& m, const core::DecodeResult& r,
                              const core::DecodeLimits& limits) {
  report::Section sec{"Exact decoding", {}};
  report::Text intro;
  intro << "The best of all " << report::num(r.complete_paths)
        << " sequences that reach the end token within " << report::integer(limits.max_length)
        << " tokens. Since " << report::tex("-ln P", "-\\ln P")
        << " adds up along a path, this is a shortest path: dynamic programming over (length, "
        << "last token) keeps the best prefix for each pair, "
        << report::tex("best_n(w) = max_v [best_{n-1}(v) + ln P(w | v)]",
                       "\\mathrm{best}_n(w) = \\max_v \\left[\\mathrm{best}_{n-1}(v) + \\ln P(w "
                       "\\mid v)\\right]")
        << ".";
  sec.blocks.emplace_back(std::move(intro));
  if (r.complete_paths <= static_cast<double>(kMaxPathsListed)) {
    const std::vector<Hypothesis> all =
        core::enumerate_complete_paths(m, limits.max_length, kMaxPathsListed);
    report::Table table{{"sequence", "ln P", "P"}, {}, "every complete sequence, best first"};
    for (const Hypothesis& h : all) {
      table.rows.push_back({sequence(m, h), report::num(h.log_prob), report::num(std::exp(h.log_prob))});
    }
    sec.blocks.emplace_back(std::move(table));
  }
  sec.blocks.emplace_back(score_step("exact", m, r.exact));
  return sec;
}

report::Section decoders_section(const BigramModel& m, const core::DecodeResult& r,
                                 const core::DecodeLimits& limits) {
  report::Section sec{"Comparison", {}};
  report::Table table{{"method", "sequence", "ln P", "P", "optimal"}, {}, ""};
  auto row = [&](const std::string& method, const Hypothesis& h) {
    const bool optimal = h.ended && h.tokens == r.exact.tokens;
    table.rows.push_back({words(method), sequence(m, h), report::num(h.log_prob),
                          report::num(std::exp(h.log_prob)), words(optimal ? "yes" : "no")});
  };
  row("greedy", r.greedy);
  row("beam (width " + std::to_string(limits.width) + ")", r.beam.best);
  row("exact", r.exact);
  sec.blocks.emplace_back(std::move(table));

  if (r.greedy_divergence >= 0) {
    const auto d = static_cast<std::size_t>(r.greedy_divergence);
    std::vector<int> g = r.greedy.tokens, e = r.exact.tokens;
    if (r.greedy.ended) g.push_back(m.end);
    e.push_back(m.end);
    const int prev = d == 0 ? m.start : e[d - 1];
    report::Text t;
    if (d < g.size()) {
      const core::Successor* gs = find(m, prev, g[d]);
      const core::Successor* es = find(m, prev, e[d]);
      t << "Greedy parts from the best sequence at position " << report::integer(static_cast<std::int64_t>(d + 1))
        << ": it takes "
        << cond(m, g[d], prev) + report::eq() + report::num(gs != nullptr ? gs->probability : 0.0)
        << " over "
        << cond(m, e[d], prev) + report::eq() + report::num(es != nullptr ? es->probability : 0.0)
        << ".";
      if (r.has_greedy_locked) {
        t << " That choice locks it out: the best sequence it still allows is "
          << sequence(m, r.greedy_locked) << " with "
          << report::raw("P") + report::eq() + report::num(std::exp(r.greedy_locked.log_prob))
          << ", below the optimum's "
          << report::num(std::exp(r.exact.log_prob)) << ".";
      } else {
        t << " After that choice no sequence reaches the end token within max_length.";
      }
    } else {
      t << "Greedy ran out of length before reaching the end token.";
    }
    sec.blocks.emplace_back(std::move(t));
  } else {
    sec.blocks.emplace_back(report::Text("Greedy decoding finds the best sequence here."));
  }
  if (r.exact_pruned_at_step > 0) {
    report::Text t;
    t << "Beam search loses the best sequence at step " << report::integer(r.exact_pruned_at_step)
      << ", where its prefix falls below the width-" << report::integer(limits.width) << " cut.";
    sec.blocks.emplace_back(std::move(t));
  } else if (r.beam.best.ended && r.beam.best.tokens == r.exact.tokens) {
    sec.blocks.emplace_back(report::Text("Beam search keeps the best sequence's prefix at every step and finds it."));
  }
  return sec;
}

report::Plot cumulative_plot(const BigramModel& m, const core::DecodeResult& r) {
  report::Plot plot;
  plot.title = "Cumulative log-probability along each answer";
  plot.x_label = "tokens emitted (end included)";
  plot.y_label = "ln P so far";
  auto series = [&](const std::string& label, const Hypothesis& h) {
    report::Series s{label, {}, cumulative(m, h)};
    for (std::size_t i = 0; i < s.y.size(); ++i) s.x.push_back(static_cast<double>(i));
    plot.series.push_back(std::move(s));
  };
  series("greedy", r.greedy);
  series("beam", r.beam.best);
  series("exact", r.exact);
  return plot;
}

}  // namespace

report::Answer beam_search(const BigramModel& model, const core::DecodeLimits& limits) {
  const core::DecodeResult r = core::decode(model, limits);
  report::Answer a;

  nlohmann::json beam = hypothesis_json(model, r.beam.best);
  beam["width"] = limits.width;
  if (limits.recombine) beam["recombine"] = true;
  nlohmann::json steps = nlohmann::json::array();
  nlohmann::json candidates = nlohmann::json::array();
  for (const core::BeamStep& step : r.beam.steps) {
    nlohmann::json kept = nlohmann::json::array();
    for (const Hypothesis& h : step.kept) {
      kept.push_back({{"tokens", tokens_json(model, h.tokens)}, {"ended", h.ended}, {"log_prob", h.log_prob}});
    }
    steps.push_back(std::move(kept));
    candidates.push_back(step.candidates);
  }
  beam["steps"] = std::move(steps);
  beam["candidates"] = std::move(candidates);
  beam["stopped"] = stop_code(r.beam.stop);

  nlohmann::json exact = hypothesis_json(model, r.exact);
  // A count is an integer while doubles hold it exactly (below 2^53), else an approximation.
  if (r.complete_paths < 9007199254740992.0) {
    exact["complete_paths"] = static_cast<std::int64_t>(r.complete_paths);
  } else {
    exact["complete_paths"] = r.complete_paths;
  }

  const bool greedy_optimal = r.greedy.ended && r.greedy.tokens == r.exact.tokens;
  const bool beam_optimal = r.beam.best.ended && r.beam.best.tokens == r.exact.tokens;
  a.result = {{"greedy", hypothesis_json(model, r.greedy)},
              {"beam", std::move(beam)},
              {"exact", std::move(exact)},
              {"greedy_is_optimal", greedy_optimal},
              {"beam_is_optimal", beam_optimal}};

  a.report.title = "Greedy, beam (width " + std::to_string(limits.width) +
                   ") and exact decoding of a bigram model";
  a.report.sections.push_back(model_section(model, limits));
  a.report.sections.push_back(greedy_section(model, r.greedy, limits.max_length));
  a.report.sections.push_back(beam_section(model, r.beam, limits));
  a.report.sections.push_back(exact_section(model, r, limits));
  a.report.sections.push_back(decoders_section(model, r, limits));
  a.plot = cumulative_plot(model, r);

  if (model.end_row_ignored) {
    a.notes.push_back({"end_row_ignored", "the end token's row is never used: a hypothesis that "
                                          "emits the end token is finished"});
  }
  if (!r.greedy.ended) {
    a.notes.push_back({"greedy_unfinished", "greedy decoding did not reach the end token within "
                                            "max_length; its partial sequence is reported"});
  }
  if (!r.beam.best.ended) {
    a.notes.push_back({"beam_unfinished", "no beam hypothesis reached the end token within "
                                          "max_length; the best partial one is reported"});
  }
  return a;
}

}  // namespace hw4::derive
