#include <doctest/doctest.h>

#include "kiln/config.hpp"

using namespace kiln;

namespace {

const Schema kSchema{{
    {"instance_type", FieldType::String, true, "EC2 instance type"},
    {"count", FieldType::Int},
    {"enabled", FieldType::Bool},
    {"inline", FieldType::StringList},
    {"tags", FieldType::StringMap},
    {"wait", FieldType::Duration},
    {"execute_command", FieldType::String, false, "", true},
}};

Config decode(const std::string& json, Problems& problems) {
  std::map<std::string, std::string> user{{"n", "7"}, {"who", "kiln"}};
  InterpContext ctx;
  ctx.run = make_run_constants();
  ctx.user = &user;
  return decode_config(parse_json(json, "t.json").value, kSchema, ctx, "builders[0]", problems);
}

}  // namespace

TEST_CASE("weakly typed values convert as Packer's decoder does") {
  Problems problems;
  Config c = decode(R"({"instance_type": 5, "count": "{{user `n`}}", "enabled": "true", "inline": "echo hi",
                        "tags": {"a": 1}, "wait": "1m30s", "execute_command": "{{.Vars}} {{user `who`}}"})",
                    problems);
  CHECK(problems.empty());
  CHECK(c.str("instance_type") == "5");
  CHECK(c.integer("count") == 7);
  CHECK(c.boolean("enabled"));
  CHECK(c.strings("inline") == std::vector<std::string>{"echo hi"});
  CHECK(c.string_map("tags").at("a") == "1");
  CHECK(c.duration("wait") == std::chrono::seconds(90));
  CHECK(c.str("execute_command") == "{{.Vars}} {{user `who`}}");  // late: left for the plugin
}

TEST_CASE("a string given for a list is split at commas, and the empty string is no list (Packer's decode hook)") {
  Problems problems;
  Config c = decode(R"({"instance_type": true, "inline": "a,b, c", "tags": {"on": false}})", problems);
  CHECK(problems.empty());
  CHECK(c.strings("inline") == std::vector<std::string>{"a", "b", " c"});
  CHECK(c.str("instance_type") == "1");  // weak decoding writes a bool as 1 or 0
  CHECK(c.string_map("tags").at("on") == "0");
  Config empty = decode(R"({"instance_type": "x", "inline": "{{user `missing`}}"})", problems);
  CHECK(problems.empty());
  REQUIRE(empty.has("inline"));
  CHECK(empty.strings("inline").empty());
}

TEST_CASE("unknown keys, type errors and missing required keys are all reported together") {
  Problems problems;
  decode("{\n\"instnce_type\": \"t2\",\n\"count\": \"many\",\n\"inline\": [{}]\n}", problems);
  REQUIRE(problems.list().size() == 4);
  std::string all;
  for (const auto& p : problems.list()) all += p.str() + "\n";
  CHECK(all.find("t.json:2:1: builders[0]: unknown key \"instnce_type\" (did you mean \"instance_type\"?)") != std::string::npos);
  CHECK(all.find("t.json:3:10: builders[0].count: cannot parse \"many\" as an integer") != std::string::npos);
  CHECK(all.find("builders[0].inline[0]: expected a string, got object") != std::string::npos);
  CHECK(all.find("missing required key \"instance_type\"") != std::string::npos);
}

TEST_CASE("a deprecated key is refused with the advice to run kiln fix, not a did-you-mean") {
  Schema schema = kSchema;
  schema.deprecated = {"instance_typ"};
  Problems problems;
  decode_config(parse_json(R"({"instance_type": "x", "instance_typ": "y", "instance_tpe": "z"})", "t.json").value,
                schema, InterpContext{make_run_constants()}, "builders[0]", problems);
  REQUIRE(problems.list().size() == 2);
  CHECK(problems.list()[0].str() ==
        "t.json:1:24: builders[0]: deprecated key \"instance_typ\" (`kiln fix` rewrites it in a JSON template)");
  CHECK(problems.list()[1].str().find("unknown key \"instance_tpe\" (did you mean") != std::string::npos);
}

TEST_CASE("ignored keys are accepted and dropped") {
  Problems problems;
  Config c = decode_config(parse_json(R"({"instance_type": "x", "only": ["a"]})", "t").value, kSchema,
                           InterpContext{make_run_constants()}, "p", problems, {"only"});
  CHECK(problems.empty());
  CHECK_FALSE(c.has("only"));
}

TEST_CASE("Go durations") {
  using namespace std::chrono;
  CHECK(parse_go_duration("5s") == seconds(5));
  CHECK(parse_go_duration("1h2m3.5s") == milliseconds(3723500));
  CHECK(parse_go_duration("300ms") == milliseconds(300));
  CHECK(parse_go_duration("1ns") == nanoseconds(1));
  CHECK(parse_go_duration("-2m") == -minutes(2));
  CHECK(parse_go_duration("0") == nanoseconds(0));
  CHECK_THROWS_AS(parse_go_duration("5"), Error);
  CHECK_THROWS_AS(parse_go_duration("abc"), Error);
  CHECK_THROWS_AS(parse_go_duration("5x"), Error);
  // Go's time.ParseDuration (util/go_duration, shared with HCL2's timeadd and boot_command): a fraction of
  // a nanosecond is dropped, not rounded; the errors say which part is wrong.
  CHECK(parse_go_duration("1.9ns") == nanoseconds(1));
  CHECK(parse_go_duration(".5us") == nanoseconds(500));
  auto message = [](const char* text) {
    try {
      parse_go_duration(text);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("5") == "invalid duration \"5\": missing unit");
  CHECK(message("5x") == "invalid duration \"5x\": unknown unit \"x\"");
  CHECK(message("abc") == "invalid duration \"abc\"");
  CHECK(message("9999999999h") == "invalid duration \"9999999999h\"");
}

TEST_CASE("did_you_mean picks a close candidate only") {
  CHECK(did_you_mean("instnce_type", {"instance_type", "ami_name"}) == "instance_type");
  CHECK(did_you_mean("zzzzzz", {"instance_type", "ami_name"}).empty());
}
