#include <doctest/doctest.h>

#include <string>

#include "kiln/console.hpp"
#include "template/hcl2/hcl2.hpp"

using namespace kiln;

namespace {

const char* const null_build = R"(
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
}
)";

std::string value_of(const std::string& hcl, const std::string& expression, BuildOptions options = {}) {
  Console console(hcl2::parse(hcl + null_build, "build.pkr.hcl", "/tmp"), options);
  auto r = console.evaluate(expression);
  INFO(expression);
  REQUIRE(r.ok());
  return r.text;
}

std::string problems(const std::string& hcl) {
  try {
    Console console(hcl2::parse(hcl + null_build, "build.pkr.hcl", "/tmp"), BuildOptions{});
    return {};
  } catch (const TemplateError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("data \"null\" gives its input back as output") {
  CHECK(value_of(R"(data "null" "x" { input = "chocolate" })", "data.null.x.output") == "chocolate");
  CHECK(value_of(R"(
variable "flavour" {
  default = "vanilla"
}
data "null" "x" {
  input = "${var.flavour}-swirl"
})", "data.null.x.output") == "vanilla-swirl");
}

TEST_CASE("locals and data sources are evaluated in the order their references need") {
  // Declared in the reverse of the order they can be evaluated in: a local reads a data source
  // that reads a local that reads another data source.
  std::string hcl = R"(
locals {
  scoop = "${data.null.cone.output} with marshmallows"
}
data "null" "cone" {
  input = "${local.base}-cone"
}
locals {
  base = data.null.flavour.output
}
data "null" "flavour" {
  input = "chocolate"
}
)";
  CHECK(value_of(hcl, "local.scoop") == "chocolate-cone with marshmallows");
  CHECK(value_of(hcl, "data.null.cone") == "{\n  \"output\" = \"chocolate-cone\"\n}");
}

TEST_CASE("locals are evaluated pass by pass in their order, as Packer does: problems come in that order") {
  // Pass 1 evaluates b and c (a waits for b, declared after it), pass 2 evaluates a.
  std::string p = problems(R"(
locals {
  a = "${local.b}${nope_a()}"
  b = "x"
  c = nope_c()
  d = local.a
}
)");
  size_t c = p.find("\"nope_c\""), a = p.find("\"nope_a\"");
  REQUIRE(c != std::string::npos);
  REQUIRE(a != std::string::npos);
  CHECK(c < a);
  // A cycle, and a local reading it, are each a problem; the others are evaluated.
  std::string cycle = problems(R"(
locals {
  a = local.b
  b = local.a
  c = local.a
  d = local.d
}
)");
  for (const char* name : {"local.a", "local.b", "local.c", "local.d"})
    CHECK(cycle.find(std::string(name) + " depends, directly or through others, on itself.") != std::string::npos);
  CHECK(cycle.find("local.e") == std::string::npos);
}

TEST_CASE("a long chain of locals, declared in the reverse of its order") {
  // Evaluated in one walk: pass after pass over what was left, each rebuilding every value so far,
  // was quadratic (2,000 links took 11 s).
  std::string chain = "locals {\n";
  for (int i = 0; i < 3000; ++i)
    chain += "  l" + std::to_string(i) + " = \"${local.l" + std::to_string(i + 1) + "}y\"\n";
  // `local` itself holds the locals evaluated before: here, after l0 in the last pass, all of the chain.
  chain += "  l3000 = \"x\"\n  whole = [local.l0, local][1]\n}\n";
  CHECK(value_of(chain, "local.l0") == "x" + std::string(3000, 'y'));
  CHECK(value_of(chain, "length(local.whole)") == "3001");
}

TEST_CASE("data source problems") {
  std::string cycle = problems(R"(
data "null" "gummy" {
  input = "${data.null.bear.output}"
}
data "null" "bear" {
  input = "${data.null.gummy.output}"
})");
  CHECK(cycle.find("Cycle in data sources") != std::string::npos);
  CHECK(cycle.find("data.null.gummy") != std::string::npos);
  CHECK(cycle.find("data.null.bear") != std::string::npos);

  std::string unknown = problems(R"(data "happycloud" "x" { input = "a" })");
  CHECK(unknown.find("build.pkr.hcl:1,6-18: Unknown data type happycloud; known data sources: amazon-ami, amazon-parameterstore, amazon-secretsmanager, null") !=
        std::string::npos);

  CHECK(problems(R"(data "null" "x" { input = "" })").find("The `input` must be specified") != std::string::npos);
  CHECK(problems(R"(data "null" "x" { output = "a" })").find("An argument named \"output\" is not expected here") !=
        std::string::npos);
  CHECK(problems(R"(data "null" "x" { input = ["a"] })").find("Inappropriate value for attribute \"input\"") !=
        std::string::npos);
  std::string twice = problems("data \"null\" \"x\" {\n input = \"a\"\n}\ndata \"null\" \"x\" {\n input = \"b\"\n}\n");
  CHECK(twice.find("Duplicate null \"x\" configuration") != std::string::npos);
}

TEST_CASE("a data source's output is what builds see") {
  Template t = hcl2::parse(R"(
data "null" "cmd" {
  input = "echo MARK:from-data"
}
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
  provisioner "shell-local" {
    inline = [data.null.cmd.output]
  }
}
)", "build.pkr.hcl", "/tmp");
  auto m = hcl2::materialize(t, {}, *Environment::capture(), *Registry::with_builtins(), [](const std::string&) {});
  REQUIRE(m.tmpl.provisioners.size() == 1);
  CHECK(m.tmpl.provisioners[0].config.find("inline")->items()[0].as_string() == "echo MARK:from-data");
}
