// hw4 schema: every mode of the command table has an input schema (a mode added without one
// fails here), each is draft 2020-12 JSON, and every schema file belongs to a mode. That the
// schemas agree with the readers is tests/schema/check_schemas.py's job (a real validator).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/run_cli.h"
#include "cli/schema.h"

namespace hw4::testing {
namespace {

TEST(Schema, EveryModeOfTheCommandTableHasOne) {
  for (const cli::Command& c : cli::commands()) {
    for (const cli::Mode& m : c.modes) {
      const auto text = cli::find_schema(c.name, m.name);
      ASSERT_TRUE(text.has_value()) << c.name << " " << m.name
                                    << " has no schemas/" << c.name << (m.name.empty() ? "" : "." + m.name)
                                    << ".schema.json";
      const nlohmann::json schema = nlohmann::json::parse(*text);
      EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema") << c.name << " " << m.name;
      EXPECT_EQ(schema["type"], "object") << c.name << " " << m.name;
      EXPECT_TRUE(schema.contains("description")) << c.name << " " << m.name;
    }
  }
}

TEST(Schema, EverySchemaFileBelongsToACommandOrMode) {
  for (const cli::EmbeddedSchema& s : cli::embedded_schemas()) {
    const std::string name(s.name);
    const auto dot = name.find('.');
    const std::string command = name.substr(0, dot);
    const std::string mode = dot == std::string::npos ? "" : name.substr(dot + 1);
    EXPECT_NE(cli::find_mode(command, mode), nullptr) << "schemas/" << name << ".schema.json";
  }
}

TEST(Schema, ListsModesAndPrintsTheDefaultModesSchema) {
  const CliResult list = run_cli({"schema"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("skipgram pairs\n"), std::string::npos);
  EXPECT_NE(list.out.find("solve\n"), std::string::npos);
  const CliResult pairs = run_cli({"schema", "skipgram", "pairs"});
  ASSERT_EQ(pairs.exit_code, 0) << pairs.err;
  EXPECT_EQ(nlohmann::json::parse(pairs.out)["title"], "hw4 skipgram pairs");
  EXPECT_EQ(run_cli({"schema", "skipgram"}).out, pairs.out);
}

TEST(Schema, UnknownCommandOrModeIsUsage) {
  const CliResult r = run_cli({"schema", "skipgram", "nope"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "hw4: error: no command \"skipgram\" with mode \"nope\" (hw4 schema lists them)\n");
}

}  // namespace
}  // namespace hw4::testing
