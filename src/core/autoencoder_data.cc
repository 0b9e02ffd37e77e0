// The autoencoder's data: counter-based normals, the synthetic low-rank generator, CSV parsing
// and the seeded train/test split.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>
#include <string>
#include <thread>

#include "hw4/core/autoencoder.h"
#include "hw4/error.h"

namespace hw4::core {

namespace {

std::uint64_t splitmix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

std::uint64_t stream_key(std::uint64_t seed, std::uint64_t stream) {
  return splitmix64(splitmix64(seed) + stream * 0x9E3779B97F4A7C15ull);
}

std::uint64_t counter_bits(std::uint64_t key, std::uint64_t index) {
  return splitmix64(key + (index + 1) * 0x9E3779B97F4A7C15ull);
}

double counter_normal(std::uint64_t key, std::uint64_t index) {
  // Box–Muller on the pair (2m, 2m + 1): u1 ∈ (0, 1] keeps the log finite.
  const std::uint64_t pair = index / 2;
  const double u1 =
      (static_cast<double>(counter_bits(key, 2 * pair) >> 11) + 1.0) * 0x1.0p-53;
  const double u2 = static_cast<double>(counter_bits(key, 2 * pair + 1) >> 11) * 0x1.0p-53;
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  return index % 2 == 0 ? r * std::cos(angle) : r * std::sin(angle);
}

int default_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(std::min(n, 64u));
}

template <typename Scalar>
SampleMatrix<Scalar> synthetic_data(const SyntheticSpec& spec, int threads) {
  const Eigen::Index n = spec.samples, d = spec.features, r = spec.rank;
  const std::uint64_t key_u = stream_key(spec.seed, 1), key_v = stream_key(spec.seed, 2),
                      key_e = stream_key(spec.seed, 3);
  // V is small (rank × d); U's row i and E's row i are produced where row i is written.
  SampleMatrix<double> v(r, d);
  for (Eigen::Index k = 0; k < r; ++k) {
    for (Eigen::Index j = 0; j < d; ++j) {
      v(k, j) = counter_normal(key_v, static_cast<std::uint64_t>(k * d + j));
    }
  }
  v /= std::sqrt(static_cast<double>(r));
  SampleMatrix<Scalar> x(n, d);
  auto fill_rows = [&](Eigen::Index begin, Eigen::Index end) {
    Eigen::RowVectorXd u(r), row(d);
    for (Eigen::Index i = begin; i < end; ++i) {
      for (Eigen::Index k = 0; k < r; ++k) {
        u(k) = counter_normal(key_u, static_cast<std::uint64_t>(i * r + k));
      }
      row.noalias() = u * v;
      const auto base = static_cast<std::uint64_t>(i * d);
      for (Eigen::Index j = 0; j < d; ++j) {
        row(j) += spec.noise * counter_normal(key_e, base + static_cast<std::uint64_t>(j));
      }
      x.row(i) = row.cast<Scalar>();
    }
  };
  const int workers = static_cast<int>(std::clamp<Eigen::Index>(threads, 1, n));
  std::vector<std::thread> pool;
  for (int t = 1; t < workers; ++t) {
    pool.emplace_back(fill_rows, n * t / workers, n * (t + 1) / workers);
  }
  fill_rows(0, n / workers);
  for (auto& thread : pool) thread.join();
  return x;
}

template SampleMatrix<double> synthetic_data<double>(const SyntheticSpec&, int);
template SampleMatrix<float> synthetic_data<float>(const SyntheticSpec&, int);

namespace {

// One line of the text at a time, with its 1-based number; "\r\n" endings are trimmed.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const std::size_t end = std::min(text_.find('\n', pos_), text_.size());
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++number_;
    return true;
  }
  std::int64_t number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::int64_t number_ = 0;
};

bool is_blank_line(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

std::string_view trim_cell(std::string_view cell) {
  const auto first = cell.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = cell.find_last_not_of(" \t");
  return cell.substr(first, last - first + 1);
}

std::int64_t count_fields(std::string_view line) {
  return 1 + static_cast<std::int64_t>(std::count(line.begin(), line.end(), ','));
}

[[noreturn]] void csv_error(std::int64_t line, std::int64_t column, const std::string& what) {
  throw Error(ErrorKind::kInvalidInput,
              "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what);
}

std::string quoted_cell(std::string_view cell) {
  constexpr std::size_t kShown = 24;
  std::string shown(cell.substr(0, kShown));
  if (cell.size() > kShown) shown += "...";
  return "\"" + shown + "\"";
}

double parse_cell(std::string_view raw, std::int64_t line, std::int64_t column) {
  const std::string_view cell = trim_cell(raw);
  if (cell.empty()) csv_error(line, column, "empty cell, expected a number");
  std::string_view digits = cell;
  if (digits.front() == '+') digits.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range || (ec == std::errc{} && !std::isfinite(value))) {
    csv_error(line, column, "expected a finite number, got " + quoted_cell(cell));
  }
  if (ec != std::errc{} || end != digits.data() + digits.size()) {
    csv_error(line, column, "expected a number, got " + quoted_cell(cell));
  }
  return value;
}

}  // namespace

CsvShape csv_shape(std::string_view text, bool header) {
  LineCursor cursor(text);
  std::string_view line;
  if (header && !cursor.next(line)) {
    throw Error(ErrorKind::kInvalidInput, "the file is empty, expected a header line");
  }
  CsvShape shape;
  std::int64_t first_line = 0;
  while (cursor.next(line)) {
    if (is_blank_line(line)) continue;
    const std::int64_t fields = count_fields(line);
    if (shape.rows == 0) {
      shape.columns = fields;
      first_line = cursor.number();
    } else if (fields != shape.columns) {
      const std::string expected = "expected " + std::to_string(shape.columns) +
                                   " columns as on line " + std::to_string(first_line);
      if (fields < shape.columns) {
        csv_error(cursor.number(), fields,
                  "the row ends after " + std::to_string(fields) + " columns, " + expected);
      }
      csv_error(cursor.number(), shape.columns + 1, "extra column, " + expected);
    }
    ++shape.rows;
  }
  if (shape.rows == 0) throw Error(ErrorKind::kInvalidInput, "no data rows");
  return shape;
}

SampleMatrix<double> parse_csv(std::string_view text, bool header) {
  const CsvShape shape = csv_shape(text, header);
  SampleMatrix<double> x(shape.rows, shape.columns);
  LineCursor cursor(text);
  std::string_view line;
  if (header) cursor.next(line);
  Eigen::Index row = 0;
  while (cursor.next(line)) {
    if (is_blank_line(line)) continue;
    Eigen::Index column = 0;
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = line.find(',', start);
      const std::string_view cell =
          line.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                             : comma - start);
      x(row, column) = parse_cell(cell, cursor.number(), column + 1);
      ++column;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    ++row;
  }
  return x;
}

Split split_samples(std::int64_t samples, double test_fraction, std::uint64_t seed) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(samples));
  for (std::int64_t i = 0; i < samples; ++i) order[static_cast<std::size_t>(i)] = i;
  // Fisher–Yates with the counter generator, so the split is the same on every platform.
  const std::uint64_t key = stream_key(seed, 16);
  for (std::int64_t i = samples - 1; i > 0; --i) {
    const auto j = static_cast<std::int64_t>(counter_bits(key, static_cast<std::uint64_t>(i)) %
                                             static_cast<std::uint64_t>(i + 1));
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
  }
  auto test_count =
      static_cast<std::int64_t>(std::llround(test_fraction * static_cast<double>(samples)));
  if (test_fraction > 0 && samples >= 2) test_count = std::clamp<std::int64_t>(test_count, 1, samples - 1);
  Split split;
  split.test.assign(order.begin(), order.begin() + test_count);
  split.train.assign(order.begin() + test_count, order.end());
  std::sort(split.test.begin(), split.test.end());
  std::sort(split.train.begin(), split.train.end());
  return split;
}

}  // namespace hw4::core
