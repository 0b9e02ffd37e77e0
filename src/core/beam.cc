// Greedy, beam and exact decoding of a bigram model (see include/hw4/core/beam.h).
#include "hw4/core/beam.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "hw4/error.h"

namespace hw4::core {
namespace {

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

// Ties among successors of one hypothesis: the end token sorts before every other token, since
// the ended hypothesis's list is a prefix of its siblings' lists.
int tie_key(const BigramModel& model, int token) { return token == model.end ? -1 : token; }

const std::vector<Successor>& successors_of(const BigramModel& model, int token) {
  return model.successors[static_cast<std::size_t>(token)];
}

int last_token(const BigramModel& model, const std::vector<int>& tokens) {
  return tokens.empty() ? model.start : tokens.back();
}

// A scored extension of a kept hypothesis, before it is materialised.
struct Candidate {
  std::size_t parent;   // index into the current beam
  std::size_t rank;     // the parent's rank in lexicographic order among the beam
  int token;
  int key;              // tie_key(token)
  double log_prob;
};

// The forward dynamic programme of exact_decode: for each length n and last token v, the best
// prefix (by log-probability, then lexicographically) and the token before it.
class Viterbi {
 public:
  Viterbi(const BigramModel& model, int max_length) : model_(model), max_length_(max_length) {}

  bool run(const std::vector<int>& prefix, Hypothesis& out) {
    const std::size_t vocab = model_.names.size();
    // The prefix must be a path of the model within the length limit.
    double prefix_lp = 0;
    int prev = model_.start;
    for (int t : prefix) {
      const Successor* s = find(prev, t);
      if (s == nullptr || t == model_.end) return false;
      prefix_lp += s->log_prob;
      prev = t;
    }
    const std::size_t first = prefix.size();
    if (first > static_cast<std::size_t>(max_length_)) return false;
    prefix_ = prefix;
    first_ = first;

    parent_.assign(static_cast<std::size_t>(max_length_) + 1 - first, {});
    std::vector<double> score(vocab, kMinusInf), next_score(vocab, kMinusInf);
    std::vector<int> reached{prev}, next_reached;
    score[static_cast<std::size_t>(prev)] = prefix_lp;
    parent_[0].assign(vocab, -1);

    bool found = false;
    double best_lp = kMinusInf;
    std::size_t best_n = 0;
    int best_v = -1;
    for (std::size_t n = first;; ++n) {
      // Sequences that end after n tokens.
      for (int v : reached) {
        const Successor* e = find(v, model_.end);
        if (e == nullptr) continue;
        const double total = score[static_cast<std::size_t>(v)] + e->log_prob;
        if (!found || total > best_lp ||
            (total == best_lp && tokens(n, v) < tokens(best_n, best_v))) {
          found = true;
          best_lp = total;
          best_n = n;
          best_v = v;
        }
      }
      if (n == static_cast<std::size_t>(max_length_) || reached.empty()) break;
      // Extend every reached state by one token.
      std::vector<int>& parent = parent_[n + 1 - first];
      parent.assign(vocab, -1);
      next_reached.clear();
      for (int u : reached) {
        const double base = score[static_cast<std::size_t>(u)];
        for (const Successor& s : successors_of(model_, u)) {
          if (s.token == model_.end) continue;
          const auto w = static_cast<std::size_t>(s.token);
          const double lp = base + s.log_prob;
          if (parent[w] == -1) {
            next_reached.push_back(s.token);
            parent[w] = u;
            next_score[w] = lp;
          } else if (lp > next_score[w] ||
                     (lp == next_score[w] && tokens(n, u) < tokens(n, parent[w]))) {
            parent[w] = u;
            next_score[w] = lp;
          }
        }
      }
      for (int u : reached) score[static_cast<std::size_t>(u)] = kMinusInf;
      std::swap(score, next_score);
      std::swap(reached, next_reached);
    }
    if (!found) return false;
    out.tokens = tokens(best_n, best_v);
    out.log_prob = best_lp;
    out.ended = true;
    return true;
  }

 private:
  const Successor* find(int from, int to) const {
    const auto& list = successors_of(model_, from);
    auto it = std::lower_bound(list.begin(), list.end(), to,
                               [](const Successor& s, int t) { return s.token < t; });
    return it != list.end() && it->token == to ? &*it : nullptr;
  }

  // The best prefix of n tokens ending in v, followed back through the parents.
  std::vector<int> tokens(std::size_t n, int v) const {
    std::vector<int> out(n);
    for (std::size_t i = n; i > first_; --i) {
      out[i - 1] = v;
      v = parent_[i - first_][static_cast<std::size_t>(v)];
    }
    std::copy(prefix_.begin(), prefix_.end(), out.begin());
    return out;
  }

  const BigramModel& model_;
  int max_length_;
  std::vector<int> prefix_;
  std::size_t first_ = 0;
  std::vector<std::vector<int>> parent_;  // parent_[n - first][v]: token before v, -1 if unreached
};

void enumerate(const BigramModel& model, int max_length, std::size_t limit,
               Hypothesis& current, std::vector<Hypothesis>& out) {
  for (const Successor& s : successors_of(model, last_token(model, current.tokens))) {
    const double lp = current.log_prob + s.log_prob;
    if (s.token == model.end) {
      if (out.size() == limit) {
        throw Error(ErrorKind::kMath, "more than " + std::to_string(limit) + " complete sequences");
      }
      out.push_back({current.tokens, lp, true});
    } else if (current.tokens.size() < static_cast<std::size_t>(max_length)) {
      const double saved = current.log_prob;
      current.tokens.push_back(s.token);
      current.log_prob = lp;
      enumerate(model, max_length, limit, current, out);
      current.tokens.pop_back();
      current.log_prob = saved;
    }
  }
}

}  // namespace

BigramModel build_bigram_model(const std::string& start, const std::string& end,
                               const std::vector<BigramRow>& rows) {
  std::map<std::string, int> ids{{start, 0}, {end, 0}};
  for (const BigramRow& row : rows) {
    ids.emplace(row.from, 0);
    for (const auto& [token, p] : row.next) ids.emplace(token, 0);
  }
  BigramModel model;
  for (auto& [name, id] : ids) {
    id = static_cast<int>(model.names.size());
    model.names.push_back(name);
  }
  model.start = ids.at(start);
  model.end = ids.at(end);
  model.successors.resize(model.names.size());
  for (const BigramRow& row : rows) {
    const int from = ids.at(row.from);
    if (from == model.end) {
      model.end_row_ignored = true;
      continue;
    }
    auto& list = model.successors[static_cast<std::size_t>(from)];
    for (const auto& [token, p] : row.next) {
      if (p > 0) list.push_back({ids.at(token), p, std::log(p)});
    }
    std::sort(list.begin(), list.end(),
              [](const Successor& a, const Successor& b) { return a.token < b.token; });
    model.transitions += list.size();
    model.max_out_degree = std::max(model.max_out_degree, list.size());
  }
  return model;
}

bool better(const Hypothesis& a, const Hypothesis& b) {
  if (a.log_prob != b.log_prob) return a.log_prob > b.log_prob;
  if (a.tokens != b.tokens) return a.tokens < b.tokens;
  return a.ended && !b.ended;
}

Hypothesis greedy_decode(const BigramModel& model, int max_length) {
  Hypothesis h;
  for (;;) {
    const Successor* pick = nullptr;
    double pick_lp = 0;
    for (const Successor& s : successors_of(model, last_token(model, h.tokens))) {
      // Scored as beam search scores its candidates, so width 1 picks the same token.
      const double lp = h.log_prob + s.log_prob;
      if (pick == nullptr || lp > pick_lp ||
          (lp == pick_lp && tie_key(model, s.token) < tie_key(model, pick->token))) {
        pick = &s;
        pick_lp = lp;
      }
    }
    if (pick == nullptr) return h;  // a token without a row: the reader rules it out
    if (pick->token == model.end) {
      h.log_prob = pick_lp;
      h.ended = true;
      return h;
    }
    if (h.tokens.size() >= static_cast<std::size_t>(max_length)) return h;
    h.tokens.push_back(pick->token);
    h.log_prob = pick_lp;
  }
}

BeamResult beam_decode(const BigramModel& model, const DecodeLimits& limits) {
  const auto width = static_cast<std::size_t>(std::max(limits.width, 1));
  const auto max_length = static_cast<std::size_t>(std::max(limits.max_length, 0));
  BeamResult result;
  std::vector<Hypothesis> beam{Hypothesis{}};
  std::vector<Candidate> cands;
  std::vector<std::size_t> order;
  std::vector<std::size_t> rank;
  for (;;) {
    // Lexicographic ranks of the beam's hypotheses (all of one length), so that candidates
    // compare by (log-probability, parent's rank, token) without building their lists.
    order.resize(beam.size());
    for (std::size_t i = 0; i < beam.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return beam[a].tokens < beam[b].tokens; });
    rank.assign(beam.size(), 0);
    for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = r;

    cands.clear();
    for (std::size_t i = 0; i < beam.size(); ++i) {
      const bool full = beam[i].tokens.size() >= max_length;
      for (const Successor& s : successors_of(model, last_token(model, beam[i].tokens))) {
        if (full && s.token != model.end) continue;
        cands.push_back({i, rank[i], s.token, tie_key(model, s.token),
                         beam[i].log_prob + s.log_prob});
      }
    }
    if (cands.empty()) {
      result.stop = BeamStop::kLengthLimit;
      break;
    }
    auto cmp = [](const Candidate& a, const Candidate& b) {
      if (a.log_prob != b.log_prob) return a.log_prob > b.log_prob;
      if (a.rank != b.rank) return a.rank < b.rank;
      return a.key < b.key;
    };
    BeamStep step;
    step.candidates = cands.size();
    const std::size_t keep = std::min(width, cands.size());
    auto materialise = [&](const Candidate& c) {
      Hypothesis h{beam[c.parent].tokens, c.log_prob, c.token == model.end};
      if (!h.ended) h.tokens.push_back(c.token);
      return h;
    };
    if (limits.recombine) {
      // Best first, then drop every candidate whose last token an earlier one already ends in.
      std::sort(cands.begin(), cands.end(), cmp);
      std::vector<char> seen(model.names.size(), 0);
      std::size_t kept = 0;
      for (const Candidate& c : cands) {
        auto& s = seen[static_cast<std::size_t>(c.token)];
        if (s) continue;
        s = 1;
        if (kept == width) {
          step.has_first_pruned = true;
          step.first_pruned = materialise(c);
          break;
        }
        cands[kept++] = c;
      }
      cands.resize(kept);
    } else if (keep < cands.size()) {
      std::nth_element(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(keep),
                       cands.end(), cmp);
      step.has_first_pruned = true;
      step.first_pruned = materialise(cands[keep]);
    }
    const std::size_t keep_now = std::min(keep, cands.size());
    std::sort(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(keep_now), cmp);

    std::vector<Hypothesis> next;
    for (std::size_t i = 0; i < keep_now; ++i) {
      Hypothesis h = materialise(cands[i]);
      if (h.ended) {
        result.finished.push_back(h);
      } else {
        next.push_back(h);
      }
      step.kept.push_back(std::move(h));
    }
    result.steps.push_back(std::move(step));
    beam = std::move(next);
    if (beam.empty()) {
      result.stop = BeamStop::kAllEnded;
      break;
    }
    // Log-probabilities only fall as a hypothesis grows, so once the best unended one scores
    // below the best ended one nothing left can win (equal scores go on: a tie can still be won
    // on the token lists).
    if (!result.finished.empty()) {
      double best_finished = kMinusInf;
      for (const Hypothesis& h : result.finished) best_finished = std::max(best_finished, h.log_prob);
      if (beam.front().log_prob < best_finished) {
        result.stop = BeamStop::kCannotBeat;
        break;
      }
    }
  }
  std::sort(result.finished.begin(), result.finished.end(), better);
  if (!result.finished.empty()) {
    result.best = result.finished.front();
  } else {
    result.best = beam.front();  // nothing ended: the beam that could not grow any further
  }
  return result;
}

Hypothesis exact_decode(const BigramModel& model, int max_length, const std::vector<int>& prefix) {
  Hypothesis out;
  Viterbi viterbi(model, max_length);
  if (!viterbi.run(prefix, out)) {
    throw Error(ErrorKind::kMath, "no sequence reaches the end token within max_length = " +
                                      std::to_string(max_length) + " tokens");
  }
  return out;
}

int shortest_complete_length(const BigramModel& model) {
  std::vector<int> depth(model.names.size(), -1);
  std::vector<int> queue{model.start};
  depth[static_cast<std::size_t>(model.start)] = 0;
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const int u = queue[head];
    for (const Successor& s : successors_of(model, u)) {
      if (s.token == model.end) return depth[static_cast<std::size_t>(u)];
      auto& d = depth[static_cast<std::size_t>(s.token)];
      if (d == -1) {
        d = depth[static_cast<std::size_t>(u)] + 1;
        queue.push_back(s.token);
      }
    }
  }
  return -1;
}

double count_complete_paths(const BigramModel& model, int max_length) {
  const std::size_t vocab = model.names.size();
  std::vector<double> count(vocab, 0.0), next(vocab, 0.0);
  count[static_cast<std::size_t>(model.start)] = 1;
  double total = 0;
  for (int n = 0; n <= max_length; ++n) {
    std::fill(next.begin(), next.end(), 0.0);
    for (std::size_t u = 0; u < vocab; ++u) {
      if (count[u] == 0) continue;
      for (const Successor& s : model.successors[u]) {
        if (s.token == model.end) {
          total += count[u];
        } else {
          next[static_cast<std::size_t>(s.token)] += count[u];
        }
      }
    }
    std::swap(count, next);
  }
  return total;
}

std::vector<Hypothesis> enumerate_complete_paths(const BigramModel& model, int max_length,
                                                 std::size_t limit) {
  std::vector<Hypothesis> out;
  Hypothesis current;
  enumerate(model, max_length, limit, current, out);
  std::sort(out.begin(), out.end(), better);
  return out;
}

DecodeResult decode(const BigramModel& model, const DecodeLimits& limits) {
  DecodeResult r;
  r.exact = exact_decode(model, limits.max_length);
  r.greedy = greedy_decode(model, limits.max_length);
  r.beam = beam_decode(model, limits);
  r.complete_paths = count_complete_paths(model, limits.max_length);

  // Token lists with the end token, to find where greedy first parts from the optimum.
  std::vector<int> g = r.greedy.tokens, e = r.exact.tokens;
  if (r.greedy.ended) g.push_back(model.end);
  e.push_back(model.end);
  const std::size_t common =
      static_cast<std::size_t>(std::mismatch(g.begin(), g.end(), e.begin(), e.end()).first -
                               g.begin());
  if (common < g.size() || common < e.size()) {
    r.greedy_divergence = static_cast<int>(common);
    if (common < g.size()) {
      if (g[common] == model.end) {
        r.has_greedy_locked = true;  // greedy stopped there: its own sequence is what it reached
        r.greedy_locked = r.greedy;
      } else {
        const std::vector<int> prefix(g.begin(), g.begin() + static_cast<std::ptrdiff_t>(common + 1));
        Viterbi viterbi(model, limits.max_length);
        r.has_greedy_locked = viterbi.run(prefix, r.greedy_locked);
      }
    }
  }

  // The first step whose kept hypotheses lack the exact answer's prefix of that length.
  for (std::size_t s = 0; s < r.beam.steps.size(); ++s) {
    const std::size_t n = s + 1;  // step n keeps hypotheses of n tokens, the end token included
    if (n > e.size()) break;
    Hypothesis want;
    want.ended = n == e.size();
    want.tokens.assign(r.exact.tokens.begin(),
                       r.exact.tokens.begin() + static_cast<std::ptrdiff_t>(want.ended ? n - 1 : n));
    bool kept = false;
    for (const Hypothesis& h : r.beam.steps[s].kept) {
      kept = kept || (h.tokens == want.tokens && h.ended == want.ended);
    }
    if (!kept) {
      r.exact_pruned_at_step = static_cast<int>(n);
      break;
    }
  }
  return r;
}

}  // namespace hw4::core
