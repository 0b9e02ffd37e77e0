// Word vectors: the word2vec text and binary formats, cosine neighbours, 3CosAdd analogies and
// gensim's analogy evaluation.
#include "hw4/core/word2vec.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <numeric>
#include <unordered_map>

#include <Eigen/Core>

#include "hw4/error.h"

namespace hw4::core {
namespace {

bool is_space_in_line(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim_whitespace(std::string_view s) {
  while (!s.empty() && (is_space_in_line(s.front()) || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (is_space_in_line(s.back()) || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_blanks(std::string_view line) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space_in_line(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_space_in_line(line[i])) ++i;
    if (i > start) parts.push_back(line.substr(start, i - start));
  }
  return parts;
}

[[noreturn]] void vectors_error(const std::string& message) {
  throw Error(ErrorKind::kMath, message);
}

struct Header {
  std::size_t words = 0;
  int dim = 0;
  std::size_t body = 0;  // offset of the first record
};

Header read_header(std::string_view data, std::size_t max_words, int max_dim) {
  const std::size_t nl = data.find('\n');
  if (nl == std::string_view::npos) vectors_error("line 1: expected a header \"<words> <dim>\"");
  const auto parts = split_blanks(data.substr(0, nl));
  Header h;
  long long words = -1, dim = -1;
  auto number = [](std::string_view s, long long& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  };
  if (parts.size() != 2 || !number(parts[0], words) || !number(parts[1], dim) || words < 1 ||
      dim < 1) {
    vectors_error("line 1: expected a header \"<words> <dim>\" with two positive integers");
  }
  if (static_cast<unsigned long long>(words) > max_words) {
    vectors_error("line 1: " + std::to_string(words) + " words is over the limit of " +
                  std::to_string(max_words));
  }
  if (dim > max_dim) {
    vectors_error("line 1: dim " + std::to_string(dim) + " is over the limit of " +
                  std::to_string(max_dim));
  }
  h.words = static_cast<std::size_t>(words);
  h.dim = static_cast<int>(dim);
  h.body = nl + 1;
  return h;
}

// Text: "word v1 ... vdim" per line. Returns false (with the first problem) when it is not.
bool parse_text(std::string_view data, const Header& h, WordVectors& out, std::string& problem) {
  out.words.clear();
  out.values.clear();
  out.dim = h.dim;
  std::size_t pos = h.body;
  std::size_t line_no = 1;
  while (out.words.size() < h.words) {
    ++line_no;
    if (pos >= data.size()) {
      problem = "expected " + std::to_string(h.words) + " words, got " +
                std::to_string(out.words.size());
      return false;
    }
    std::size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    const auto parts = split_blanks(data.substr(pos, nl - pos));
    pos = nl + 1;
    if (parts.size() != static_cast<std::size_t>(h.dim) + 1) {
      problem = "line " + std::to_string(line_no) + ": expected a word and " +
                std::to_string(h.dim) + " numbers, got " +
                std::to_string(parts.empty() ? 0 : parts.size() - 1) + " numbers";
      return false;
    }
    for (std::size_t k = 1; k < parts.size(); ++k) {
      float x = 0;
      const auto r = std::from_chars(parts[k].data(), parts[k].data() + parts[k].size(), x);
      if (r.ec != std::errc() || r.ptr != parts[k].data() + parts[k].size() || !std::isfinite(x)) {
        problem = "line " + std::to_string(line_no) + ": expected a number, got \"" +
                  std::string(parts[k].substr(0, 20)) + "\"";
        return false;
      }
      out.values.push_back(x);
    }
    out.words.emplace_back(parts[0]);
  }
  if (pos < data.size() && !trim_whitespace(data.substr(pos)).empty()) {
    problem = "line " + std::to_string(line_no + 1) + ": text after the " +
              std::to_string(h.words) + " words the header announces";
    return false;
  }
  return true;
}

// Binary: "word " then dim little-endian float32, records separated by an optional '\n'.
bool parse_binary(std::string_view data, const Header& h, WordVectors& out, std::string& problem) {
  out.words.clear();
  out.values.clear();
  out.dim = h.dim;
  const std::size_t bytes = static_cast<std::size_t>(h.dim) * sizeof(float);
  std::size_t pos = h.body;
  for (std::size_t i = 0; i < h.words; ++i) {
    while (pos < data.size() && data[pos] == '\n') ++pos;
    const std::size_t space = data.find(' ', pos);
    if (space == std::string_view::npos || space == pos || space + 1 + bytes > data.size()) {
      problem = "record " + std::to_string(i + 1) + " of " + std::to_string(h.words) +
                " is cut short";
      return false;
    }
    out.words.emplace_back(data.substr(pos, space - pos));
    const std::size_t first = out.values.size();
    out.values.resize(first + static_cast<std::size_t>(h.dim));
    std::memcpy(out.values.data() + first, data.data() + space + 1, bytes);
    for (std::size_t k = first; k < out.values.size(); ++k) {
      if (!std::isfinite(out.values[k])) {
        problem = "record " + std::to_string(i + 1) + " has a value that is not finite";
        return false;
      }
    }
    pos = space + 1 + bytes;
  }
  if (!trim_whitespace(data.substr(std::min(pos, data.size()))).empty()) {
    problem = "bytes after the " + std::to_string(h.words) + " words the header announces";
    return false;
  }
  return true;
}

// Rows scaled to unit length (zero rows stay zero), as a dim x V column-major matrix.
Eigen::MatrixXf unit_columns(const WordVectors& v, std::size_t count) {
  Eigen::MatrixXf m = Eigen::Map<const Eigen::MatrixXf>(v.values.data(), v.dim,
                                                         static_cast<Eigen::Index>(v.size()))
                          .leftCols(static_cast<Eigen::Index>(count));
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    const float n = m.col(j).norm();
    if (n > 0) m.col(j) /= n;
  }
  return m;
}

// The `topn` best indices by similarity, ties by index, skipping `exclude`.
std::vector<std::size_t> top(const Eigen::VectorXf& sims, std::size_t topn,
                             const std::vector<std::size_t>& exclude) {
  std::vector<std::size_t> idx;
  idx.reserve(static_cast<std::size_t>(sims.size()));
  for (Eigen::Index i = 0; i < sims.size(); ++i) {
    const auto u = static_cast<std::size_t>(i);
    if (std::find(exclude.begin(), exclude.end(), u) == exclude.end()) idx.push_back(u);
  }
  const std::size_t k = std::min(topn, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(k), idx.end(),
                    [&](std::size_t a, std::size_t b) {
                      const float sa = sims(static_cast<Eigen::Index>(a));
                      const float sb = sims(static_cast<Eigen::Index>(b));
                      return sa != sb ? sa > sb : a < b;
                    });
  idx.resize(k);
  return idx;
}

std::vector<Neighbor> to_neighbors(const WordVectors& v, const Eigen::VectorXf& sims,
                                   const std::vector<std::size_t>& idx) {
  std::vector<Neighbor> out;
  for (std::size_t i : idx) out.push_back({v.words[i], sims(static_cast<Eigen::Index>(i))});
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return r;
}

}  // namespace

std::string format_word2vec_text(const WordVectors& vectors) {
  std::string out = std::to_string(vectors.size()) + " " + std::to_string(vectors.dim) + "\n";
  char buf[64];
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    out += vectors.words[i];
    for (float x : vectors.row(i)) {
      out += ' ';
      const auto r = std::to_chars(buf, buf + sizeof buf, x);
      out.append(buf, r.ptr);
    }
    out += '\n';
  }
  return out;
}

std::string format_word2vec_binary(const WordVectors& vectors) {
  std::string out = std::to_string(vectors.size()) + " " + std::to_string(vectors.dim) + "\n";
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    out += vectors.words[i];
    out += ' ';
    // The formats store little-endian float32; this is the host's layout on every target hw4
    // builds for (x86-64, aarch64).
    out.append(reinterpret_cast<const char*>(vectors.row(i).data()),
               static_cast<std::size_t>(vectors.dim) * sizeof(float));
    out += '\n';
  }
  return out;
}

WordVectors parse_word2vec(std::string_view data, std::size_t max_words, int max_dim) {
  const Header h = read_header(data, max_words, max_dim);
  // A word takes at least two bytes per record in either format: check the announced size
  // against the data before reserving for it.
  if (h.words > (data.size() - h.body) / 2 + 1) {
    vectors_error("line 1: the header announces " + std::to_string(h.words) +
                  " words, more than the file can hold");
  }
  WordVectors out;
  std::string text_problem, binary_problem;
  if (parse_text(data, h, out, text_problem)) return out;
  if (parse_binary(data, h, out, binary_problem)) return out;
  // A file whose first record is printable text is meant as text: report the text problem.
  const std::string_view first = data.substr(h.body, std::min<std::size_t>(64, data.size() - h.body));
  const bool looks_text = std::all_of(first.begin(), first.end(), [](char c) {
    return c == '\n' || c == '\t' || c == '\r' || static_cast<unsigned char>(c) >= 0x20;
  });
  vectors_error(looks_text ? text_problem : binary_problem);
}

std::int64_t find_word(const WordVectors& vectors, std::string_view word) {
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    if (vectors.words[i] == word) return static_cast<std::int64_t>(i);
  }
  return -1;
}

std::vector<double> cosine_similarities(const WordVectors& vectors, std::span<const float> query) {
  const Eigen::MatrixXf unit = unit_columns(vectors, vectors.size());
  Eigen::VectorXf q = Eigen::Map<const Eigen::VectorXf>(query.data(), static_cast<Eigen::Index>(query.size()));
  const float n = q.norm();
  if (n > 0) q /= n;
  const Eigen::VectorXf sims = unit.transpose() * q;
  return {sims.data(), sims.data() + sims.size()};
}

std::vector<Neighbor> nearest_neighbors(const WordVectors& vectors, std::size_t index, int topn) {
  const Eigen::MatrixXf unit = unit_columns(vectors, vectors.size());
  const Eigen::VectorXf sims = unit.transpose() * unit.col(static_cast<Eigen::Index>(index));
  return to_neighbors(vectors, sims, top(sims, static_cast<std::size_t>(topn), {index}));
}

std::vector<Neighbor> analogy(const WordVectors& vectors, std::size_t a, std::size_t b,
                              std::size_t c, int topn) {
  const Eigen::MatrixXf unit = unit_columns(vectors, vectors.size());
  Eigen::VectorXf target = unit.col(static_cast<Eigen::Index>(b)) -
                           unit.col(static_cast<Eigen::Index>(a)) +
                           unit.col(static_cast<Eigen::Index>(c));
  const float n = target.norm();
  if (n > 0) target /= n;
  const Eigen::VectorXf sims = unit.transpose() * target;
  return to_neighbors(vectors, sims, top(sims, static_cast<std::size_t>(topn), {a, b, c}));
}

std::int64_t lookup_word(const WordVectors& vectors, std::string_view word) {
  const std::int64_t i = find_word(vectors, word);
  return i >= 0 ? i : find_word(vectors, ascii_lower(word));
}

std::vector<NeighborQuery> query_neighbors(const WordVectors& vectors,
                                           const std::vector<std::string>& words, int topn) {
  std::vector<NeighborQuery> out;
  for (const std::string& w : words) {
    NeighborQuery q{w, lookup_word(vectors, w), {}};
    if (q.index >= 0) q.neighbors = nearest_neighbors(vectors, static_cast<std::size_t>(q.index), topn);
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<AnalogyQuery> query_analogies(const WordVectors& vectors,
                                          const std::vector<std::array<std::string, 3>>& queries,
                                          int topn) {
  std::vector<AnalogyQuery> out;
  for (const auto& words : queries) {
    AnalogyQuery q;
    q.words = words;
    bool known = true;
    for (std::size_t k = 0; k < 3; ++k) {
      q.indices[k] = lookup_word(vectors, words[k]);
      known = known && q.indices[k] >= 0;
    }
    if (known) {
      // a - b + c is analogy(b, a, c): b^ is subtracted, a^ and c^ added.
      q.answers = analogy(vectors, static_cast<std::size_t>(q.indices[1]),
                          static_cast<std::size_t>(q.indices[0]),
                          static_cast<std::size_t>(q.indices[2]), topn);
    }
    out.push_back(std::move(q));
  }
  return out;
}

AnalogyEvaluation evaluate_analogies(const WordVectors& vectors, std::string_view questions,
                                     std::size_t restrict_vocab) {
  const std::size_t r = std::min(restrict_vocab, vectors.size());
  // gensim's ok_vocab: the first r words, case-folded; the most frequent spelling wins.
  std::unordered_map<std::string, std::size_t> known;
  for (std::size_t i = r; i-- > 0;) known[ascii_lower(vectors.words[i])] = i;
  const Eigen::MatrixXf unit = unit_columns(vectors, r);

  AnalogyEvaluation eval;
  std::size_t pos = 0, line_no = 0;
  while (pos < questions.size()) {
    std::size_t nl = questions.find('\n', pos);
    if (nl == std::string_view::npos) nl = questions.size();
    const std::string_view line = trim_whitespace(questions.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty()) continue;
    if (line.front() == ':') {
      std::string_view name = line;
      while (!name.empty() && (name.front() == ':' || name.front() == ' ')) name.remove_prefix(1);
      eval.sections.push_back({std::string(trim_whitespace(name)), 0, 0});
      continue;
    }
    if (eval.sections.empty()) {
      vectors_error("line " + std::to_string(line_no) +
                    ": a question before any \": section\" line");
    }
    const auto parts = split_blanks(line);
    if (parts.size() != 4) continue;
    std::array<std::string, 4> w;
    std::array<std::size_t, 4> id{};
    bool all_known = true;
    for (std::size_t k = 0; k < 4; ++k) {
      w[k] = ascii_lower(parts[k]);
      const auto it = known.find(w[k]);
      if (it == known.end()) {
        all_known = false;
      } else {
        id[k] = it->second;
      }
    }
    if (!all_known) {
      ++eval.skipped;
      continue;
    }
    Eigen::VectorXf target = unit.col(static_cast<Eigen::Index>(id[1])) -
                             unit.col(static_cast<Eigen::Index>(id[0])) +
                             unit.col(static_cast<Eigen::Index>(id[2]));
    const Eigen::VectorXf sims = unit.transpose() * target;
    // gensim looks at the top 5 and takes the first that is a known word other than a, b, c
    // (only a spelling that differs in case can fail that); otherwise the last one.
    std::string predicted;
    for (std::size_t i : top(sims, 5, {id[0], id[1], id[2]})) {
      predicted = ascii_lower(vectors.words[i]);
      if (known.count(predicted) != 0 && predicted != w[0] && predicted != w[1] &&
          predicted != w[2]) {
        break;
      }
    }
    AnalogySection& s = eval.sections.back();
    if (predicted == w[3]) {
      ++s.correct;
      ++eval.correct;
    } else {
      ++s.incorrect;
      ++eval.incorrect;
    }
  }
  const std::int64_t asked = eval.correct + eval.incorrect;
  eval.accuracy = asked > 0 ? static_cast<double>(eval.correct) / static_cast<double>(asked) : 0;
  return eval;
}

}  // namespace hw4::core
