// Drawing variants (SPEC's SplitMix64 stream per variant and problem), solving their keys and
// writing their files.
#include "cli/variants.h"

#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cli/atomic_file.h"
#include "cli/grade_formats.h"
#include "hw4/core/seeded_draw.h"
#include "hw4/error.h"

namespace hw4::cli {

namespace {

using nlohmann::json;

constexpr int kMaxDraws = 100;

// The value one generator output u picks.
json draw(const VaryEntry& entry, double u) {
  switch (entry.kind) {
    case VaryEntry::Kind::kChoices:
      return entry.choices[core::pick_index(u, entry.choices.size())];
    case VaryEntry::Kind::kRange: {
      const auto m = static_cast<std::size_t>((entry.hi - entry.lo) / entry.step) + 1;
      return entry.lo + static_cast<std::int64_t>(core::pick_index(u, m)) * entry.step;
    }
    case VaryEntry::Kind::kUniform:
      return core::round_half_even(entry.low + u * (entry.high - entry.low), entry.decimals);
  }
  return nullptr;
}

// A computed value as a key's claim: numbers to 12 significant digits (integers and exact
// strings as they are), lists and objects item by item.
json claim_value(const json& v) {
  if (v.is_number_float()) {
    const double x = v.get<double>();
    if (x == 0 || !std::isfinite(x)) return x;
    return std::stod(fmt::format("{:.11e}", x));
  }
  if (v.is_array() || v.is_object()) {
    json out = v;
    for (json& item : out) item = claim_value(item);
    return out;
  }
  return v;
}

// The problem as a variant file keeps it: id, title, command, mode, input, points (and, in the
// key, grade and the computed claims).
json problem_file_entry(const json& problem) {
  json out = json::object();
  for (const char* field : {"id", "title", "command", "mode", "input", "points"}) {
    if (problem.contains(field)) out[field] = problem[field];
  }
  return out;
}

// SPEC's path fields of an input ("csv", "corpus", "vectors", an exported model's "onnx"),
// relative to the key's folder, rewritten relative to the variant's folder so its files solve
// where they are written.
void rebase_paths(json& value, const std::filesystem::path& from, const std::filesystem::path& to) {
  if (!value.is_structured()) return;
  for (auto it = value.begin(); it != value.end(); ++it) {
    static const std::set<std::string> kPathFields = {"csv", "corpus", "vectors", "onnx"};
    if (value.is_object() && kPathFields.contains(it.key()) && it->is_string() &&
        !std::filesystem::path(it->get<std::string>()).is_absolute()) {
      const auto target = std::filesystem::absolute(from / it->get<std::string>()).lexically_normal();
      *it = target.lexically_relative(std::filesystem::absolute(to).lexically_normal()).string();
    } else {
      rebase_paths(*it, from, to);
    }
  }
}

}  // namespace

bool is_variant_id(const std::string& id) {
  return !id.empty() && id.size() <= 100 &&
         id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
             std::string::npos;
}

std::vector<Variant> draw_variants(const ProblemSet& set, const std::vector<std::string>& ids,
                                   const std::string& seed, const Context& context) {
  std::vector<Variant> variants;
  // A problem without vary is the same in every variant: solved once.
  std::map<const Problem*, json> fixed;
  for (const std::string& id : ids) {
    Variant v{id, {{"title", set.title}, {"problems", json::array()}},
              {{"title", set.title}, {"problems", json::array()}}, {}};
    for (const Problem& p : set.problems) {
      if (!p.task) continue;  // answered in words: nothing to draw or to grade
      json problem = p.json;
      std::optional<json> result;
      if (p.vary.empty()) {
        if (!fixed.contains(&p)) fixed.emplace(&p, run_problem(p).result);
        result = fixed.at(&p);
      } else {
        DrawnProblem drawn{p.outcome.id, core::fnv1a64(seed + "/" + id + "/" + p.outcome.id), json::object()};
        core::SplitMix64 stream(drawn.seed);
        std::string last_error;
        for (int attempt = 0; attempt < kMaxDraws && !result; ++attempt) {
          for (const VaryEntry& entry : p.vary) {
            const json value = draw(entry, stream.next_unit());
            problem[json::json_pointer(entry.pointer)] = value;
            drawn.params[entry.pointer] = value;
          }
          try {
            result = prepare_input(p, problem["input"], context)().result;
          } catch (const Error& e) {
            last_error = e.what();
          }
        }
        if (!result) {
          throw Error(ErrorKind::kInvalidInput,
                      fmt::format("problem {}: no valid input in {} draws for variant {} (last: {})",
                                  p.outcome.id, kMaxDraws, id, last_error));
        }
        v.drawn.push_back(std::move(drawn));
      }
      rebase_paths(problem["input"], context.base_dir, context.output_folder / id);
      json entry = problem_file_entry(problem);
      v.problems["problems"].push_back(entry);
      if (!p.graded.empty()) {
        entry["grade"] = problem["grade"];
        json claims = json::object();
        for (const GradedAnswer& g : p.graded) {
          const json::json_pointer at(g.pointer);
          if (!result->contains(at)) {
            throw Error(ErrorKind::kInvalidInput,
                        fmt::format("problem {}: the result has no value at {}", p.outcome.id, g.pointer));
          }
          claims[g.pointer] = claim_value(result->at(at));
        }
        entry["claim"] = std::move(claims);
      }
      v.key["problems"].push_back(std::move(entry));
    }
    variants.push_back(std::move(v));
  }
  return variants;
}

void write_variants(const std::vector<Variant>& variants, const std::filesystem::path& folder) {
  std::string csv = "id,problem,seed,params\n";
  for (const Variant& v : variants) {
    std::error_code ec;
    std::filesystem::create_directory(folder / v.id, ec);
    if (ec) throw Error(ErrorKind::kOutput, fmt::format("cannot write {}: {}", (folder / v.id).string(), ec.message()));
    write_file_atomically(folder / v.id / "problems.json", v.problems.dump(2) + "\n");
    write_file_atomically(folder / v.id / "key.json", v.key.dump(2) + "\n");
    for (const DrawnProblem& d : v.drawn) {
      csv += fmt::format("{},{},{},{}\n", csv_field(v.id), csv_field(d.id), d.seed,
                         csv_field(d.params.dump()));
    }
  }
  write_file_atomically(folder / "variants.csv", csv);
}

report::Answer variants_report(const std::string& title, const std::string& seed,
                               const std::vector<Variant>& variants,
                               const std::filesystem::path& folder) {
  report::Answer out;
  out.report.title = "Variants of " + title;
  report::Table table{{"variant", "problem", "seed", "drawn inputs"}, {}, ""};
  json list = json::array();
  for (const Variant& v : variants) {
    json problems = json::array();
    for (const DrawnProblem& d : v.drawn) {
      table.rows.push_back({report::name(v.id), report::name(d.id), report::name(std::to_string(d.seed)),
                            report::name(d.params.dump())});
      problems.push_back({{"id", d.id}, {"seed", std::to_string(d.seed)}, {"params", d.params}});
    }
    list.push_back({{"id", v.id}, {"problems", std::move(problems)}});
  }
  report::Section section{"Variants", {}};
  section.blocks.push_back(report::Text(fmt::format(
      "{} variants with seed \"{}\", written to {}: each folder holds problems.json (for the "
      "student) and key.json (for hw4 grade --variants); variants.csv lists every draw. Each draw "
      "comes from SplitMix64 seeded with the FNV-1a hash of \"<seed>/<variant>/<problem>\".",
      variants.size(), seed, folder.string())));
  section.blocks.push_back(std::move(table));
  out.report.sections.push_back(std::move(section));
  out.result = {{"seed", seed}, {"folder", folder.string()}, {"variants", std::move(list)}};
  return out;
}

}  // namespace hw4::cli
