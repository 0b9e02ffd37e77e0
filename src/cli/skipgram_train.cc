// `hw4 skipgram train`: trains word2vec skip-gram on a corpus file and writes the vectors.
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstring>
#include <memory>
#include <ostream>
#include <thread>

#include <fmt/format.h>

#include "cli/atomic_file.h"
#include "cli/command.h"
#include "cli/mapped_file.h"
#include "cli/skipgram_modes.h"
#include "hw4/core/word2vec.h"
#include "hw4/derive/word2vec.h"
#include "hw4/error.h"

namespace hw4::cli {
namespace {

// Set by SIGINT while a training runs; the task then stops, writes nothing and re-raises.
std::atomic<bool> g_interrupted{false};
extern "C" void on_sigint(int) { g_interrupted.store(true); }
static_assert(std::atomic<bool>::is_always_lock_free);

// Installs on_sigint for the lifetime of the guard, restoring the previous handler after.
class SigintGuard {
 public:
  SigintGuard() : previous_(std::signal(SIGINT, on_sigint)) { g_interrupted.store(false); }
  ~SigintGuard() { std::signal(SIGINT, previous_); }
  SigintGuard(const SigintGuard&) = delete;
  SigintGuard& operator=(const SigintGuard&) = delete;
  // After an interruption: die of SIGINT as the user asked, with the default action.
  void reraise_if_interrupted() const {
    if (!g_interrupted.load()) return;
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }

 private:
  void (*previous_)(int);
};

}  // namespace

std::vector<std::string> read_query_words(const input::JsonReader& in) {
  std::vector<std::string> words;
  if (in.is_string()) {
    std::string current;
    for (char c : in.as_string(1 << 16) + ",") {
      if (c == ',' || c == ' ' || c == '\t') {
        if (!current.empty()) words.push_back(current);
        current.clear();
      } else {
        current += c;
      }
    }
    return words;
  }
  const std::size_t n = in.size(1000);
  for (std::size_t i = 0; i < n; ++i) words.push_back(in[i].as_string(1000));
  return words;
}

namespace {

// Draws "[#####     ]  45% epoch 3/5" on a terminal's standard error.
class ProgressBar {
 public:
  ProgressBar(std::ostream* out, int epochs) : out_(out), epochs_(epochs) {}
  ~ProgressBar() {
    if (out_ != nullptr && drawn_) *out_ << "\r\033[K" << std::flush;
  }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void draw(double fraction) {
    if (out_ == nullptr) return;
    constexpr int kWidth = 30;
    const int filled = std::clamp(static_cast<int>(fraction * kWidth), 0, kWidth);
    const int epoch = std::clamp(static_cast<int>(fraction * epochs_) + 1, 1, epochs_);
    *out_ << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
          << std::string(static_cast<std::size_t>(kWidth - filled), ' ') << "] "
          << static_cast<int>(fraction * 100) << "% epoch " << epoch << "/" << epochs_
          << std::flush;
    drawn_ = true;
  }

 private:
  std::ostream* out_;
  int epochs_;
  bool drawn_ = false;
};

Task prepare_train(const input::JsonReader& in, const Context& ctx) {
  in.allow_only({"corpus", "dim", "window", "negative", "sample", "min_count", "epochs", "alpha",
                 "min_alpha", "threads", "seed", "output", "format", "query", "topn",
                 "lowercase"});
  core::Word2VecOptions o;
  o.dim = static_cast<int>(in.int_or("dim", o.dim, 1, 10'000));
  o.window = static_cast<int>(in.int_or("window", o.window, 1, 1'000));
  o.negative = static_cast<int>(in.int_or("negative", o.negative, 1, 1'000));
  o.sample = in.double_or("sample", o.sample, 0, 1);
  o.min_count = static_cast<int>(in.int_or("min_count", o.min_count, 1, 1'000'000'000));
  o.epochs = static_cast<int>(in.int_or("epochs", o.epochs, 1, 10'000));
  o.alpha = in.double_or("alpha", o.alpha, 0, 10);
  o.min_alpha = in.double_or("min_alpha", o.min_alpha, 0, 10);
  if (o.min_alpha > o.alpha) {
    in.at("min_alpha").fail(fmt::format("expected a number <= alpha ({}), got {}", o.alpha, o.min_alpha));
  }
  const auto cores = static_cast<std::int64_t>(std::max(1u, std::thread::hardware_concurrency()));
  o.threads = static_cast<int>(in.int_or("threads", cores, 1, 1'024));
  o.seed = static_cast<std::uint64_t>(in.int_or("seed", 1, 0));
  o.lowercase = in.bool_or("lowercase", true);
  const int topn = static_cast<int>(in.int_or("topn", 10, 1, 100'000));
  std::vector<std::string> queries;
  if (const auto q = in.find("query")) queries = read_query_words(*q);

  derive::Word2VecOutput output;
  std::filesystem::path output_path;
  if (const auto out = in.find("output")) {
    output.path = out->as_string(4096);
    if (output.path.empty()) out->fail("expected a file name, got \"\"");
    output_path = resolve_path(ctx.base_dir, output.path);
    const bool bin = output_path.extension() == ".bin";
    output.format = in.choice_or("format", bin ? "binary" : "text", {"text", "binary"});
  } else if (const auto f = in.find("format")) {
    f->as_choice({"text", "binary"});
    output.format = f->as_string();
  }

  const input::JsonReader corpus_in = in.at("corpus");
  const std::string corpus_name = corpus_in.as_string(4096);
  auto corpus = std::make_shared<MappedFile>(resolve_path(ctx.base_dir, corpus_name), corpus_name,
                                             corpus_in.pointer());
  const std::string_view text = corpus->text();
  const std::string quoted = "\"" + corpus_name + "\"";
  if (text.empty()) corpus_in.fail(quoted + ": empty file");
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) {
    corpus_in.fail(quoted + ": not text (it contains NUL bytes)");
  }
  if (std::all_of(text.begin(), text.end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
      })) {
    corpus_in.fail(quoted + ": no words");
  }

  std::ostream* progress = ctx.progress;
  return [=]() {
    const SigintGuard guard;
    ProgressBar bar(progress, o.epochs);
    core::Word2VecHooks hooks;
    hooks.cancel = &g_interrupted;
    if (progress != nullptr) hooks.progress = [&bar](double f) { bar.draw(f); };
    core::Word2VecResult result;
    try {
      result = core::train_word2vec(corpus->text(), o, hooks);
    } catch (const Error& e) {
      // The one data-dependent failure left: min_count is too high for this corpus.
      if (e.kind() != ErrorKind::kMath) throw;
      throw InputError("/min_count", e.what());
    }
    guard.reraise_if_interrupted();
    const auto neighbors = core::query_neighbors(result.vectors, queries, topn);
    if (!output.path.empty()) {
      const std::string bytes = output.format == "binary"
                                    ? core::format_word2vec_binary(result.vectors)
                                    : core::format_word2vec_text(result.vectors);
      guard.reraise_if_interrupted();
      write_file_atomically(output_path, bytes);
    }
    return derive::word2vec_train(o, result, neighbors, output);
  };
}

}  // namespace

Mode skipgram_train_mode() {
  using T = FieldFlag::Type;
  return {
      "train",
      "Train word2vec skip-gram with negative sampling on a corpus and write the vectors",
      "  hw4 skipgram train --corpus kjv.txt --output kjv.vec --query king,bread\n"
      "  echo '{\"corpus\": \"kjv.txt\", \"epochs\": 5, \"output\": \"kjv.bin\"}' | "
      "hw4 skipgram train\n",
      prepare_train,
      {
          {"corpus", T::kPath, "text file, one sentence per line", {}},
          {"dim", T::kInt, "vector length (100)", {}},
          {"window", T::kInt, "largest context distance (5)", {}},
          {"negative", T::kInt, "noise words per update (5)", {}},
          {"sample", T::kDouble, "subsampling threshold, 0 for none (1e-3)", {}},
          {"min_count", T::kInt, "drop words seen fewer times (5)", {}},
          {"epochs", T::kInt, "passes over the corpus (5)", {}},
          {"alpha", T::kDouble, "initial learning rate (0.025)", {}},
          {"min_alpha", T::kDouble, "final learning rate (0.0001)", {}},
          {"threads", T::kInt, "worker threads (the number of cores)", {}},
          {"seed", T::kInt, "random seed (1)", {}},
          {"output", T::kPath, "vectors file to write (word2vec format)", {}},
          {"format", T::kString, "vectors file format: text or binary (binary for *.bin)",
           "--vectors-format"},
          {"query", T::kString, "words to show neighbours of, comma-separated", {}},
          {"topn", T::kInt, "neighbours per query word (10)", {}},
      },
      true,
  };
}

}  // namespace hw4::cli
