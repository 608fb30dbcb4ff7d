#include <doctest/doctest.h>

#include "kiln/value.hpp"

using namespace kiln;

TEST_CASE("every value carries its line and column") {
  auto out = parse_json("{\n  \"a\": [1, \"x\\\"y\"],\n  \"b\": {\"c\": true}\n}", "t.json");
  const Value& root = out.value;
  REQUIRE(root.is_object());
  CHECK(root.pos().line == 1);
  const Value* a = root.find("a");
  REQUIRE(a);
  CHECK(a->pos().line == 2);
  CHECK(a->pos().column == 8);
  CHECK(a->items()[0].pos().column == 9);
  CHECK(a->items()[1].as_string() == "x\"y");
  CHECK(a->items()[1].pos().column == 12);
  CHECK(root.key_pos(1).line == 3);
  CHECK(root.key_pos(1).column == 3);
  CHECK(root.find("b")->find("c")->pos().str() == "t.json:3:14");
  CHECK_FALSE(out.comments);
  CHECK_FALSE(out.trailing_commas);
}

TEST_CASE("comments and trailing commas parse and are reported") {
  auto comments = parse_json("{\n // note\n \"a\": 1 /* x */\n}", "t.json");
  CHECK(comments.comments);
  CHECK_FALSE(comments.trailing_commas);
  CHECK(comments.value.find("a")->as_int() == 1);
  auto commas = parse_json("{\"a\": [1, 2,],}", "t.json");
  CHECK(commas.trailing_commas);
  CHECK_FALSE(commas.comments);
  CHECK(commas.value.find("a")->size() == 2);
}

TEST_CASE("strict mode rejects comments") {
  CHECK_THROWS_AS(parse_json("{// x\n}", "t.json", ParseOptions{false}), TemplateError);
}

TEST_CASE("malformed JSON names file, line and column") {
  try {
    parse_json("{\n  \"a\": 1\n  \"b\": 2\n}", "bad.json");
    FAIL("expected an error");
  } catch (const TemplateError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].pos.str() == "bad.json:3:3");
  }
}

TEST_CASE("duplicate keys are errors at the second key") {
  try {
    parse_json("{\"a\": 1,\n \"a\": 2}", "dup.json");
    FAIL("expected an error");
  } catch (const TemplateError& e) {
    CHECK(std::string(e.what()).find("dup.json:2:2: duplicate key \"a\"") != std::string::npos);
  }
}

TEST_CASE("text after the document is rejected") {
  CHECK_THROWS_AS(parse_json("{} {}", "t.json"), TemplateError);
}

TEST_CASE("to_json round-trips") {
  auto v = parse_json(R"({"a":[1,2.5,"s",null,true],"b":{}})", "t").value;
  CHECK(v.to_json() == R"({"a":[1,2.5,"s",null,true],"b":{}})");
}
