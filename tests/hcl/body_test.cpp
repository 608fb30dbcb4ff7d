#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support.hpp"

using namespace kiln::hcl;

namespace {

std::vector<std::string> problems(const std::string& source) {
  ParsedFile f = parse_file(source, "b.pkr.hcl");
  std::vector<std::string> out;
  for (const Diagnostic& d : f.diagnostics) out.push_back(d.str());
  return out;
}

}  // namespace

TEST_CASE("hcl bodies: attributes and labelled blocks, nested and on one line") {
  const char* source = R"(# a template
variable "n" {
  type    = number
  default = 3
}
source "null" "x" { communicator = "none" }
build {
  sources = ["source.null.x"]
  provisioner shell-local {
    inline = [
      "echo ${var.n}",
    ]
  }
  post-processor "manifest" {}
}
)";
  ParsedFile f = parse_file(source, "b.pkr.hcl");
  CHECK(f.diagnostics.empty());
  CHECK_EQ(dump(f.body),
           "(body (block variable \"n\" (body (type number) (default 3))) "
           "(block source \"null\" \"x\" (body (communicator (template \"none\")))) "
           "(block build (body (sources (tuple (template \"source.null.x\"))) "
           "(block provisioner \"shell-local\" (body (inline (tuple (template \"echo \" (. var n)))))) "
           "(block post-processor \"manifest\" (body)))))");
  const Block& build = f.body.blocks[2];
  CHECK_EQ(build.range.str(), "b.pkr.hcl:7,1-15,2");
  CHECK_EQ(build.type_range.str(), "b.pkr.hcl:7,1-6");
  CHECK_EQ(build.body.attributes[0].name_range.str(), "b.pkr.hcl:8,3-10");
  CHECK_EQ(build.body.attributes[0].range.str(), "b.pkr.hcl:8,3-30");
  CHECK_EQ(f.body.blocks[1].label_ranges[1].str(), "b.pkr.hcl:6,15-18");
}

TEST_CASE("hcl body problems are all reported, each at its place") {
  CHECK_EQ(problems("a = 1\nb = 2\na = 3\n"),
           std::vector<std::string>{"b.pkr.hcl:3,1-2: Attribute redefined; The argument \"a\" was already set at "
                                    "b.pkr.hcl:1,1-2. Each argument may be set only once."});
  CHECK_EQ(problems("a = 1 2\nb = [\nc = )\nok = 1\n= 4\nblk \"x\" = {\n}\nz = 1"),
           std::vector<std::string>{
               "b.pkr.hcl:1,7-8: Missing newline after argument; An argument definition must end with a newline.",
               "b.pkr.hcl:3,3-4: Missing item separator; Expected a comma to mark the beginning of the next item.",
               "b.pkr.hcl:5,1-2: Argument or block definition required; An argument or block definition is required "
               "here.",
               "b.pkr.hcl:6,9-10: Invalid block definition; Either a quoted string block label or an opening brace "
               "(\"{\") is expected here.",
           });
  CHECK_EQ(problems("a { b = 1\n}\nc { d {} }\ne { f = 1 g = 2 }\nh {}\ni = 1 }\nj {\n} k\n"),
           std::vector<std::string>{
               "b.pkr.hcl:1,10-2,1: Invalid single-argument block definition; A single-line block definition must "
               "end with a closing brace immediately after its single argument definition.",
               "b.pkr.hcl:3,7-8: Invalid single-argument block definition; A single-line block definition can contain "
               "only a single argument. To define a nested block, place it on a line of its own within its parent "
               "block.",
               "b.pkr.hcl:4,11-12: Invalid single-argument block definition; A single-line block definition must end "
               "with a closing brace immediately after its single argument definition.",
               "b.pkr.hcl:6,7-8: Missing newline after argument; An argument definition must end with a newline.",
               "b.pkr.hcl:8,3-4: Missing newline after block definition; A block definition must end with a newline.",
           });
  ParsedFile f = parse_file("a = 1 2\nok = 1\nz = 1", "b.pkr.hcl");
  CHECK_EQ(dump(f.body), "(body (ok 1) (z 1))");
}

TEST_CASE("hcl unclosed blocks and strings name where they opened, and parsing goes on") {
  CHECK_EQ(problems("build {\n  a = \"x\n  b = 1\n"),
           std::vector<std::string>{
               "b.pkr.hcl:1,7-8: Unclosed configuration block; There is no closing brace for the block that starts "
               "at b.pkr.hcl:1,7 before the end of the file. This may be caused by incorrect brace nesting elsewhere "
               "in this file.",
               "b.pkr.hcl:2,7-8: Unterminated template string; No closing marker was found for the string that "
               "starts at b.pkr.hcl:2,7.",
           });
  ParsedFile f = parse_file("build {\n  a = \"x\n  b = 1\n", "b.pkr.hcl");
  CHECK_EQ(dump(f.body), "(body (block build (body (a (template \"x\")) (b 1))))");
  CHECK_EQ(problems("x {\n}\n}\ny = \"abc\n"),
           std::vector<std::string>{
               "b.pkr.hcl:3,1-2: Argument or block definition required; An argument or block definition is required "
               "here; this closing brace has no opening one.",
               "b.pkr.hcl:4,5-6: Unterminated template string; No closing marker was found for the string that "
               "starts at b.pkr.hcl:4,5.",
           });
  CHECK_EQ(problems("x \"a${b}\" {}\n"),
           std::vector<std::string>{
               "b.pkr.hcl:1,3-10: Invalid string literal; Template sequences are not allowed in this string. To "
               "include a literal \"$\", double it (as \"$$\") to escape it."});
}
