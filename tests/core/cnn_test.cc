// Tests of CNN shape inference and counting: PyTorch's output-size rule against an independent
// window enumeration, the seed's hand-derived counts, and every shape error message.
#include "hw4/core/cnn.h"

#include <gtest/gtest.h>

#include "hw4/error.h"

namespace hw4::core {
namespace {

const Symbols kSymbols{{"C", std::nullopt}, {"H", std::nullopt}};

Polynomial P(const std::string& text) { return parse_expression(text, kSymbols); }

Layer conv(const std::string& out, std::int64_t k, std::int64_t padding = 0, std::int64_t stride = 1) {
  Layer l = make_layer("conv2d");
  l.out = P(out);
  l.kernel = {k, k};
  l.padding = {padding, padding};
  l.stride = {stride, stride};
  return l;
}

Layer simple(const std::string& name) { return make_layer(name); }

Layer pool(std::int64_t k, std::int64_t s, std::int64_t p, bool ceil = false) {
  Layer l = simple("maxpool2d");
  l.kernel = {k, k};
  l.stride = {s, s};
  l.padding = {p, p};
  l.ceil_mode = ceil;
  return l;
}

Shape chw(const std::string& c, const std::string& h, const std::string& w) {
  Shape s;
  s.rank = 3;
  s.dims = {P(c), P(h), P(w)};
  return s;
}

NetworkSpec one_model(std::vector<Layer> layers, std::optional<Shape> input) {
  NetworkSpec spec;
  spec.symbols = kSymbols;
  spec.input = std::move(input);
  spec.models.push_back({"model", "/layers", std::move(layers)});
  return spec;
}

std::string error_of(const NetworkSpec& spec) {
  try {
    count_network(spec);
  } catch (const InputError& e) {
    return e.pointer() + ": " + e.what();
  }
  return "";
}

// Independent rule: count window starts i·s − p (i = 0, 1, ...) whose window fits the padded
// input (floor mode), or, with ceil_mode, that start inside the input or the left padding and
// leave less than a stride uncovered.
std::int64_t brute_windows(std::int64_t n, std::int64_t k, std::int64_t s, std::int64_t p,
                           std::int64_t d, bool ceil) {
  const std::int64_t span = d * (k - 1);
  std::int64_t count = 0;
  for (std::int64_t start = -p; start <= n + p; start += s) {
    bool fits = start + span <= n + p - 1;
    bool partial = start + span <= n + p - 1 + (s - 1) && start < n;
    if (ceil ? (fits || partial) : fits) ++count;
  }
  return count;
}

TEST(CnnShape, WindowSizeMatchesEnumeration) {
  for (std::int64_t n = 1; n <= 20; ++n) {
    for (std::int64_t k = 1; k <= 5; ++k) {
      for (std::int64_t s = 1; s <= 3; ++s) {
        for (std::int64_t p = 0; 2 * p <= k; ++p) {
          for (std::int64_t d = 1; d <= 2; ++d) {
            for (bool ceil : {false, true}) {
              auto got = window_output_size(n, k, s, p, d, ceil);
              std::int64_t want = brute_windows(n, k, s, p, d, ceil);
              if (want == 0) {
                EXPECT_FALSE(got.has_value());
              } else {
                EXPECT_EQ(got.value_or(-1), want)
                    << "n=" << n << " k=" << k << " s=" << s << " p=" << p << " d=" << d << " ceil=" << ceil;
              }
            }
          }
        }
      }
    }
  }
}

TEST(CnnShape, PyTorchDocumentedSizes) {
  // torchvision GoogLeNet's ceil-mode pools: 112 -> 56 -> 28 -> 14 -> 7.
  EXPECT_EQ(window_output_size(112, 3, 2, 0, 1, true), 56);
  EXPECT_EQ(window_output_size(56, 3, 2, 0, 1, true), 28);
  EXPECT_EQ(window_output_size(14, 2, 2, 0, 1, true), 7);
  // MaxPool2d(2, 2, padding=1, ceil_mode=True) on 5: the 4th window would start in the right
  // padding and is dropped.
  EXPECT_EQ(window_output_size(5, 2, 2, 1, 1, true), 3);
  // ResNet stem: 224 -> conv 7/2/3 -> 112 -> pool 3/2/1 -> 56.
  EXPECT_EQ(window_output_size(224, 7, 2, 3, 1, false), 112);
  EXPECT_EQ(window_output_size(112, 3, 2, 1, 1, false), 56);
  EXPECT_FALSE(window_output_size(2, 5, 1, 0, 1, false).has_value());
}

TEST(CnnCount, SeedOneTwoAndThree) {
  // 1.2: one 3x3 conv C -> C vs two 2x2 (stride 1, no padding: the count is the same).
  auto a = count_network(one_model({conv("C", 3, 1)}, chw("C", "28", "28"))).models[0];
  EXPECT_EQ(a.params.to_text(), "9*C^2 + C");
  EXPECT_EQ(a.macs.to_text(), "7056*C^2");
  EXPECT_EQ(a.output.to_text(), "[C, 28, 28]");
  Layer first = conv("C", 2);
  first.in = P("C");
  auto b = count_network(one_model({first, conv("C", 2)}, std::nullopt)).models[0];
  EXPECT_EQ(b.params.to_text(), "8*C^2 + 2*C");
  Layer l13 = conv("C", 1);
  l13.kernel = {1, 3};
  Layer l31 = conv("C", 1);
  l31.kernel = {3, 1};
  l13.in = P("C");
  auto c = count_network(one_model({l13, l31}, std::nullopt)).models[0];
  EXPECT_EQ(c.params.to_text(), "6*C^2 + 2*C");
}

TEST(CnnCount, SymbolicHeightAssumesDivisibility) {
  auto m = count_network(one_model({conv("C", 3, 1, 2)}, chw("C", "H", "H"))).models[0];
  EXPECT_EQ(m.output.to_text(), "[C, 1/2*H + 1/2, 1/2*H + 1/2]");
  EXPECT_TRUE(m.assumes_divisibility);
  EXPECT_EQ(m.macs.to_text(), "9/4*C^2*H^2 + 9/2*C^2*H + 9/4*C^2");
}

TEST(CnnCount, DepthwiseSeparableAndBatchnorm) {
  Layer dw = conv("C", 3, 1);
  dw.groups = P("C");
  dw.bias = false;
  Layer pw = conv("2*C", 1);
  pw.bias = false;
  auto m = count_network(one_model({dw, simple("batchnorm2d"), pw},
                                   chw("C", "8", "8")))
               .models[0];
  EXPECT_EQ(m.params.to_text(), "2*C^2 + 11*C");
  EXPECT_EQ(m.macs.to_text(), "128*C^2 + 576*C");
  ASSERT_EQ(m.rows.size(), 3u);
  EXPECT_EQ(m.rows[1].params.to_text(), "2*C");
}

TEST(CnnCount, ConcatResidualRepeatAndPaths) {
  Layer cat = simple("concat");
  cat.branches = {{}, {conv("C", 3, 1)}};
  Layer res = simple("residual");
  res.body = {conv("2*C", 3, 1), simple("relu")};
  Layer rep = simple("repeat");
  rep.times = P("2");
  rep.layers = {conv("2*C", 1)};
  Layer sym = simple("repeat");
  sym.times = P("C");
  sym.layers = {res};
  auto m = count_network(one_model({cat, res, rep, sym}, chw("C", "4", "4"))).models[0];
  std::vector<std::string> paths;
  for (const auto& r : m.rows) paths.push_back(r.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"0/branches/1/0", "1/body/0", "1/body/1", "2/0/0",
                                             "2/1/0", "3/*/0/body/0", "3/*/0/body/1"}));
  // 9C^2 + C, 36C^2 + 2C, 2 x (4C^2 + 2C), C x (36C^2 + 2C)
  EXPECT_EQ(m.params.to_text(), "36*C^3 + 55*C^2 + 7*C");
}

TEST(CnnErrors, EveryShapeMessage) {
  auto spec = [](std::vector<Layer> layers, std::optional<Shape> in = chw("3", "8", "8")) {
    for (std::size_t i = 0; i < layers.size(); ++i) layers[i].pointer = "/layers/" + std::to_string(i);
    return one_model(std::move(layers), std::move(in));
  };
  Layer c = conv("8", 3);
  c.in = P("4");
  EXPECT_EQ(error_of(spec({c})), "/layers/0/in: 'in' is 4 but the input has 3 channels");
  EXPECT_EQ(error_of(spec({conv("8", 3)}, std::nullopt)),
            "/layers/0: cannot infer 'in': give it, or give the network an 'input'");
  Layer g = conv("8", 3);
  g.groups = P("2");
  EXPECT_EQ(error_of(spec({g})), "/layers/0/groups: groups 2 does not divide in = 3");
  g.groups = P("3");
  EXPECT_EQ(error_of(spec({g})), "/layers/0/groups: groups 3 does not divide out = 8");
  EXPECT_EQ(error_of(spec({conv("8", 9)})), "/layers/0/kernel: kernel 9 is larger than the padded input height 8");
  EXPECT_EQ(error_of(spec({pool(3, 1, 2)})), "/layers/0/padding: padding 2 is more than half the kernel 3");
  Layer cat = simple("concat");
  cat.branches = {{conv("4", 1)}, {conv("4", 3)}};
  EXPECT_EQ(error_of(spec({cat})),
            "/layers/0/branches/1: branch 1 gives [4, 6, 6] but branch 0 gives [4, 8, 8]: all sizes "
            "but the channels must agree");
  Layer res = simple("residual");
  res.body = {conv("4", 1)};
  EXPECT_EQ(error_of(spec({res})),
            "/layers/0: the body gives [4, 8, 8] but the input (identity shortcut) is [3, 8, 8]: an "
            "element-wise add needs equal shapes");
  Layer flat = simple("flatten");
  EXPECT_EQ(error_of(spec({flat, conv("4", 1)})), "/layers/1: conv2d needs a [C, H, W] input, got [192]");
  Layer lin = simple("linear");
  lin.out = P("10");
  lin.in = P("100");
  EXPECT_EQ(error_of(spec({flat, lin})), "/layers/1/in: 'in' is 100 but the input has 192 features");
  Layer bn = simple("batchnorm2d");
  bn.in = P("4");
  EXPECT_EQ(error_of(spec({bn})), "/layers/0/channels: 'channels' is 4 but the input has 3 channels");
  Layer rep = simple("repeat");
  rep.times = P("C");
  rep.layers = {conv("4", 1)};
  EXPECT_EQ(error_of(spec({rep})),
            "/layers/0/times: with a symbolic times the layers must keep the shape, but [3, 8, 8] "
            "becomes [4, 8, 8]");
  rep.times = P("3/2");
  EXPECT_EQ(error_of(spec({rep})), "/layers/0/times: times must be an integer >= 0, got 3/2");
  EXPECT_EQ(error_of(spec({conv("C/2", 1)})), "");
  EXPECT_EQ(error_of(spec({conv("5/2", 1)})), "/layers/0/out: out must be a positive integer, got 5/2");
}

TEST(CnnErrors, WorkLimits) {
  Layer inner = simple("repeat");
  inner.times = P("100000");
  inner.pointer = "/layers/0/layers/0";
  Layer outer = inner;
  outer.pointer = "/layers/0";
  outer.layers = {inner};
  // Refused at the outer repeat, before any of it is walked: 10^5 iterations of a body that
  // visits 1 + 10^5 layers.
  EXPECT_EQ(error_of(one_model({outer}, std::nullopt)),
            "/layers/0/times: the network is too large: 100000 times a body of 100001 layers "
            "exceeds 1000000 after expanding repeats");
}

TEST(CnnErrors, RowLimit) {
  Layer relu = simple("relu");
  relu.pointer = "/layers/0/layers/0";
  Layer many = simple("repeat");
  many.pointer = "/layers/0";
  many.times = P("50001");
  many.layers = {relu};
  EXPECT_EQ(error_of(one_model({many}, std::nullopt)),
            "/layers/0/times: the network is too large: 50001 times a body of 1 counted layers "
            "exceeds 50000 after expanding repeats");
  // What came before counts: 30,000 rows, then a repeat of 30,000 more.
  many.times = P("30000");
  Layer second = many;
  second.pointer = "/layers/1";
  EXPECT_EQ(error_of(one_model({many, second}, std::nullopt)),
            "/layers/1/times: the network is too large: 30000 times a body of 1 counted layers "
            "exceeds 50000 after expanding repeats");
  // Without repeats the walk itself stops at the limit.
  std::vector<Layer> flat(50001, relu);
  for (std::size_t i = 0; i < flat.size(); ++i) flat[i].pointer = "/layers/" + std::to_string(i);
  EXPECT_EQ(error_of(one_model(flat, std::nullopt)),
            "/layers/50000: the network is too large: more than 50000 counted layers after "
            "expanding repeats");
}

TEST(CnnErrors, TermLimit) {
  // Ten free symbols: (A + ... + J)^5 has 2002 terms, so each batchnorm row counts 2002.
  Symbols ten;
  for (char c = 'A'; c <= 'J'; ++c) ten[std::string(1, c)] = std::nullopt;
  Layer big = simple("batchnorm2d");
  big.in = parse_expression("(A+B+C+D+E+F+G+H+I+J)^5", ten);
  big.pointer = "/layers/0/layers/0";
  Layer rep = simple("repeat");
  rep.times = P("1000");
  rep.layers = {big};
  // The default limit (500000) takes 250 such rows; a smaller one keeps the test fast.
  NetworkSpec spec = one_model({rep}, std::nullopt);
  WorkBudget budget;
  budget.max_terms = 20'000;
  try {
    count_model(spec, spec.models[0], &budget);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.pointer() + ": " + e.what(),
              "/layers/0/layers/0: the counts are too large: more than 20000 polynomial terms in all");
  }
}

TEST(CnnErrors, RecursiveAndUnknownBlocks) {
  Layer use_a = simple("block");
  use_a.name = "a";
  use_a.pointer = "/blocks/b/0";
  Layer use_b = simple("block");
  use_b.name = "b";
  use_b.pointer = "/blocks/a/0";
  NetworkSpec spec = one_model({use_a}, std::nullopt);
  spec.models[0].layers[0].pointer = "/layers/0";
  spec.blocks["a"] = {use_b};
  spec.blocks["b"] = {use_a};
  EXPECT_EQ(error_of(spec), "/blocks/b/0/name: block 'a' uses itself (a -> b -> a)");
  spec.blocks.erase("b");
  EXPECT_EQ(error_of(spec), "/blocks/a/0/name: unknown block 'b'");
}

TEST(CnnCompare, SeedOneOneComparison) {
  NetworkSpec spec;
  spec.symbols = kSymbols;
  Layer a1 = conv("C", 1), a3 = conv("C", 3, 1), a5 = conv("C", 5, 2), b3 = conv("C", 3, 1);
  a1.in = P("C");
  Layer catA = simple("concat");
  catA.branches = {{a1}, {a1, a3}, {a1, a5}, {pool(3, 1, 1), a1}};
  Layer catB = simple("concat");
  catB.branches = {{a1}, {a1, a3}, {a1, b3, b3}, {pool(3, 1, 1), a1}};
  spec.input = chw("C", "28", "28");
  spec.models = {{"A", "", {catA}}, {"B", "", {catB}}};
  spec.compare = CompareSpec{"A", "B", "params", {Rational(1), std::nullopt}, "/compare"};
  auto result = count_network(spec);
  EXPECT_EQ(result.models[0].params.to_text(), "38*C^2 + 6*C");
  EXPECT_EQ(result.models[1].params.to_text(), "31*C^2 + 7*C");
  EXPECT_EQ(result.models[0].output.to_text(), "[4*C, 28, 28]");
  const Comparison& c = *result.comparison;
  EXPECT_EQ(c.difference.to_text(), "7*C^2 - C");
  ASSERT_EQ(c.crossings.size(), 2u);
  EXPECT_EQ(c.crossings[1].root.exact, Rational(1, 7));
  EXPECT_EQ(c.crossings[1].value, Rational(80, 49));
  EXPECT_EQ(c.sign, Sign::kPositive);
}

}  // namespace
}  // namespace hw4::core
