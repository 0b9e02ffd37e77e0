// Decoding a bigram language model P(next | previous): greedy, beam search of width k, and exact
// (the best sequence within a length limit), with the beams kept at each step.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hw4::core {

// One row of the model as the user wrote it: P(next | from) for each listed next token.
struct BigramRow {
  std::string from;
  std::vector<std::pair<std::string, double>> next;
};

// A transition with a positive probability; zero-probability entries are dropped, as a token
// that cannot follow plays no part in any decoding.
struct Successor {
  int token = 0;
  double probability = 0;
  double log_prob = 0;  // natural log
};

// The model with tokens numbered in byte order of their names, so comparing ids compares names
// and "lexicographic order of token lists" is a comparison of id lists.
struct BigramModel {
  std::vector<std::string> names;  // id -> token
  int start = 0;
  int end = 0;
  // successors[id], in id order; empty for `end` (a finished hypothesis is never extended) and
  // for tokens without a row.
  std::vector<std::vector<Successor>> successors;
  std::size_t transitions = 0;    // total number of positive-probability entries
  std::size_t max_out_degree = 0;
  bool end_row_ignored = false;   // the input gave `end` a row, which decoding never uses
};

// Numbers the tokens and drops zero probabilities. The caller has validated the rows (each sums
// to 1, no negative entries, every token that can follow has a row); start != end.
BigramModel build_bigram_model(const std::string& start, const std::string& end,
                               const std::vector<BigramRow>& rows);

// A (partial or complete) sequence. `tokens` exclude the start token and the end token;
// `ended` says whether the end token was emitted; `log_prob` is the sum of ln P(next | previous)
// along the path, ln P(end | last) included when ended.
struct Hypothesis {
  std::vector<int> tokens;
  double log_prob = 0;
  bool ended = false;
};

// Order used everywhere: higher log_prob first; on equal log_prob, the lexicographically
// smaller token list first (a list before its extensions, so an ended hypothesis before the
// unended one with the same tokens).
bool better(const Hypothesis& a, const Hypothesis& b);

// Length limit: `max_length` counts the tokens without start and end, so a hypothesis with
// max_length tokens may still emit the end token and nothing else.
struct DecodeLimits {
  int width = 2;
  int max_length = 20;
  // Hypothesis recombination: of the candidates that end in the same token at a step only the
  // best is kept, as a bigram model scores their futures alike. Then a width of at least the
  // number of tokens (end included) keeps every state, and beam search is exact.
  bool recombine = false;
};

// Why beam search stopped.
enum class BeamStop {
  kAllEnded,     // every hypothesis kept at the last step emitted the end token
  kCannotBeat,   // the best unended hypothesis already scores below the best ended one, and
                 // log-probabilities only decrease
  kLengthLimit,  // no candidate was left within max_length
};

struct BeamStep {
  std::vector<Hypothesis> kept;   // best first; ended ones leave the beam for the finished pool
  std::size_t candidates = 0;     // hypotheses scored at this step
  bool has_first_pruned = false;  // whether a candidate fell below the cut
  Hypothesis first_pruned;        // the best candidate that did not make the cut
};

struct BeamResult {
  Hypothesis best;  // best ended hypothesis of the pool; the best unended one if none ended
  std::vector<BeamStep> steps;
  std::vector<Hypothesis> finished;  // the pool, best first
  BeamStop stop = BeamStop::kAllEnded;
};

// Greedy decoding: the most probable next token (ties: the smallest token, end before any
// other) until the end token; stops unended when it holds max_length tokens and its most
// probable next token is not the end token.
Hypothesis greedy_decode(const BigramModel& model, int max_length);

// Beam search of width `limits.width` on cumulative log-probability, no length normalisation.
// At each step every unended hypothesis is extended by each successor (only by the end token
// once it holds max_length tokens), the `width` best candidates under better() are kept, the
// ended ones among them move to the finished pool. Width 1 is greedy decoding within the limit.
BeamResult beam_decode(const BigramModel& model, const DecodeLimits& limits);

// The best sequence from the start token that ends within max_length tokens and begins with
// `prefix` (empty: the unconstrained optimum), by dynamic programming over (length, last token)
// in log space: O(max_length * transitions) time. Throws Error(kMath) when no such sequence
// reaches the end token.
Hypothesis exact_decode(const BigramModel& model, int max_length,
                        const std::vector<int>& prefix = {});

// The fewest tokens (start and end excluded) of any sequence that reaches the end token, by
// breadth-first search; -1 when the end token cannot be reached at all.
int shortest_complete_length(const BigramModel& model);

// The number of distinct complete sequences within max_length tokens (a double: it can exceed
// 2^64; exact below 2^53).
double count_complete_paths(const BigramModel& model, int max_length);

// Every complete sequence within max_length tokens, best first, by depth-first search; throws
// Error(kMath) when there are more than `limit` of them.
std::vector<Hypothesis> enumerate_complete_paths(const BigramModel& model, int max_length,
                                                 std::size_t limit);

// Everything `hw4 beam-search decode` reports.
struct DecodeResult {
  Hypothesis greedy;
  BeamResult beam;
  Hypothesis exact;
  double complete_paths = 0;
  // Where greedy parts from the exact answer: the first index at which their token lists (end
  // included) differ, -1 when they agree. `greedy_locked` is the best complete sequence that
  // keeps greedy's tokens up to and including that index: what greedy's choice left reachable.
  int greedy_divergence = -1;
  bool has_greedy_locked = false;
  Hypothesis greedy_locked;
  // The first beam step at which the exact answer's prefix was not among the kept hypotheses
  // (1-based), 0 when it survived.
  int exact_pruned_at_step = 0;
};

DecodeResult decode(const BigramModel& model, const DecodeLimits& limits);

}  // namespace hw4::core
