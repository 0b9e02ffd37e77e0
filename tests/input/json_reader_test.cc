// JsonReader: every error names its pointer and reads as one clear phrase.
#include "hw4/input/json_reader.h"

#include <gtest/gtest.h>

#include "hw4/error.h"

namespace hw4::input {
namespace {

using nlohmann::json;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.pointer() + ": " + e.what();
  }
  return "no error";
}

TEST(JsonReader, ReadsNestedValuesWithPointers) {
  const json j = json::parse(R"({"a": {"b/c": [1, 2.5, 3]}})");
  const JsonReader r(j);
  const JsonReader list = r.at("a").at("b/c");
  EXPECT_EQ(list.pointer(), "/a/b~1c");
  EXPECT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].as_int(), 1);
  EXPECT_DOUBLE_EQ(list[1].as_double(), 2.5);
  EXPECT_EQ(list[2].pointer(), "/a/b~1c/2");
}

TEST(JsonReader, ErrorMessages) {
  const json j = json::parse(
      R"({"n": 0, "x": "x", "f": 2.5, "l": [1, 2, 3], "m": [[1, 2], [3]], "s": 5, "b": 1, "kernal": 3})");
  const JsonReader r(j);
  EXPECT_EQ(error_of([&] { r.at("n").as_int(1); }), "/n: expected an integer >= 1, got 0");
  EXPECT_EQ(error_of([&] { r.at("n").as_int(1, 5); }), "/n: expected an integer from 1 to 5, got 0");
  EXPECT_EQ(error_of([&] { r.at("x").as_int(); }), "/x: expected an integer, got \"x\"");
  EXPECT_EQ(error_of([&] { r.at("f").as_int(); }), "/f: expected an integer, got 2.5");
  EXPECT_EQ(error_of([&] { r.at("x").as_double(); }), "/x: expected a number, got \"x\"");
  EXPECT_EQ(error_of([&] { r.at("missing"); }), ": missing required field \"missing\"");
  EXPECT_EQ(error_of([&] { r.at("l").size(2); }), "/l: list has 3 items, over the limit of 2");
  EXPECT_EQ(error_of([&] { r.at("n").size(); }), "/n: expected a list, got 0");
  EXPECT_EQ(error_of([&] { r.at("m").as_matrix(); }), "/m/1: row has 1 values, expected 2 like row 0");
  EXPECT_EQ(error_of([&] { r.at("s").as_string(); }), "/s: expected a string, got 5");
  EXPECT_EQ(error_of([&] { r.at("b").as_bool(); }), "/b: expected true or false, got 1");
  EXPECT_EQ(error_of([&] { r.at("x").as_choice({"sum", "mean"}); }),
            "/x: expected one of \"sum\", \"mean\", got \"x\"");
  EXPECT_EQ(error_of([&] { r.at("x").at("y"); }), "/x: expected an object, got \"x\"");
  EXPECT_EQ(error_of([&] {
              r.allow_only({"n", "x", "f", "l", "m", "s", "b", "kernel"});
            }),
            "/kernal: unknown field (did you mean \"kernel\"?)");
}

TEST(JsonReader, SuggestsOnlyCloseWords) {
  EXPECT_EQ(closest_match("kernal", {"kernel", "stride"}), "kernel");
  EXPECT_EQ(closest_match("minmax", {"minimax", "wasserstein"}), "minimax");
  EXPECT_EQ(closest_match("zzzzzz", {"kernel", "stride"}), std::nullopt);
}

TEST(JsonReader, DefaultsApplyOnlyWhenAbsent) {
  const json j = json::parse(R"({"w": 3})");
  const JsonReader r(j);
  EXPECT_EQ(r.int_or("w", 5, 1), 3);
  EXPECT_EQ(r.int_or("v", 5, 1), 5);
  EXPECT_EQ(r.string_or("s", "d"), "d");
  EXPECT_EQ(r.choice_or("c", "sum", {"sum", "mean"}), "sum");
}

}  // namespace
}  // namespace hw4::input
