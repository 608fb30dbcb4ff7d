// format and formatlist: Go's verbs as cty reads them, with their flags, widths, precisions and errors.
#include "functions_support.hpp"

namespace kiln::hcl::test {

TEST_CASE("format: strings and padding") {
  check_cases({
      {R"~(format("Hello, %s!", "Ander"))~", R"("Hello, Ander!")"},
      {R"~(format("%s-%03d-%.2f", "x", 7, 3.14159))~", R"("x-007-3.14")"},
      {R"~(format("%5s|", "ab"))~", R"("   ab|")"},
      {R"~(format("%-5s|", "ab"))~", R"("ab   |")"},
      {R"~(format("%05s", "ab"))~", R"("000ab")"},
      {R"~(format("%.2s", "hello"))~", R"("he")"},
      {R"~(format("%3s|", "☃"))~", R"("  ☃|")"},
      {R"~(format("%s", 12))~", R"("12")"},
      {R"~(format("%s", true))~", R"("true")"},
      {R"~(format("%q", "a\"b"))~", R"("\"a\\\"b\"")"},
      {R"~(format("%q", "<&>"))~", R"("\"\\u003c\\u0026\\u003e\"")"},
      {R"~(format("%%d"))~", R"("%d")"},
      {R"~(format("100%%"))~", R"("100%")"},
  });
}

TEST_CASE("format: integers") {
  check_cases({
      {R"~(format("There are %d lights", 4))~", R"("There are 4 lights")"},
      {R"~(format("%05d", -42))~", R"("-0042")"},
      {R"~(format("%-5d|", 42))~", R"("42   |")"},
      {R"~(format("%+d % d", 5, 5))~", R"("+5  5")"},
      {R"~(format("%.3d", 7))~", R"("007")"},
      {R"~(format("%x %X %#x %o %#o %b", 255, 255, 255, 8, 8, 5))~", R"("ff FF 0xff 10 010 101")"},
      {R"~(format("%d", 123456789012345678901234567890))~", R"("123456789012345678901234567890")"},
      {R"~(format("%x", 18446744073709551616))~", R"("10000000000000000")"},
      {R"~(format("%d", "12"))~", R"("12")"},
      {R"~(format("%d", 1.5))~", "error: unsupported value for \"%d\" at 0: an integer is required"},
      {R"~(format("%d", "x"))~", "error: unsupported value for \"%d\" at 0: "},
  });
}

TEST_CASE("format: floats") {
  check_cases({
      {R"~(format("%f", 3.14159))~", R"("3.141590")"},
      {R"~(format("%.1f", 0.25))~", R"("0.2")"},
      {R"~(format("%.0f", 2.5))~", R"("2")"},
      {R"~(format("%.0f", 3.5))~", R"("4")"},
      // Rounded as Go rounds the exact binary value, which for 2.675 lies just below it.
      {R"~(format("%.2f|%.2f|%.3f", 0.005, 2.675, 1.0005))~", R"("0.00|2.67|1.000")"},
      {R"~(format("%8.2f|", 3.14159))~", R"("    3.14|")"},
      {R"~(format("%-8.2f|", 3.14159))~", R"("3.14    |")"},
      {R"~(format("%08.2f", -3.14159))~", R"("-0003.14")"},
      {R"~(format("%+.1f", 2))~", R"("+2.0")"},
      {R"~(format("%e", 123456))~", R"("1.234560e+05")"},
      {R"~(format("%.2E", 0.000123))~", R"("1.23E-04")"},
      {R"~(format("%g %g %g", 0.00001, 100000, 1000000))~", R"("1e-05 100000 1e+06")"},
      {R"~(format("%.3g", 3.14159))~", R"("3.14")"},
  });
}

TEST_CASE("format: %v, %t and argument indexes") {
  check_cases({
      {R"~(format("%v", "x"))~", R"("x")"},
      {R"~(format("%v", 3.14159))~", R"("3.14159")"},
      {R"~(format("%v", 1000000))~", R"("1e+06")"},
      {R"~(format("%v", true))~", R"("true")"},
      {R"~(format("%v", [1, "a"]))~", R"("[1,\"a\"]")"},
      {R"~(format("%v", {b = 1, a = "<"}))~", R"("{\"a\":\"\\u003c\",\"b\":1}")"},
      {R"~(format("%v", null))~", R"("null")"},
      {R"~(format("%#v", "x"))~", R"("\"x\"")"},
      {R"~(format("%#v", 5))~", R"("5")"},
      {R"~(format("%t", true))~", R"("true")"},
      {R"~(format("%t", "false"))~", R"("false")"},
      {R"~(format("%t", 1))~", "error: unsupported value for \"%t\" at 0: "},
      {R"~(format("%[2]s %[1]s", "a", "b"))~", R"("b a")"},
      {R"~(format("%[2]s %s", "a", "b", "c"))~", R"("b c")"},
      {R"~(format("%[1]s %[1]s", "a"))~", R"("a a")"},
  });
}

TEST_CASE("format: errors") {
  check_cases({
      {R"~(format("%s %s", "a"))~", "error: not enough arguments for \"%s\" at 3: need index 2 but have 1 total"},
      {R"~(format("%s", "a", "b"))~", "error: too many arguments; only 1 used by format string"},
      {R"~(format("hello", "a"))~", "error: too many arguments; no verbs in format string"},
      {R"~(format("%z", 1))~", "error: unsupported format verb 'z' in \"%z\" at offset 0"},
      {R"~(format("abc%"))~", "error: invalid format string starting at offset 4"},
      {R"~(format("%~"))~", "error: unrecognized format character '~' at offset 1"},
      {R"~(format("%[0]s", "a"))~", "error: unrecognized format character '0' at offset 2"},
      {R"~(format("%s", null))~", "error: unsupported value for \"%s\" at 0: null value cannot be formatted"},
      {R"~(format("%d", [1]))~", "error: unsupported value for \"%d\" at 0: "},
      {R"~(format("%99999999999999999999d", 1))~", "error: width, precision or argument index too large"},
  });
}

TEST_CASE("formatlist") {
  check_cases({
      {R"~(formatlist("Hello, %s!", ["Valentina", "Ander", "Olivia", "Sam"]))~",
       R"(list["Hello, Valentina!", "Hello, Ander!", "Hello, Olivia!", "Hello, Sam!"])"},
      {R"~(formatlist("%s, %s!", "Salutations", ["Valentina", "Ander"]))~",
       R"(list["Salutations, Valentina!", "Salutations, Ander!"])"},
      {R"~(formatlist("n%d", [1, 2, 3]))~", R"(list["n1", "n2", "n3"])"},
      {R"~(formatlist("%s=%d", ["a", "b"], [1, 2]))~", R"(list["a=1", "b=2"])"},
      {R"~(formatlist("%s", []))~", "list[]"},
      {R"~(formatlist("x"))~", R"(list["x"])"},
      {R"~(formatlist("%s=%s", ["a", "b"], ["x"]))~",
       "error: argument 2 has length 1, which is inconsistent with argument 1 of length 2"},
      {R"~(formatlist("%d", ["a"]))~", "error: error on format iteration 0: unsupported value for \"%d\" at 0"},
  });
}

}  // namespace kiln::hcl::test
