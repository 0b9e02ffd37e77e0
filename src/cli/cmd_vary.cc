// `hw4 vary KEY (--variants N | --students FILE) --seed S -o DIR`: a variant of the problem set
// per student, each input drawn from (S, variant id, problem id) alone, each with its key.
#include <fmt/format.h>

#include "cli/atomic_file.h"
#include "cli/variants.h"
#include "hw4/error.h"
#include "hw4/input/load.h"

namespace hw4::cli {

namespace {

constexpr std::int64_t kMaxVariants = 10'000;

std::vector<std::string> variant_ids(const Context& context) {
  const nlohmann::json& o = context.options;
  if (o.contains("variants") == o.contains("students")) {
    throw Error(ErrorKind::kUsage, "vary needs one of --variants N and --students FILE");
  }
  std::vector<std::string> ids;
  if (o.contains("variants")) {
    const std::int64_t n = o["variants"].get<std::int64_t>();
    if (n < 1 || n > kMaxVariants) {
      throw Error(ErrorKind::kUsage, fmt::format("--variants: expected 1 to {}, got {}", kMaxVariants, n));
    }
    const std::size_t width = std::to_string(n).size();
    for (std::int64_t i = 1; i <= n; ++i) ids.push_back(fmt::format("v{:0{}}", i, width));
    return ids;
  }
  const std::string path = o["students"].get<std::string>();
  std::string text;
  try {
    text = input::read_text_file(path, 16u << 20);
  } catch (const InputError& e) {
    throw Error(ErrorKind::kInvalidInput, fmt::format("{}: {}", path, e.what()));
  }
  std::size_t line = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string id = text.substr(start, end - start);
    start = end + 1;
    ++line;
    while (!id.empty() && (id.back() == '\r' || id.back() == ' ')) id.pop_back();
    if (id.empty()) continue;
    if (!is_variant_id(id)) {
      throw Error(ErrorKind::kInvalidInput,
                  fmt::format("{}:{}: \"{}\" is not a student id (letters, digits, _ and -)", path, line, id));
    }
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
      throw Error(ErrorKind::kInvalidInput, fmt::format("{}:{}: student \"{}\" is listed twice", path, line, id));
    }
    if (ids.size() == static_cast<std::size_t>(kMaxVariants)) {
      throw Error(ErrorKind::kInvalidInput, fmt::format("{}: more than {} students", path, kMaxVariants));
    }
    ids.push_back(std::move(id));
  }
  if (ids.empty()) throw Error(ErrorKind::kInvalidInput, fmt::format("{}: no student ids", path));
  return ids;
}

Task prepare_vary(const input::JsonReader& in, const Context& context) {
  ProblemSet set = read_problem_set(in, context);  // the key's errors first, naming its fields
  if (!context.options.contains("seed")) throw Error(ErrorKind::kUsage, "vary needs --seed S");
  if (context.output_folder.empty()) throw Error(ErrorKind::kUsage, "vary needs -o DIR, the folder to write");
  const std::string seed = context.options["seed"].get<std::string>();
  if (seed.empty() || seed.size() > 100) throw Error(ErrorKind::kUsage, "--seed: expected 1 to 100 characters");
  std::vector<std::string> ids = variant_ids(context);
  return [set = std::move(set), ids = std::move(ids), seed, context] {
    // Every variant is drawn and solved before anything is written.
    const std::vector<Variant> variants = draw_variants(set, ids, seed, context);
    AtomicFolder folder(context.output_folder);
    write_variants(variants, folder.temporary());
    folder.commit();
    return variants_report(set.title, seed, variants, context.output_folder);
  };
}

}  // namespace

Command vary_command() {
  Mode mode{"",
            "seeded variants of a problem set, one per student, each with its key",
            "  hw4 vary data/hw4.json --variants 3 --seed 1 -o variants/\n"
            "  hw4 vary key.json --students roster.txt --seed fall2026 -o variants/\n"
            "  a problem's vary: {\"/input/window\": {\"range\": [1, 5], \"step\": 2},\n"
            "    \"/input/real_logits/0\": {\"uniform\": [-3, 3], \"decimals\": 2}, "
            "\"/input/symbols/H\": {\"choices\": [28, 32]}}\n",
            prepare_vary,
            {{"variants", FieldFlag::Type::kInt, "N variants, named v1..vN (zero-padded)", ""},
             {"students", FieldFlag::Type::kPath, "a file of student ids, one per line: one variant each", ""},
             {"seed", FieldFlag::Type::kString, "the seed S: the same S gives the same variants anywhere", ""}},
            false};
  mode.takes_arguments = true;
  mode.output_is_folder = true;
  return {"vary", "seeded variants of a problem set, one per student, each with its key", {mode}};
}

}  // namespace hw4::cli
