#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "kiln/template.hpp"

using namespace kiln;

namespace {

std::string write_temp(const std::string& text) {
  char name[] = "/tmp/kiln-vars-XXXXXX";
  int fd = mkstemp(name);
  REQUIRE(fd >= 0);
  std::ofstream(name) << text;
  close(fd);
  return name;
}

const Template kTemplate = Template::parse(R"({
  "variables": {"a": "default-a", "b": "default-b", "c": "{{user `a`}}-c", "home": "{{env `KILN_TEST_HOME`}}"},
  "builders": [{"type": "null"}]})", "t.json");

// {{env}} reads the run's snapshot, not the process environment.
const EnvironmentPtr kEnv = std::make_shared<const Environment>(
    std::map<std::string, std::string, std::less<>>{{"KILN_TEST_HOME", "/home/k"}});

}  // namespace

TEST_CASE("precedence: defaults, then -var-file files, then -var wherever it stood (Packer 1.6.6)") {
  std::string file = write_temp(R"({"a": "file-a", "b": "file-b"})");
  VariableInput in;
  in.add_var("b", "cli-b");
  in.add_file(file);
  in.add_var("a", "cli-a1");
  in.add_var("a", "cli-a2");
  auto vars = resolve_variables(kTemplate, in, kEnv);
  CHECK(vars.at("a") == "cli-a2");   // last -var wins
  CHECK(vars.at("b") == "cli-b");    // -var wins over a file given after it
  CHECK(vars.at("c") == "cli-a2-c"); // defaults see the final values of others
  CHECK(vars.at("home") == "/home/k");
  std::remove(file.c_str());
}

TEST_CASE("defaults only") {
  auto vars = resolve_variables(kTemplate, {}, kEnv);
  CHECK(vars.at("a") == "default-a");
  CHECK(vars.at("c") == "default-a-c");
}

TEST_CASE("every missing required variable is listed at once") {
  Template t = Template::parse(R"({"variables": {"x": null, "y": null, "z": "ok"}, "builders": [{"type": "null"}]})", "t.json");
  try {
    resolve_variables(t, {}, kEnv);
    FAIL("expected an error");
  } catch (const TemplateError& e) {
    REQUIRE(e.problems().size() == 2);
    CHECK(std::string(e.what()).find("required variable not set: x") != std::string::npos);
    CHECK(std::string(e.what()).find("required variable not set: y") != std::string::npos);
  }
  VariableInput in;
  in.add_var("x", "1");
  in.add_var("y", "2");
  CHECK(resolve_variables(t, in, kEnv).at("y") == "2");
}

TEST_CASE("null in a variables file is the empty string, and overrides an earlier file") {
  Template t = Template::parse(R"({"variables": {"need": null, "a": "x"}, "builders": [{"type": "null"}]})", "t.json");
  std::string first = write_temp(R"({"a": "first"})");
  std::string second = write_temp(R"({"need": null, "a": null})");
  VariableInput in;
  in.add_file(first);
  in.add_file(second);
  auto vars = resolve_variables(t, in, kEnv);
  CHECK(vars.at("need").empty());  // a required variable given as null is set, to ""
  CHECK(vars.at("a").empty());
  std::remove(first.c_str());
  std::remove(second.c_str());
}

TEST_CASE("a variables file must hold strings") {
  std::string file = write_temp(R"({"a": 5})");
  VariableInput in;
  in.add_file(file);
  CHECK_THROWS_AS(resolve_variables(kTemplate, in, kEnv), TemplateError);
  std::remove(file.c_str());
  VariableInput missing;
  missing.add_file("/nonexistent/vars.json");
  CHECK_THROWS_AS(resolve_variables(kTemplate, missing, kEnv), Error);
}

TEST_CASE("defaults reading other defaults settle in any order; what is left refers to itself in a cycle") {
  // c reads e only once d is known: what a default waits for can change as others settle.
  Template t = Template::parse(R"({"variables": {
    "a": "{{user `b`}}{{user `c`}}", "b": "{{user `c`}}x", "c": "{{if user `d`}}{{user `e`}}{{end}}",
    "d": "yes", "e": "E", "p": "{{user `q`}}", "q": "{{user `p`}}", "r": "{{user `p`}}-r", "s": "{{user `a`}}"},
    "builders": [{"type": "null"}]})", "t.json");
  try {
    resolve_variables(t, {}, kEnv);
    FAIL("expected an error");
  } catch (const TemplateError& e) {
    std::vector<std::string> names;
    for (const auto& p : e.problems()) {
      CHECK(p.message == "variable defaults refer to each other in a cycle");
      names.push_back(p.path);
    }
    CHECK(names == std::vector<std::string>{"variables.p", "variables.q", "variables.r"});
  }
  VariableInput in;
  in.add_var("p", "P");
  auto vars = resolve_variables(t, in, kEnv);
  CHECK(vars.at("a") == "ExE");
  CHECK(vars.at("s") == "ExE");
  CHECK(vars.at("q") == "P");
  CHECK(vars.at("r") == "P-r");
}

TEST_CASE("a default that stops reading one it waited for settles once, whatever that one does later") {
  // f first waits for y and z (z is unknown yet, so the else branch reads y); once z is known, f takes
  // the other branch and settles while y is still pending; y settling later must leave f alone.
  Template t = Template::parse(R"({"variables": {
    "e": "E", "f": "{{if user `z`}}{{user `e`}}{{else}}{{user `y`}}{{end}}", "y": "{{user `zz`}}Y",
    "z": "{{user `e`}}", "zz": "ZZ"}, "builders": [{"type": "null"}]})", "t.json");
  auto vars = resolve_variables(t, {}, kEnv);
  CHECK(vars.at("f") == "E");
  CHECK(vars.at("y") == "ZZY");
}

TEST_CASE("a long chain of defaults, each reading the next") {
  // Rendered again only when what they wait for settles: pass after pass of every default left
  // took 19 s for 2,000 links.
  std::string variables;
  for (int i = 0; i < 3000; ++i)
    variables += "\"v" + std::to_string(i) + "\": \"{{user `v" + std::to_string(i + 1) + "`}}x\", ";
  Template t = Template::parse(
      "{\"variables\": {" + variables + "\"v3000\": \"end\"}, \"builders\": [{\"type\": \"null\"}]}", "t.json");
  auto vars = resolve_variables(t, {}, kEnv);
  CHECK(vars.at("v0") == "end" + std::string(3000, 'x'));
  CHECK(vars.at("v2999") == "endx");
}
