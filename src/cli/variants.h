// vary's work: drawing each variant's inputs with SPEC's generator, solving its key, and the
// files it writes (DIR/<id>/problems.json, DIR/<id>/key.json, DIR/variants.csv).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/problem_set.h"
#include "hw4/report/report.h"

namespace hw4::cli {

// A variant id: letters, digits, '_' and '-' (at most 100), so it is a safe folder name.
bool is_variant_id(const std::string& id);

struct DrawnProblem {
  std::string id;
  std::uint64_t seed = 0;                   // FNV-1a of "<S>/<variant id>/<problem id>"
  nlohmann::json params = nlohmann::json::object();  // pointer -> drawn value
};

struct Variant {
  std::string id;
  nlohmann::json problems;  // problems.json
  nlohmann::json key;       // key.json
  std::vector<DrawnProblem> drawn;  // the problems with a vary spec
};

// Draws and solves every variant (throws Error naming the problem when 100 draws give no valid
// input, and whatever a problem's command throws for a problem without vary).
std::vector<Variant> draw_variants(const ProblemSet& set, const std::vector<std::string>& ids,
                                   const std::string& seed, const Context& context);

// Writes the variants' files into `folder` (a temporary that AtomicFolder renames).
void write_variants(const std::vector<Variant>& variants, const std::filesystem::path& folder);

// The document: one row per variant and varied problem, as variants.csv.
report::Answer variants_report(const std::string& title, const std::string& seed,
                               const std::vector<Variant>& variants,
                               const std::filesystem::path& folder);

}  // namespace hw4::cli
