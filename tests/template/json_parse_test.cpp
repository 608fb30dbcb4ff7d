#include <doctest/doctest.h>

#include <fmt/format.h>

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

namespace {

std::string nested(size_t levels, const std::string& inner = "1") {
  return std::string(levels, '[') + inner + std::string(levels, ']');
}

}  // namespace

TEST_CASE("nesting up to kMaxJsonNesting levels parses; one more is refused at its bracket, naming the key path") {
  auto ok = parse_json("{\"a\": " + nested(kMaxJsonNesting - 1) + "}", "t.json");
  const Value* v = ok.value.find("a");
  for (size_t level = 2; level < kMaxJsonNesting; ++level) v = &v->items()[0];
  CHECK(v->items()[0].as_int() == 1);
  try {
    parse_json("{\"a\": " + nested(kMaxJsonNesting) + "}", "t.json");
    FAIL("expected a TemplateError");
  } catch (const TemplateError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].pos.str() == fmt::format("t.json:1:{}", 7 + kMaxJsonNesting - 1));
    CHECK(e.problems()[0].path == "a[0][0][0][0][0][0]…");
    CHECK(e.problems()[0].message == "nesting deeper than 512 levels");
  }
}

TEST_CASE("300,000 levels of arrays or objects are an error, not a stack overflow") {
  std::string objects;
  for (int i = 0; i < 300000; ++i) objects += "{\"k\": ";
  objects += "1" + std::string(300000, '}');
  for (const std::string& text : {nested(300000), objects, "{\"variables\": {\"v\": " + nested(300000) + "}}"}) {
    try {
      parse_json(text, "deep.json");
      FAIL("expected a TemplateError");
    } catch (const TemplateError& e) {
      CHECK(std::string(e.what()).find("nesting deeper than 512 levels") != std::string::npos);
    }
  }
  CHECK_THROWS_WITH(parse_json("{\"variables\": {\"v\": " + nested(300000) + "}}", "deep.json"),
                    "deep.json:1:531: variables.v[0][0][0][0][0]…: nesting deeper than 512 levels");
}

TEST_CASE("short paths are named whole") {
  std::string text = "{\"x\": [{\"y\": " + nested(kMaxJsonNesting) + "}]}";
  try {
    parse_json(text, "t.json");
    FAIL("expected a TemplateError");
  } catch (const TemplateError& e) {
    CHECK(e.problems()[0].path.starts_with("x[0].y[0][0][0][0]"));
  }
  std::string shallow = std::string(kMaxJsonNesting + 1, '[') + std::string(kMaxJsonNesting + 1, ']');
  CHECK_THROWS_WITH(parse_json(shallow, "t.json"), doctest::Contains("t.json:1:513: [0][0][0][0][0][0][0]…: nesting"));
}
