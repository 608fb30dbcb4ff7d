// The string functions, one table each: the examples of Packer's documentation and their edges.
#include "functions_support.hpp"

namespace kiln::hcl::test {

TEST_CASE("upper") {
  check_cases({
      {R"(upper("hello"))", R"("HELLO")"},
      {R"(upper("алло!"))", R"("АЛЛО!")"},
      {R"(upper("straße ÿ"))", R"("STRAßE Ÿ")"},
      {R"(upper("άέήίόύώ ϊ"))", R"("ΆΈΉΊΌΎΏ Ϊ")"},
      {R"(upper("tiếng việt ơư ǎǜ ǆ"))", R"("TIẾNG VIỆT ƠƯ ǍǛ Ǆ")"},
      {R"(upper("հայերեն"))", R"("ՀԱՅԵՐԵՆ")"},
      {R"(upper(""))", R"("")"},
      {R"(upper(["a"]))", "error: string required"},
  });
}

TEST_CASE("lower") {
  check_cases({
      {R"(lower("HELLO"))", R"("hello")"},
      {R"(lower("АЛЛО!"))", R"("алло!")"},
      {R"(lower("ÀÉÎ"))", R"("àéî")"},
      {R"(lower("ΆΈΉΊΌΎΏ ΪİǄ"))", R"("άέήίόύώ ϊiǆ")"},
      {R"(lower("TIẾNG VIỆT ƠƯ ՀԱՅ"))", R"("tiếng việt ơư հայ")"},
      {R"(lower(5))", R"("5")"},
  });
}

TEST_CASE("title") {
  check_cases({
      {R"(title("hello world"))", R"("Hello World")"},
      {R"(title("packer rocks"))", R"("Packer Rocks")"},
      {R"(title("hello-world_x.y"))", R"("Hello-World_x.Y")"},
      {R"(title("éa b"))", R"("Éa B")"},
      {R"(title("ALREADY Up"))", R"("ALREADY Up")"},
  });
}

TEST_CASE("trimspace") {
  check_cases({
      {R"(trimspace("  hello\n\n"))", R"("hello")"},
      {R"(trimspace("  Hello, World  "))", R"("Hello, World")"},
      {R"(trimspace("\t a b \r\n"))", R"("a b")"},
      {"trimspace(\"\u00a0x\u3000\")", R"("x")"},
      {R"(trimspace(""))", R"("")"},
  });
}

TEST_CASE("chomp") {
  check_cases({
      {R"(chomp("hello\n"))", R"("hello")"},
      {R"(chomp("hello\r\n"))", R"("hello")"},
      {R"(chomp("hello\n\n"))", R"("hello")"},
      {R"(chomp("hello\n\r\n"))", R"("hello")"},
      {R"(chomp("a\nb"))", R"("a\nb")"},
      {R"(chomp("line\n"))", R"("line")"},
  });
}

TEST_CASE("strrev") {
  check_cases({
      {R"(strrev("hello"))", R"("olleh")"},
      {R"(strrev("abc"))", R"("cba")"},
      {R"(strrev("a☃"))", R"("☃a")"},
      // A combining accent stays after the letter it belongs to (q with an acute has no precomposed
      // form, so HCL's NFC normalization of strings leaves it as two code points).
      {"strrev(\"q\u0301x\")", "\"xq\u0301\""},
      {R"(strrev(""))", R"("")"},
  });
}

TEST_CASE("substr") {
  check_cases({
      {R"(substr("hello world", 1, 4))", R"("ello")"},
      {R"(substr("abcdefg", 2, 3))", R"("cde")"},
      {R"(substr("🤔🤷", 0, 1))", R"("🤔")"},
      {R"(substr("hello world", -5, -1))", R"("world")"},
      {R"(substr("hello world", 6, 10))", R"("world")"},
      {R"(substr("hello", 10, 2))", R"("")"},
      {R"(substr("hello", 5, 1))", R"("")"},
      {R"(substr("hello", -10, 2))", R"("he")"},
      {R"(substr("abc", 0, 0))", R"("")"},
      // cty keeps the rest when a negative offset meets a zero length.
      {R"(substr("abc", -1, 0))", R"("c")"},
      {"substr(\"q\u0301tude\", 0, 1)", "\"q\u0301\""},
      {R"(substr("abc", 1.5, 1))",
       "error: Error in function call; Call to function \"substr\" failed: value must be a whole number, between "
       "-9223372036854775808 and 9223372036854775807."},
  });
}

TEST_CASE("trim") {
  check_cases({
      {R"(trim("?!hello?!", "!?"))", R"("hello")"},
      {R"(trim("foobar", "far"))", R"("oob")"},
      {R"(trim("   hello! world.!  ", "! "))", R"("hello! world.")"},
      {R"(trim("☃x☃", "☃"))", R"("x")"},
      {R"(trim("abc", ""))", R"("abc")"},
  });
}

TEST_CASE("trimprefix") {
  check_cases({
      {R"(trimprefix("helloworld", "hello"))", R"("world")"},
      {R"(trimprefix("helloworld", "cat"))", R"("helloworld")"},
      {R"(trimprefix("prefix-body", "prefix-"))", R"("body")"},
      {R"(trimprefix("aaa", "a"))", R"("aa")"},
  });
}

TEST_CASE("trimsuffix") {
  check_cases({
      {R"(trimsuffix("helloworld", "world"))", R"("hello")"},
      {R"(trimsuffix("body.txt", ".txt"))", R"("body")"},
      {R"(trimsuffix("helloworld", "cat"))", R"("helloworld")"},
  });
}

TEST_CASE("indent") {
  check_cases({
      {R"(indent(2, "[\n  foo,\n  bar,\n]\n"))", R"("[\n    foo,\n    bar,\n  ]\n  ")"},
      {R"(indent(2, "a\nb"))", R"("a\n  b")"},
      {R"(indent(4, "single"))", R"("single")"},
      {R"(indent(0, "a\nb"))", R"("a\nb")"},
      {R"(indent(1e12, "a\nb"))", "error: more than 1000000 spaces of indentation"},
  });
}

TEST_CASE("join") {
  check_cases({
      {R"(join(", ", ["foo", "bar", "baz"]))", R"("foo, bar, baz")"},
      {R"(join(", ", ["foo"]))", R"("foo")"},
      {R"(join("|", ["n1", "n2", "n3"]))", R"("n1|n2|n3")"},
      {R"(join("-", ["a"], ["b", "c"]))", R"("a-b-c")"},
      {R"(join("-", []))", R"("")"},
      {R"(join("-", [1, 2]))", R"("1-2")"},
      {R"(join(","))", "error: at least one list is required"},
      {R"(join(",", ["a", null]))", "error: element 1 is null; cannot concatenate null values"},
  });
}

TEST_CASE("split") {
  check_cases({
      {R"(split(",", "foo,bar,baz"))", R"(list["foo", "bar", "baz"])"},
      {R"(split(",", "foo"))", R"(list["foo"])"},
      {R"(split(",", ""))", R"(list[""])"},
      {R"(split(",", "a,,b,"))", R"(list["a", "", "b", ""])"},
      {R"(split("", "a☃"))", R"(list["a", "☃"])"},
      {R"(split("::", "a::b"))", R"(list["a", "b"])"},
  });
}

TEST_CASE("replace") {
  check_cases({
      {R"(replace("1 + 2 + 3", "+", "-"))", R"("1 - 2 - 3")"},
      {R"(replace("a-b-c", "-", "+"))", R"("a+b+c")"},
      // Packer registers cty's plain replace: slashes do not make a regular expression.
      {R"(replace("hello123", "/[0-9]+/", "N"))", R"("hello123")"},
      {R"(replace("a/b/", "/b/", "c"))", R"("ac")"},
      {R"(replace("aaa", "aa", "b"))", R"("ba")"},
      {R"(replace("ab", "", "-"))", R"("-a-b-")"},
  });
}

TEST_CASE("strcontains, startswith, endswith") {
  check_cases({
      {R"(strcontains("hello world", "wor"))", "true"},
      {R"(strcontains("hello world", "wod"))", "false"},
      {R"(startswith("hello world", "hello"))", "true"},
      {R"(startswith("hello world", "world"))", "false"},
      {R"(endswith("hello world", "world"))", "true"},
      {R"(endswith("hello world", ""))", "true"},
  });
}

}  // namespace kiln::hcl::test
