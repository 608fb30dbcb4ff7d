// yamlencode and yamldecode; the outputs below are what Packer 1.6.6 gives for the same calls.
#include "functions_support.hpp"

namespace kiln::hcl::test {

TEST_CASE("yamlencode") {
  check_cases({
      {R"(yamlencode({"a" = "b", "c" = ["d", 1, true, null]}))", R"("\"a\": \"b\"\n\"c\":\n- \"d\"\n- 1\n- true\n- null\n")"},
      {R"(yamlencode({foo = [1, {a = "b", c = "d"}, 3], bar = "baz"}))",
       R"("\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n")"},
      {R"(yamlencode({a = {b = {c = "x"}}, e = [], f = {}}))", R"("\"a\":\n  \"b\":\n    \"c\": \"x\"\n\"e\": []\n\"f\": {}\n")"},
      {R"(yamlencode(["multi\nline", "trail\n", "", "yes", "1.5", "with: colon", "#x", " lead", "tab\tx", "'q'"]))",
       R"("- |-\n  multi\n  line\n- |\n  trail\n- \"\"\n- \"yes\"\n- \"1.5\"\n- \"with: colon\"\n- \"#x\"\n- \" lead\"\n- \"tab\\tx\"\n- \"'q'\"\n")"},
      {R"(yamlencode("plain"))", R"("\"plain\"\n")"},
      {R"(yamlencode(12.5))", R"("12.5\n...\n")"},
      {R"(yamlencode([[1, 2], [[3]]]))", R"("- - 1\n  - 2\n- - - 3\n")"},
      {R"(yamlencode({"key with space" = 1, "1" = 2, "true" = 3}))", R"("\"1\": 2\n\"key with space\": 1\n\"true\": 3\n")"},
  });
}

TEST_CASE("yamldecode") {
  check_cases({
      {R"(yamldecode("a: 1\nb: [x, y]\nc:\n  d: true\n  e: null\n"))", R"({a = 1, b = ["x", true], c = {d = true, e = null(any)}})"},
      {R"(yamldecode("- a\n- 'b'\n- \"c\\n\"\n- 1.5\n- ~\n"))", R"(["a", "b", "c\n", 1.5, null(any)])"},
      {R"(yamldecode("text: |\n  line1\n  line2\nfolded: >\n  a\n  b\n"))", R"({folded = "a b\n", text = "line1\nline2\n"})"},
      {R"(yamldecode("keep: |+\n  x\n\nstrip: |-\n  y\n"))", R"({keep = "x\n\n", strip = "y"})"},
      {R"(yamldecode("{a: 1, b: [2, 3]}"))", "{a = 1, b = [2, 3]}"},
      {R"(yamldecode("hello"))", R"("hello")"},
      {R"(yamldecode("a: yes\nb: no\nc: on\nd: 0x10\ne: 1e3\nf: .5"))", R"({a = true, b = false, c = true, d = "0x10", e = 1000, f = 0.5})"},
      {R"(yamldecode("---\nlist:\n- a: 1\n  b: 2\n- - x\n  - z\n# comment\nurl: http://x#y # note\n"))",
       R"({list = [{a = 1, b = 2}, ["x", "z"]], url = "http://x#y"})"},
      {R"(yamldecode(yamlencode({a = ["x\ny", {b = "c"}]})))", R"({a = ["x\ny", {b = "c"}]})"},
      {R"(yamldecode(""))", "error: missing start of document"},
      {R"(yamldecode("a: 1\na: 2"))", R"(error: mapping key "a" already defined)"},
      {R"(yamldecode("a: &x 1"))", "error: is not supported by kiln's YAML reader"},
      {R"(yamldecode("a: [1, 2"))", "error: did not find expected ']'"},
      {R"(yamldecode("a: \"open"))", "error: found unexpected end of stream while scanning a quoted scalar"},
      {"yamldecode(\"" + std::string(5000, '[') + std::string(5000, ']') + "\")", "error: exceeded max depth of 1000"},
      {R"(yamldecode(join("", [for i in range(1024) : "- "])))", "error: exceeded max depth of 1000"},
  });
}

}  // namespace kiln::hcl::test
