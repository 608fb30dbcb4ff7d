// regex, regexall and regex_replace: Go's RE2 syntax on std::regex, and cty's result shapes.
#include "functions_support.hpp"

namespace kiln::hcl::test {

TEST_CASE("regex") {
  check_cases({
      {R"~(regex("[a-z]+", "53453453.345345aaabbbccc23454"))~", R"("aaabbbccc")"},
      {R"~(regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01"))~", R"(["2019", "02", "01"])"},
      {R"~(regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/"))~",
       R"({authority = "terraform.io", scheme = "https"})"},
      {R"~(regex("(?<year>\\d+)", "in 2019"))~", R"({year = "2019"})"},
      {R"~(regex("(a)|(b)", "b"))~", R"([null(string), "b"])"},
      {R"~(regex("(?i)HELLO", "say hello"))~", R"("hello")"},
      {R"~(regex("(?s)a.b", "a\nb"))~", R"("a\nb")"},
      {R"~(regex("a.b", "a\nb"))~", "error: pattern did not match any part of the given string"},
      {R"~(regex("a.c", "a☃c"))~", R"("a☃c")"},
      {R"~(regex("[]a]+", "x]a]"))~", R"("]a]")"},
      {R"~(regex("\\Qa.b\\E", "xa.b"))~", R"("a.b")"},
      {R"~(regex("\\x{2603}+", "x☃☃"))~", R"("☃☃")"},
      {R"~(regex("[[:digit:]]+", "ab12"))~", R"("12")"},
      {R"~(regex("\\Aab", "ab"))~", R"("ab")"},
      {R"~(regex("<.+?>", "<a><b>"))~", R"("<a>")"},
      {R"~(regex("<.+>", "<a><b>"))~", R"("<a><b>")"},
      {R"~(regex("(a|ab)(c|bcd)", "abcd"))~", R"(["a", "bcd"])"},
      {R"~(regex("(a*)+", "b"))~", R"([""])"},
      // A long text does not exhaust the stack (std::regex's default matcher recurses per character).
      {R"~(length(regex("(?:a|b)*", replace(format("%100000s", ""), " ", "ab"))))~", "200000"},
      {R"~(regex("[a-z]+", "123"))~", "error: pattern did not match any part of the given string"},
      {R"~(regex("(a)(?P<x>b)", "ab"))~", "error: invalid regexp pattern: cannot mix both named and unnamed capture groups"},
      {R"~(regex("(", "x"))~", "error: invalid regexp pattern"},
      {R"~(regex("(?=a)", "a"))~", "error: invalid or unsupported Perl syntax"},
      {R"~(regex("\\pL", "x"))~", "error: is not supported by kiln"},
      {R"~(regex("a(?i)b", "aB"))~", "error: a flag group after the start of the pattern is not supported by kiln"},
  });
}

TEST_CASE("regexall") {
  check_cases({
      {R"~(regexall("[a-z]+", "1234abcd5678efgh9"))~", R"(list["abcd", "efgh"])"},
      {R"~(length(regexall("[a-z]+", "1234abcd5678efgh9")))~", "2"},
      {R"~(length(regexall("[a-z]+", "123456789")) > 0)~", "false"},
      {R"~(regexall("[a-z]+", "123"))~", "list[]"},
      // As Go: an empty match right after the previous match is skipped.
      {R"~(regexall("a*", "baaab"))~", R"(list["", "aaa", ""])"},
      {R"~(regexall("(\\w)=(\\d)", "a=1 b=2"))~", R"(list[["a", "1"], ["b", "2"]])"},
      {R"~(regexall("(?P<k>\\w)=(?P<v>\\d)", "a=1"))~", R"(list[{k = "a", v = "1"}])"},
      {R"~(regexall("^x", "xx"))~", R"(list["x"])"},
  });
}

TEST_CASE("regex_replace") {
  check_cases({
      {R"~(regex_replace("aa11bb22", "[0-9]", "#"))~", R"("aa##bb##")"},
      {R"~(regex_replace("hello world", "(\\w+) (\\w+)", "$2 $1"))~", R"("world hello")"},
      {R"~(regex_replace("abc", "(?P<x>b)", "[$${x}]"))~", R"("a[b]c")"},
      {R"~(regex_replace("abc", "(?P<x>b)", "[$x]"))~", R"("a[b]c")"},
      // $1x names a group "1x", which does not exist: it expands to nothing, as in Go.
      {R"~(regex_replace("abc", "(b)", "$1x"))~", R"("ac")"},
      {R"~(regex_replace("abc", "b", "$$"))~", R"("a$c")"},
      {R"~(regex_replace("a.b", "\\.", "-"))~", R"("a-b")"},
      {R"~(regex_replace("abc", "", "-"))~", R"("-a-b-c-")"},
      {R"~(regex_replace("abc", "(", "x"))~", "error: error parsing regexp"},
  });
}

}  // namespace kiln::hcl::test
