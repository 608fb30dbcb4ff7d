#include <doctest/doctest.h>

#include "kiln/template.hpp"

using namespace kiln;

namespace {

std::string error_of(const std::string& json) {
  try {
    Template::parse(json, "t.json");
  } catch (const TemplateError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a full template parses into its parts") {
  Template t = Template::parse(R"({
    "_comment": "ignored",
    "description": "d",
    "variables": {"a": "1", "req": null, "n": 5},
    "sensitive-variables": ["a"],
    "builders": [{"type": "null", "communicator": "none"}, {"type": "file", "name": "f", "target": "x"}],
    "provisioners": [{"type": "shell-local", "inline": ["x"], "only": ["f"], "pause_before": "2s",
                      "max_retries": 3, "timeout": "1m", "override": {"f": {"inline": ["y"]}}}],
    "post-processors": ["compress", [{"type": "manifest", "keep_input_artifact": true, "name": "m"}, "checksum"]],
    "error-cleanup-provisioner": {"type": "shell-local", "inline": ["z"]}
  })", "t.json");
  CHECK(t.description == "d");
  REQUIRE(t.variables.size() == 3);
  CHECK(t.variable("a")->sensitive);
  CHECK_FALSE(t.variable("req")->default_value);
  CHECK(*t.variable("n")->default_value == "5");
  REQUIRE(t.builders.size() == 2);
  CHECK(t.builders[0].name == "null");
  CHECK(t.builders[1].name == "f");
  CHECK_FALSE(t.builders[1].config.find("name"));
  const PluginBlock& p = t.provisioners.at(0);
  CHECK(p.only == std::vector<std::string>{"f"});
  CHECK(p.pause_before == std::chrono::seconds(2));
  CHECK(p.max_retries == 3);
  CHECK(p.timeout == std::chrono::minutes(1));
  CHECK(p.override_.find("f"));
  CHECK_FALSE(p.config.find("only"));
  CHECK(p.applies_to("f", 1));
  CHECK_FALSE(p.applies_to("null", 0));
  REQUIRE(t.post_processors.size() == 2);
  CHECK(t.post_processors[0][0].type == "compress");
  CHECK(t.post_processors[1][0].name == "m");
  CHECK(*t.post_processors[1][0].keep_input_artifact);
  REQUIRE(t.error_cleanup_provisioners.size() == 1);
  CHECK(t.error_cleanup_provisioners[0].type == "shell-local");
}

TEST_CASE("syntax errors name the place and the key") {
  CHECK(error_of(R"({"builders": [{"type": "null"}], "fruit": 1})").find("unknown root level key \"fruit\"") != std::string::npos);
  CHECK(error_of(R"({"bulders": []})").find("(did you mean \"builders\"?)") != std::string::npos);
  CHECK(error_of("{\n\"builders\": [{\"foo\": 1}]}").find("t.json:2:14: builders[0]: builder is missing \"type\"") != std::string::npos);
  CHECK(error_of(R"({"builders": [{"type": "null"}, {"type": "null"}]})").find("a builder named \"null\" already exists") != std::string::npos);
  CHECK(error_of(R"({"provisioners": "not an array"})").find("provisioners: expected a list") != std::string::npos);
  CHECK(error_of(R"({"post-processors": [[1]]})").find("post-processors[0][0]") != std::string::npos);
  CHECK(error_of(R"({"post-processors": [{"keep_input_artifact": true}]})").find("missing \"type\"") != std::string::npos);
  CHECK(error_of(R"({"provisioners": [{"type": "x", "timeout": "soon"}]})").find("invalid duration") != std::string::npos);
}

TEST_CASE("several problems are reported at once") {
  std::string e = error_of(R"({"fruit": 1, "builders": [{"foo": 1}]})");
  CHECK(e.find("fruit") != std::string::npos);
  CHECK(e.find("missing \"type\"") != std::string::npos);
}

TEST_CASE("comments are accepted with a warning") {
  Template t = Template::parse("{\n// a comment\n\"builders\": [{\"type\": \"null\"}]}", "t.json");
  REQUIRE(t.warnings.size() == 1);
  CHECK(t.warnings[0].message.find("Packer rejects") != std::string::npos);
  CHECK_FALSE(t.has_trailing_commas);
}

TEST_CASE("max_retries out of int's range is an error at its position, never an exception escaping") {
  auto with = [](const std::string& retries) {
    return R"({"builders": [{"type": "null"}], "provisioners": [{"type": "shell-local", "max_retries": )" + retries + "}]}";
  };
  for (const char* bad : {"\"99999999999\"", "1e300", "-1e300", "\"12x\""})
    CHECK(error_of(with(bad)) == "t.json:1:90: provisioners[0].max_retries: expected an integer");
  CHECK(Template::parse(with("\"2147483647\""), "t.json").provisioners[0].max_retries == 2147483647);
  CHECK(Template::parse(with("7"), "t.json").provisioners[0].max_retries == 7);
}

TEST_CASE("numbers beyond int64 read as saturated integers, not undefined conversions") {
  Value big = parse_json("[1e300, -1e300, 18446744073709551615]", "t.json").value;
  CHECK(big.items()[0].as_int() == INT64_MAX);
  CHECK(big.items()[1].as_int() == INT64_MIN);
  CHECK(big.items()[2].as_int() == INT64_MAX);
}
