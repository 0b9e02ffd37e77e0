// Reads `hw4 beam-search decode` input: the bigram table, checked row by row, and the limits.
#include "cli/read_beam.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace hw4::cli {
namespace {

constexpr double kSumTolerance = 1e-9;

std::string json_literal(const std::string& s) { return nlohmann::json(s).dump(); }

// Neumaier's compensated sum, so a long row of small probabilities is judged on its true sum.
double compensated_sum(const std::vector<std::pair<std::string, double>>& next) {
  double sum = 0, carry = 0;
  for (const auto& [token, p] : next) {
    const double t = sum + p;
    carry += std::abs(sum) >= std::abs(p) ? (sum - t) + p : (p - t) + sum;
    sum = t;
  }
  return sum + carry;
}

// Work estimates are whole numbers far below 2^64; printed as integers, never as 2e+07.
unsigned long long whole(double x) { return static_cast<unsigned long long>(x); }

// The pointer to blame for a limit on an optional field: the field when given, else the object.
input::JsonReader field_or_root(const input::JsonReader& in, std::string_view key) {
  if (auto f = in.find(key)) return *f;
  return in;
}

}  // namespace

BeamInput read_beam(const input::JsonReader& in) {
  if (!in.is_object()) in.fail("expected an object, got " + in.describe());
  in.allow_only({"start", "end", "transitions", "width", "max_length", "recombine"});
  const std::string start = in.string_or("start", "<s>");
  const std::string end = in.string_or("end", "</s>");
  if (start == end) {
    field_or_root(in, in.has("end") ? "end" : "start")
        .fail("the start and end tokens must differ, both are " + json_literal(start));
  }

  BeamInput out;
  out.limits.width = static_cast<int>(in.int_or("width", 2, 1, kBeamMaxWidth));
  out.limits.max_length = static_cast<int>(in.int_or("max_length", 20, 1, kBeamMaxLength));
  out.limits.recombine = in.bool_or("recombine", false);

  const input::JsonReader table = in.at("transitions");
  if (!table.is_object()) {
    table.fail("expected an object {token: {next token: probability}}, got " + table.describe());
  }
  std::vector<core::BigramRow> rows;
  const std::vector<std::string> keys = table.keys();
  const std::set<std::string> has_row(keys.begin(), keys.end());
  std::size_t entries = 0;
  for (const std::string& from : keys) {
    const input::JsonReader row = table.at(from);
    if (!row.is_object()) {
      row.fail("expected an object {next token: probability}, got " + row.describe());
    }
    const std::vector<std::string> next = row.keys();
    entries += next.size();
    if (entries > kBeamMaxTransitions) {
      row.fail(fmt::format("more than {} transitions in all", kBeamMaxTransitions));
    }
    core::BigramRow parsed{from, {}};
    for (const std::string& to : next) {
      const input::JsonReader cell = row.at(to);
      const double p = cell.as_double();
      if (p < 0) cell.fail("expected a probability >= 0, got " + cell.describe());
      if (p > 1) cell.fail("expected a probability <= 1, got " + cell.describe());
      if (p > 0 && to != end && has_row.count(to) == 0) {
        cell.fail(json_literal(to) + " can follow " + json_literal(from) +
                  " but has no row in transitions");
      }
      parsed.next.emplace_back(to, p);
    }
    const double sum = compensated_sum(parsed.next);
    if (!(std::abs(sum - 1) <= kSumTolerance)) {
      row.fail(fmt::format("probabilities sum to {}, expected 1 (within 1e-9)", sum));
    }
    rows.push_back(std::move(parsed));
  }
  if (has_row.count(start) == 0) table.fail("no row for the start token " + json_literal(start));

  out.model = core::build_bigram_model(start, end, rows);

  const core::BigramModel& m = out.model;
  const int shortest = core::shortest_complete_length(m);
  if (shortest < 0) {
    table.fail("no sequence from " + json_literal(start) + " reaches the end token " +
               json_literal(end));
  }
  if (shortest > out.limits.max_length) {
    field_or_root(in, "max_length")
        .fail(fmt::format("the shortest sequence that reaches the end token has {} tokens, more "
                          "than max_length = {}",
                          shortest, out.limits.max_length));
  }
  const double lengths = static_cast<double>(out.limits.max_length) + 1;
  const double width = out.limits.width;
  const double exact_work =
      lengths * static_cast<double>(std::max(m.names.size(), m.transitions));
  if (exact_work > kBeamMaxExactWork) {
    field_or_root(in, "max_length")
        .fail(fmt::format("exact decoding would visit (max_length + 1) x {} = {} states, over "
                          "the limit of {}",
                          std::max(m.names.size(), m.transitions), whole(exact_work),
                          whole(kBeamMaxExactWork)));
  }
  const double candidates = lengths * width * static_cast<double>(m.max_out_degree);
  if (candidates > kBeamMaxCandidates) {
    field_or_root(in, "width")
        .fail(fmt::format("beam search could score (max_length + 1) x width x {} = {} "
                          "candidates, over the limit of {}",
                          m.max_out_degree, whole(candidates), whole(kBeamMaxCandidates)));
  }
  const double step_tokens = width * lengths * (lengths + 1) / 2;
  if (step_tokens > kBeamMaxStepTokens) {
    field_or_root(in, "width")
        .fail(fmt::format("beam.steps could list width x (max_length + 1) x (max_length + 2) / 2 "
                          "= {} tokens, over the limit of {}",
                          whole(step_tokens), whole(kBeamMaxStepTokens)));
  }
  return out;
}

}  // namespace hw4::cli
