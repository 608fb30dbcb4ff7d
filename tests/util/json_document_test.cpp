#include <doctest/doctest.h>

#include <string>

#include "docker/engine.hpp"
#include "kiln/error.hpp"
#include "kiln/value.hpp"
#include "util/json_document.hpp"

using namespace kiln;

namespace {

std::string nested(size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

}  // namespace

TEST_CASE("parse_document reads JSON up to kMaxJsonNesting levels and refuses deeper or broken text") {
  rapidjson::Document doc;
  REQUIRE(parse_document(doc, R"({"Id": "abc", "n": [1, 2]})"));
  CHECK(std::string(doc["Id"].GetString()) == "abc");
  CHECK(parse_document(doc, nested(kMaxJsonNesting)));
  CHECK_FALSE(parse_document(doc, nested(kMaxJsonNesting + 1)));
  CHECK(doc.IsNull());
  CHECK_FALSE(parse_document(doc, nested(300000)));  // neither the parse nor a walk recurses
  CHECK_FALSE(parse_document(doc, "{\"a\": "));
  CHECK_FALSE(parse_document(doc, "{} trailing"));
}

TEST_CASE("a Docker engine answer without the expected string is a RemoteError, not an assertion") {
  CHECK(docker::response_string(docker::Response{201, R"({"Id": "c0ffee"})"}, "Id") == "c0ffee");
  for (const char* body : {"", "not json", "[]", R"({"Id": 5})", R"({"id": "x"})"})
    CHECK_THROWS_AS(docker::response_string(docker::Response{201, body}, "Id"), RemoteError);
  CHECK_THROWS_AS(docker::response_string(docker::Response{201, "{\"Id\": " + nested(300000) + "}"}, "Id"), RemoteError);
}
