// `hw4 skipgram similar`: nearest neighbours, analogies and analogy accuracy from a vectors file.
#include <array>
#include <memory>
#include <optional>

#include "cli/command.h"
#include "cli/mapped_file.h"
#include "cli/skipgram_modes.h"
#include "hw4/core/word2vec.h"
#include "hw4/derive/word2vec.h"
#include "hw4/error.h"

namespace hw4::cli {
namespace {

// The word2vec file at `field`, parsed; a format problem is reported at the field's pointer.
core::WordVectors read_vectors(const input::JsonReader& field, const Context& ctx) {
  const std::string name = field.as_string(4096);
  const MappedFile file(resolve_path(ctx.base_dir, name), name, field.pointer());
  if (file.text().empty()) field.fail("\"" + name + "\": empty file");
  try {
    return core::parse_word2vec(file.text());
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    field.fail("\"" + name + "\": " + e.what());
  }
}

Task prepare_similar(const input::JsonReader& in, const Context& ctx) {
  in.allow_only({"vectors", "query", "topn", "analogy", "evaluate", "restrict_vocab"});
  const int topn = static_cast<int>(in.int_or("topn", 10, 1, 100'000));
  const auto restrict_vocab = static_cast<std::size_t>(in.int_or("restrict_vocab", 300'000, 1));
  std::vector<std::string> queries;
  if (const auto q = in.find("query")) queries = read_query_words(*q);
  std::vector<std::array<std::string, 3>> analogies;
  if (const auto a = in.find("analogy")) {
    const std::size_t n = a->size(1000);
    for (std::size_t i = 0; i < n; ++i) {
      const input::JsonReader triple = (*a)[i];
      if (triple.size(3) != 3) triple.fail("expected 3 words [a, b, c], got " + std::to_string(triple.size(3)));
      analogies.push_back({triple[0].as_string(1000), triple[1].as_string(1000),
                           triple[2].as_string(1000)});
    }
  }
  auto vectors = std::make_shared<const core::WordVectors>(read_vectors(in.at("vectors"), ctx));
  const std::string vectors_name = in.at("vectors").as_string();
  // Unknown words are input errors here: the vocabulary is known before any work starts.
  if (const auto q = in.find("query")) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      if (core::lookup_word(*vectors, queries[i]) < 0) {
        const std::string message = "\"" + queries[i] + "\" is not in the vocabulary";
        if (q->is_array()) (*q)[i].fail(message);
        q->fail(message);
      }
    }
  }
  for (std::size_t i = 0; i < analogies.size(); ++i) {
    for (std::size_t k = 0; k < 3; ++k) {
      if (core::lookup_word(*vectors, analogies[i][k]) < 0) {
        in.at("analogy")[i][k].fail("\"" + analogies[i][k] + "\" is not in the vocabulary");
      }
    }
  }
  std::shared_ptr<const std::string> questions;
  if (const auto e = in.find("evaluate")) {
    const std::string name = e->as_string(4096);
    const MappedFile file(resolve_path(ctx.base_dir, name), name, e->pointer());
    questions = std::make_shared<const std::string>(file.text());
    try {
      core::evaluate_analogies(core::WordVectors{}, *questions);  // format check only
    } catch (const Error& err) {
      e->fail("\"" + name + "\": " + err.what());
    }
  }
  return [=]() {
    std::optional<core::AnalogyEvaluation> evaluation;
    if (questions) evaluation = core::evaluate_analogies(*vectors, *questions, restrict_vocab);
    return derive::word2vec_similar(*vectors, vectors_name,
                                    core::query_neighbors(*vectors, queries, topn),
                                    core::query_analogies(*vectors, analogies, topn), evaluation);
  };
}

}  // namespace

Mode skipgram_similar_mode() {
  using T = FieldFlag::Type;
  return {
      "similar",
      "Nearest neighbours and analogies (3CosAdd) from a word2vec vectors file",
      "  echo '{\"vectors\": \"kjv.vec\", \"query\": [\"king\"], \"topn\": 5, "
      "\"analogy\": [[\"king\", \"man\", \"woman\"]]}' | hw4 skipgram similar\n",
      prepare_similar,
      {
          {"vectors", T::kPath, "word2vec vectors file (text or binary)", {}},
          {"query", T::kString, "words to show neighbours of, comma-separated", {}},
          {"topn", T::kInt, "neighbours per query (10)", {}},
          {"evaluate", T::kPath, "analogy questions file (questions-words.txt format)", {}},
      },
      true,
  };
}

}  // namespace hw4::cli
