#include <doctest/doctest.h>

#include <string>

#include "hcl/format.hpp"

using namespace kiln::hcl;

namespace {

struct FormatCase {
  const char* name;
  const char* input;
  const char* expected;
};

// Every expected text was recorded by running `packer fmt` (Packer 1.6.6) on the input.
const FormatCase kCases[] = {
  {"indentation follows bracket nesting",
   "a {\nb {\nc = 1\n}\n}\n",
   "a {\n  b {\n    c = 1\n  }\n}\n"},
  {"a line opening several brackets indents one level",
   "y = [[[\n1\n]]]\nz = [[\n[1]]\n]\n",
   "y = [[[\n  1\n]]]\nz = [[\n  [1]]\n]\n"},
  {"equals signs of consecutive single-line attributes align",
   "a=1\nbbb   =  \"x\"\n\ncc = 2\n",
   "a   = 1\nbbb = \"x\"\n\ncc = 2\n"},
  {"a multi-line value ends the alignment run",
   "a = 1\nbb = [\n1,\n]\nccc = 2\nd = 3\n",
   "a = 1\nbb = [\n  1,\n]\nccc = 2\nd   = 3\n"},
  {"end-of-line comments align after the assignments",
   "a = 1 # one\nbbb = \"xyz\"   // two\nc = 3\n# own line\n",
   "a   = 1     # one\nbbb = \"xyz\" // two\nc   = 3\n# own line\n"},
  {"spaces between tokens",
   "a = f( x,y... )\nb = x . y [ 0 ]\nc = (1+2)*3/4%5\nd = a ? b : c\ne = [ for x in [1,2]: x if x>1 ]\nf = {for k,v in m: k=>v...}\n",
   "a = f(x, y...)\nb = x.y[0]\nc = (1 + 2) * 3 / 4 % 5\nd = a ? b : c\ne = [for x in [1, 2] : x if x > 1]\nf = { for k, v in m : k => v... }\n"},
  {"negation and subtraction",
   "a = -1\nb = 2-1\nc = 1 - -2\nd = [ -1 , - 2 ]\ne = a == -1\nf = (a) - 1\n",
   "a = -1\nb = 2 - 1\nc = 1 - -2\nd = [-1, -2]\ne = a == -1\nf = (a) - 1\n"},
  {"bang keeps a space after it",
   "a = !b\nc = a && !d\n",
   "a = ! b\nc = a && ! d\n"},
  {"braces take inner spaces, empty ones none",
   "a = {x=1,y=\"z\"}\nb = {}\nc = [ ]\nd { e = 1 }\nf = \"${ {a=1} }\"\n",
   "a = { x = 1, y = \"z\" }\nb = {}\nc = []\nd { e = 1 }\nf = \"${ { a = 1 } }\"\n"},
  {"templates and heredocs keep their text",
   "a = \"  ${ x }  %{ if y }z%{ endif }\"\nb = \"${~x~}\"\nc = <<-EOT\n    ${ y }\n  EOT\nd = 1\n",
   "a = \"  ${x}  %{if y}z%{endif}\"\nb = \"${~x~}\"\nc = <<-EOT\n    ${y}\n  EOT\nd = 1\n"},
  {"heredoc lines stay as written",
   "x {\na = <<EOT\n  keep   this\nEOT\n}\n",
   "x {\n  a = <<EOT\n  keep   this\nEOT\n}\n"},
  {"block comments and trailing blanks",
   "/* a\n   b */\nx = 1   \n\n\n   \n",
   "/* a\n   b */\nx = 1\n\n\n\n"},
  {"no final newline",
   "a=1\nbb  =  2   ",
   "a  = 1\nbb = 2   "},
  {"carriage returns stay",
   "a=1\r\nbb = 2\r\n",
   "a  = 1\r\nbb = 2\r\n"},
  {"characters count one column each, combining marks none",
   "\xc3\xa9 = 1\nab = 2\nx = \"\xe6\x97\xa5\xe6\x9c\xac\" # c\nyy = \"e\xcc\x81" "e\" # d\nzzz = 1 # e\n",
   "\xc3\xa9   = 1\nab  = 2\nx   = \"\xe6\x97\xa5\xe6\x9c\xac\" # c\nyy  = \"e\xcc\x81" "e\" # d\nzzz = 1    # e\n"},
  {"a byte order mark opening the file goes",
   "\xef\xbb\xbf" "a=1\nbb=2\n",
   "a  = 1\nbb = 2\n"},
  {"tabs become spaces",
   "\ta\t=\t1\nbb\t= 2\t# c\n",
   "a  = 1\nbb = 2 # c\n"},
};

}  // namespace

TEST_CASE("hcl format writes what packer fmt writes") {
  for (const FormatCase& c : kCases) {
    INFO(c.name);
    Formatted out = format(c.input, "f.pkr.hcl");
    CHECK(out.diagnostics.empty());
    CHECK_EQ(out.text, c.expected);
    // Formatted text is a fixed point.
    CHECK_EQ(format(out.text, "f.pkr.hcl").text, out.text);
  }
}

TEST_CASE("hcl format refuses what does not parse, with HCL's diagnostics") {
  Formatted out = format("a = \nb {\n", "bad.pkr.hcl");
  CHECK(out.text.empty());
  REQUIRE_FALSE(out.diagnostics.empty());
  CHECK_EQ(out.diagnostics[0].subject.file, "bad.pkr.hcl");
}

TEST_CASE("hcl format of an empty file is empty") {
  Formatted out = format("", "e.pkr.hcl");
  CHECK(out.diagnostics.empty());
  CHECK_EQ(out.text, "");
}
