#include <doctest/doctest.h>

#include <cmath>

#include "runner/console_format.hpp"
#include "kiln/console.hpp"
#include "template/hcl2/hcl2.hpp"

using namespace kiln;

// Expected texts are what Packer 1.6.6's `packer console` printed for the same expressions.
TEST_CASE("values print as packer console prints them") {
  CHECK(go_format_g(1.5) == "1.5");
  CHECK(go_format_g(123456789.5) == "1.234567895e+08");
  CHECK(go_format_g(100000.5) == "100000.5");
  CHECK(go_format_g(0.00001) == "1e-05");
  CHECK(go_format_g(0.0001) == "0.0001");
  CHECK(go_format_g(1.5e300) == "1.5e+300");
  CHECK(go_format_g(1e21) == "1e+21");
  CHECK(go_format_g(INFINITY) == "+Inf");
  CHECK(go_format_g(-INFINITY) == "-Inf");

  Template t = hcl2::parse(R"(
variable "l" {
  default = ["a", "b"]
}
variable "secret" {
  default = "hunter2"
  sensitive = true
}
locals {
  m = { a = 1, b = "two" }
}
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
}
)", "build.pkr.hcl", "/tmp");
  Console console(t, BuildOptions{});
  auto text = [&](const char* line) {
    auto r = console.evaluate(line);
    INFO(line);
    REQUIRE(r.ok());
    return r.text;
  };
  CHECK(text("var.l") == "[\n  \"a\",\n  \"b\",\n]");
  CHECK(text("local.m") == "{\n  \"a\" = 1\n  \"b\" = \"two\"\n}");
  CHECK(text("{a = [1,2]}") == "{\n  \"a\" = [\n    1,\n    2,\n  ]\n}");
  CHECK(text("[null, true, \"q\\\"\\t\"]") == "[\n  null,\n  true,\n  \"q\\\"\\t\",\n]");
  CHECK(text("{}") == "{}");
  CHECK(text("[]") == "[]");
  CHECK(text("1/0") == "+Inf");
  CHECK(text("100000000000000000000") == "1e+20");
  CHECK(text("-3") == "-3");
  CHECK(text("upper(\"abc\")") == "ABC");
  CHECK(text("") == "");
  // Secrets are masked wherever they appear, as Packer's output filter does; a value derived from
  // one (HUNTER2) is not, in 1.6.6 either.
  CHECK(text("var.secret") == "<sensitive>");
  CHECK(text("\"x${var.secret}x\"") == "x<sensitive>x");
  CHECK(text("upper(var.secret)") == "HUNTER2");
  CHECK(text("[var.secret]") == "[\n  \"<sensitive>\",\n]");

  auto bad = console.evaluate("var.nope");
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0].summary == "Unsupported attribute");
  CHECK(bad.problems[0].detail == "This object does not have an attribute named \"nope\".");
  CHECK(bad.text == "");
  CHECK_FALSE(console.evaluate("1 +").ok());

  CHECK(console.variables_listing() ==
        "> input-variables:\n\nvar.l: \"[\\n  \\\"a\\\",\\n  \\\"b\\\",\\n]\"\nvar.secret: \"<sensitive>\"\n\n"
        "> local-variables:\n\nlocal.m: \"{\\n  \\\"a\\\" = 1\\n  \\\"b\\\" = \\\"two\\\"\\n}\"\n");
}

TEST_CASE("a JSON template's console interpolates with its user variables") {
  Template t = Template::parse(R"({"variables": {"x": "hello", "s": "pw"}, "sensitive-variables": ["s"],
    "builders": [{"type": "null", "communicator": "none"}]})", "t.json", "/tmp/tmpl");
  BuildOptions options;
  options.variables.add_var("x", "over");
  Console console(t, options);
  CHECK(console.evaluate("{{user `x`}}").text == "over");
  CHECK(console.evaluate("{{upper (user `x`)}} plain").text == "OVER plain");
  CHECK(console.evaluate("x{{user `s`}}x").text == "x<sensitive>x");
  CHECK(console.evaluate("{{template_dir}}").text == "/tmp/tmpl");
  auto bad = console.evaluate("{{ nosuchfunction }}");
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0].summary == "Interpolation error");
}
