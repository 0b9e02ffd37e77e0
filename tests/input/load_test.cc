// Loading documents: syntax errors located by line and column, nesting bounded.
#include "hw4/input/load.h"

#include <gtest/gtest.h>

#include <sstream>

#include "hw4/error.h"

namespace hw4::input {
namespace {

TEST(Load, SyntaxErrorGivesLineColumnAndLine) {
  try {
    parse_document("{\n  \"stride\": },\n}", "cnn.json", ".");
    FAIL() << "no error";
  } catch (const InputError& e) {
    ASSERT_TRUE(e.position());
    EXPECT_EQ(e.position()->line, 2u);
    EXPECT_EQ(e.position()->column, 13u);
    EXPECT_EQ(e.position()->line_text, "  \"stride\": },");
    EXPECT_EQ(e.position()->caret, 12u);
    EXPECT_EQ(std::string(e.what()),
              "syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal");
  }
}

TEST(Load, DeepNestingIsRefusedBeforeAnyWalk) {
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  try {
    parse_document(deep, "deep.json", ".");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "nesting deeper than 256 levels");
  }
}

TEST(Load, NumberOverflowIsAnInputError) {
  try {
    parse_document("{\"x\": 1e400}", "big.json", ".");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "number overflow parsing '1e400'");
  }
}

TEST(Load, MissingFileAndDirectory) {
  std::istringstream in;
  EXPECT_THROW(load_document("/nonexistent/file.json", in), InputError);
  EXPECT_THROW(load_document("/tmp", in), InputError);
}

}  // namespace
}  // namespace hw4::input
