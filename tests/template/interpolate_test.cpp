#include <doctest/doctest.h>

#include <cstdlib>
#include <regex>

#include "kiln/error.hpp"
#include "kiln/interpolate.hpp"

using namespace kiln;

namespace {

struct Fixture {
  std::map<std::string, std::string> user{{"name", "Web Server"}, {"n", "2"}};
  std::vector<std::string> undefined;
  InterpContext ctx;
  Fixture() {
    auto run = std::make_shared<RunConstants>();
    run->start = std::chrono::system_clock::time_point(std::chrono::seconds(1136214245));  // 2006-01-02T15:04:05Z
    run->uuid = "u";
    ctx.run = run;
    ctx.user = &user;
    ctx.template_dir = "/tpl";
    ctx.build_name = "web";
    ctx.build_type = "null";
    ctx.data = {{"Path", "/tmp/script.sh"}, {"Vars", "A=1"}};
    ctx.build = {{"ID", "i-123"}};
    ctx.on_undefined_user = [this](const std::string& n) { undefined.push_back(n); };
  }
  std::string operator()(const std::string& text) { return interpolate(text, ctx); }
};

}  // namespace

TEST_CASE("functions render as Packer 1.6.6 renders them") {
  Fixture f;
  CHECK(f("{{user `name`}}") == "Web Server");
  CHECK(f("{{ user \"name\" }}") == "Web Server");
  CHECK(f("{{upper `abc`}}-{{lower `ABC`}}") == "ABC-abc");
  CHECK(f("{{replace `o` `0` 1 `foo boo`}}") == "f0o boo");
  CHECK(f("{{replace_all `o` `0` `foo boo`}}") == "f00 b00");
  CHECK(f("{{split `a-b-c` `-` 1}}") == "b");
  CHECK(f("{{timestamp}}") == "1136214245");
  CHECK(f("{{isotime}}") == "2006-01-02T15:04:05Z");
  CHECK(f("{{isotime `2006-01-02`}}") == "2006-01-02");
  CHECK(f("{{template_dir}}/{{build_name}}/{{build_type}}") == "/tpl/web/null");
  CHECK(f("{{packer_version}}") == "1.6.6");
  CHECK(f("{{build `ID`}}") == "i-123");
  CHECK(f("{{clean_resource_name `My Image!`}}") == "my-image-");
  CHECK(std::regex_match(f("{{uuid}}"), std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
}

TEST_CASE("data fields, pipelines, quoting and trimming") {
  Fixture f;
  CHECK(f("chmod +x {{.Path}}; {{.Vars}} {{.Path}}") == "chmod +x /tmp/script.sh; A=1 /tmp/script.sh");
  CHECK(f("{{.Missing}}") == "<no value>");
  CHECK(f("{{user `name` | lower}}") == "web server");
  CHECK(f("{{user `name` | clean_resource_name | upper}}") == "WEB-SERVER");
  CHECK(f("{{ \"a\\tb\" }}") == "a\tb");
  CHECK(f("[  {{- `x` -}}  ]") == "[x]");
  CHECK(f("no actions here") == "no actions here");
  CHECK(f("{{`}}`}}") == "}}");
}

TEST_CASE("undefined user variables expand to empty and are reported") {
  Fixture f;
  CHECK(f("[{{user `missing`}}]") == "[]");
  CHECK(f.undefined == std::vector<std::string>{"missing"});
}

TEST_CASE("errors name the problem") {
  Fixture f;
  auto message = [&](const std::string& text) {
    try {
      f(text);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("{{nope}}").find("function \"nope\" not defined") != std::string::npos);
  CHECK(message("{{vault `a` `b`}}").find("vault is not supported yet") != std::string::npos);
  CHECK(message("{{consul_key `a`}}").find("consul_key is not supported yet") != std::string::npos);
  CHECK(message("{{aws_secretsmanager `a`}}").find("not supported yet") != std::string::npos);
  CHECK(message("{{user `a`").find("unclosed action") != std::string::npos);
  CHECK(message("{{env `HOME`}}").find("env vars are not allowed here") != std::string::npos);
  CHECK(message("{{split `a` `-` 5}}").find("out of range") != std::string::npos);
  CHECK(message("{{upper}}").find("wrong number of args for upper") != std::string::npos);
}

TEST_CASE("env is allowed where the context allows it") {
  Fixture f;
  setenv("KILN_INTERP_TEST", "yes", 1);
  f.ctx.allow_env = true;
  CHECK(f("{{env `KILN_INTERP_TEST`}}") == "yes");
}

TEST_CASE("Go reference-time layouts") {
  auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000) + std::chrono::milliseconds(120));
  // 2023-11-14T22:13:20.12Z, a Tuesday
  CHECK(format_go_time(t, "2006-01-02T15:04:05Z07:00") == "2023-11-14T22:13:20Z");
  CHECK(format_go_time(t, "Mon Jan _2 15:04:05 MST 2006") == "Tue Nov 14 22:13:20 UTC 2023");
  CHECK(format_go_time(t, "Monday, January 2, 06 3:4:5 PM") == "Tuesday, November 14, 23 10:13:20 PM");
  CHECK(format_go_time(t, "15:04:05.000") == "22:13:20.120");
  CHECK(format_go_time(t, "15:04:05.999") == "22:13:20.12");
  CHECK(format_go_time(t, "20060102150405") == "20231114221320");
  CHECK(format_go_time(t, "-0700 -07:00 002") == "+0000 +00:00 318");
  CHECK(format_go_time(t, "03pm") == "10pm");
}
