// The collection functions.
#include "functions_support.hpp"

namespace kiln::hcl::test {

TEST_CASE("length") {
  check_cases({
      {"length([])", "0"},
      {R"(length(["a", "b"]))", "2"},
      {R"(length({"a" = "b"}))", "1"},
      {R"(length("hello"))", "5"},
      {R"(length("👾🕹️"))", "2"},
      {"length(\"q\u0301\")", "1"},
      {R"(length(split(",", "a,b,c")))", "3"},
      {"length(5)", "error: failed: argument must be a string, a collection type, or a structural type."},
  });
}

TEST_CASE("element") {
  check_cases({
      {R"(element(["a", "b", "c"], 1))", R"("b")"},
      {R"(element(["a", "b", "c"], 3))", R"("a")"},
      {R"(element(["a", 1], 1))", "1"},
      {R"(element([], 0))", "error: cannot use element function with an empty list"},
      {R"(element(["a"], -1))", "error: cannot use element function with a negative index"},
      {R"(element("a", 0))", "error: cannot read elements from string"},
  });
}

TEST_CASE("concat") {
  check_cases({
      {R"(concat(["a", ""], ["b", "c"]))", R"(["a", "", "b", "c"])"},
      {R"(concat(split(",", "a"), split(",", "b,c")))", R"(list["a", "b", "c"])"},
      {R"(concat([1], ["x"]))", R"([1, "x"])"},
      {"concat()", "error: at least one argument is required"},
      {R"(concat("a"))", "error: all arguments must be lists or tuples; got string"},
  });
}

TEST_CASE("contains") {
  check_cases({
      {R"(contains(["a", "b", "c"], "a"))", "true"},
      {R"(contains(["a", "b", "c"], "d"))", "false"},
      {R"(contains([1, 2], "1"))", "false"},
      {R"(contains([[1]], [1]))", "true"},
      {R"(contains("abc", "a"))", "error: argument must be list, tuple, or set"},
  });
}

TEST_CASE("distinct") {
  check_cases({
      {R"(distinct(["a", "b", "a", "c", "d", "b"]))", R"(list["a", "b", "c", "d"])"},
      {"distinct([])", "list[]"},
      {"distinct([1, 1.0, 2])", "list[1, 2]"},
      {R"(distinct([{a = 1}, {a = 2}, {a = 1.0}, {a = 2}]))", "list[{a = 1}, {a = 2}]"},
      {R"(distinct(["b", null, "a", null, "b"]))", R"(list["b", null(string), "a"])"},
      {R"(distinct([["b"], [], ["b"], ["a", "b"]]))", R"(list[list["b"], list[], list["a", "b"]])"},
  });
  // First occurrences in their order, however long the list (each element was compared with every
  // one kept: 8,000 took 2 s).
  std::string list, expected;
  for (int i = 0; i < 20000; ++i) list += (i ? ", \"" : "\"") + std::to_string((i * 7) % 1000) + "\"";
  for (int i = 0; i < 1000; ++i) expected += (i ? ", \"" : "\"") + std::to_string((i * 7) % 1000) + "\"";
  CHECK_EQ(evaluated("distinct([" + list + "])"), "list[" + expected + "]");
}

TEST_CASE("chunklist") {
  check_cases({
      {R"(chunklist(["a", "b", "c", "d", "e"], 2))", R"(list[list["a", "b"], list["c", "d"], list["e"]])"},
      {R"(chunklist(["a", "b", "c", "d", "e"], 1))", R"(list[list["a"], list["b"], list["c"], list["d"], list["e"]])"},
      {R"(chunklist(["a", "b"], 0))", R"(list[list["a", "b"]])"},
      {R"(chunklist(["a"], -1))", "error: the size argument must be positive"},
  });
}

TEST_CASE("flatten") {
  check_cases({
      {R"(flatten([["a", "b"], [], ["c"]]))", R"(["a", "b", "c"])"},
      {R"(flatten([[["a", "b"], []], ["c"]]))", R"(["a", "b", "c"])"},
      {R"(flatten([]))", "[]"},
      {R"(flatten("a"))", "error: can only flatten lists, sets and tuples"},
  });
}

// Packer 1.6.6's index (cty's element lookup): results and messages from its `packer console`.
TEST_CASE("index") {
  std::map<std::string, Value> vars{
      {"l", Value::list({Value::string("x"), Value::string("y")}, Type::string())},
      {"m", Value::map({{"k", Value::string("v")}}, Type::string())},
      {"n", Value::map({{"1", Value::number(int64_t(7))}}, Type::number())},
      {"s", Value::set({Value::string("a")}, Type::string())}};
  check_cases(
      {
          {R"(index(["x", "y", "z"], 1))", R"("y")"},
          {R"(index(["x", 2], 1))", "2"},
          {R"(index(["x"], 5))", "error: key must be between 0 and 1 inclusive"},
          {R"(index(["a"], -1))", "error: key must be between 0 and 1 inclusive"},
          {"index([], 0)", "error: key must be between 0 and 0 inclusive"},
          {R"(index(["x", "y"], "y"))", "error: key for tuple must be number"},
          {R"(index(["x", "y"], "1"))", "error: key for tuple must be number"},
          {R"(index(["x", "y"], 1.5))",
           "error: invalid key for tuple: value must be a whole number, between -9223372036854775808 and "
           "9223372036854775807"},
          {R"(index({k = "v"}, "k"))", "error: collection must be a list, a map or a tuple"},
          {R"(index("str", 0))", "error: collection must be a list, a map or a tuple"},
          {"index(null, 0)", R"(error: Invalid value for "collection" parameter: argument must not be null)"},
          {R"(index(["a"], null))", R"(error: Invalid value for "key" parameter: argument must not be null)"},
          {"index(l, 1)", R"("y")"},
          {"index(l, 5)", "error: invalid index"},
          {"index(l, -1)", "error: invalid index"},
          {"index(l, 1.5)", "error: invalid index"},
          {R"(index(l, "1"))", "error: key for list must be number"},
          {"index(l, true)", "error: key for list must be number"},
          {R"(index(m, "k"))", R"("v")"},
          {R"(index(m, "z"))", "error: invalid index"},
          {"index(n, 1)", "error: key for map must be string"},
          {"index(s, 0)", "error: collection must be a list, a map or a tuple"},
      },
      packer_functions(), vars);
}

TEST_CASE("keys") {
  check_cases({
      {"keys({a = 1, c = 2, d = 3})", R"(["a", "c", "d"])"},
      {"keys({})", "[]"},
      {R"(keys("x"))", "error: must have map or object type"},
  });
}

TEST_CASE("values") {
  check_cases({
      {"values({a = 3, c = 2, d = 1})", "[3, 2, 1]"},
      {R"(values({b = "x", a = ["y"]}))", R"([["y"], "x"])"},
      {R"(values("x"))", "error: values() requires a map as the first argument"},
  });
}

TEST_CASE("lookup") {
  check_cases({
      {R"(lookup({a = "ay", b = "bee"}, "a", "what?"))", R"("ay")"},
      {R"(lookup({a = "ay", b = "bee"}, "c", "what?"))", R"("what?")"},
      {R"(lookup({a = 1}, "b", "x"))", R"("x")"},
      // Packer's lookup needs its default.
      {R"(lookup({a = "ay"}, "a"))", "error: Not enough function arguments"},
      {R"(lookup("x", "c", "d"))", "error: lookup() requires a map as the first argument"},
  });
}

TEST_CASE("merge") {
  check_cases({
      {R"(merge({a = "b", c = "d"}, {e = "f", c = "z"}))", R"({a = "b", c = "z", e = "f"})"},
      {R"(merge({a = "b"}, {e = ["x"]}))", R"({a = "b", e = ["x"]})"},
      {R"(merge({a = 1}, null))", "{a = 1}"},
      {"merge()", "{}"},
      {R"(merge("x"))", R"(error: Call to function "merge" failed: arguments must be maps or objects, got "string")"},
  });
}

TEST_CASE("range") {
  check_cases({
      {"range(3)", "list[0, 1, 2]"},
      {"range(-3)", "list[0, -1, -2]"},
      {"range(0)", "list[]"},
      {"range(1, 4)", "list[1, 2, 3]"},
      {"range(1, 8, 2)", "list[1, 3, 5, 7]"},
      {"range(1, 4, 0.5)", "list[1, 1.5, 2, 2.5, 3, 3.5]"},
      {"range(4, 1)", "list[4, 3, 2]"},
      {"range(10, 5, -2)", "list[10, 8, 6]"},
      {"range(1, 2, 0)", "error: step must not be zero"},
      {"range(1, 5, -1)", "error: end must be less than start when step is negative"},
      {"range(5, 1, 1)", "error: end must be greater than start when step is positive"},
      {"range(2000)", "error: more than 1024 values were generated"},
      {"length(range(1024))", "1024"},
      {"range()", "error: must have one, two, or three arguments"},
  });
}

TEST_CASE("reverse") {
  check_cases({
      {"reverse([1, 2, 3])", "[3, 2, 1]"},
      {R"(reverse(split(",", "a,b")))", R"(list["b", "a"])"},
      {"reverse([])", "[]"},
      {R"(reverse("x"))", "error: can only reverse list or tuple values, not string"},
  });
}

TEST_CASE("slice") {
  check_cases({
      {R"(slice(["a", "b", "c", "d"], 1, 3))", R"(["b", "c"])"},
      {R"(slice(["a", "b"], 1, 1))", "[]"},
      {R"(slice(split(",", "a,b,c"), 0, 2))", R"(list["a", "b"])"},
      {R"(slice(["a"], 2, 3))", "error: start index must not be greater than the length of the list"},
      {R"(slice(["a", "b"], 1, 3))", "error: end index must not be greater than the length of the list"},
      {R"(slice(["a", "b"], 1, 0))", "error: start index must not be greater than end index"},
      {R"(slice(["a", "b"], -1, 1))", "error: start index must not be less than zero"},
  });
}

TEST_CASE("sort") {
  check_cases({
      {R"(sort(["e", "d", "a", "x"]))", R"(list["a", "d", "e", "x"])"},
      {"sort([3, 10, 2])", R"(list["10", "2", "3"])"},
      {"sort([])", "list[]"},
      {R"(sort(["b", null]))", "error: "},
  });
}

TEST_CASE("zipmap") {
  check_cases({
      {R"(zipmap(["a", "b"], [1, 2]))", "{a = 1, b = 2}"},
      {R"(zipmap(["a", "b"], split(",", "x,y")))", R"(map{a = "x", b = "y"})"},
      {R"(zipmap(["a", "a"], [1, 2]))", "{a = 2}"},
      {R"(zipmap(["a"], [1, 2]))", "error: number of keys (1) does not match number of values (2)"},
  });
}

TEST_CASE("coalesce") {
  check_cases({
      {R"(coalesce("a", "b"))", R"("a")"},
      {R"(coalesce("", "b"))", R"("b")"},
      {"coalesce(1, 2)", "1"},
      {R"(coalesce(null, "x"))", R"("x")"},
      {R"(coalesce(1, "a"))", R"("1")"},
      {R"(coalesce(["a", "b"]...))", R"("a")"},
      {R"(coalesce("", ""))", "error: no non-null, non-empty-string arguments"},
  });
}

TEST_CASE("coalescelist") {
  check_cases({
      {R"(coalescelist(["a", "b"], ["c", "d"]))", R"(["a", "b"])"},
      {R"(coalescelist([], ["c", "d"]))", R"(["c", "d"])"},
      {"coalescelist([], [])", "error: no non-null arguments"},
      {R"(coalescelist("a"))", "error: coalescelist arguments must be lists or tuples"},
  });
}

TEST_CASE("compact") {
  check_cases({
      {R"(compact(["a", "", "b", "c"]))", R"(list["a", "b", "c"])"},
      {R"(compact(["", null]))", "list[]"},
  });
}

TEST_CASE("alltrue and anytrue") {
  check_cases({
      {R"(alltrue(["true", true]))", "true"},
      {"alltrue([true, false])", "false"},
      {"alltrue([])", "true"},
      {"anytrue([false, true])", "true"},
      {"anytrue([])", "false"},
      {R"(anytrue(["x"]))", "error: "},
  });
}

}  // namespace kiln::hcl::test

namespace kiln::hcl::test {

TEST_CASE("functions that look inside collections give unknown results for unknown elements") {
  std::map<std::string, Value> vars{{"u", Value::unknown(Type::string())}, {"b", Value::unknown(Type::boolean())},
                                    {"n", Value::unknown(Type::number())}};
  check_cases(
      {
          {R"(join(",", ["a", u]))", "unknown(string)"},
          {R"(sort(["b", u]))", "unknown(list(string))"},
          {R"(compact(["a", u]))", "unknown(list(string))"},
          {R"(contains(["a", u], "a"))", "unknown(bool)"},
          {R"(index(["a", u], 1))", "unknown(string)"},
          {"alltrue([true, b])", "unknown(bool)"},
          {"sum([1, n])", "unknown(number)"},
          {R"(zipmap(["a", u], [1, 2]))", "unknown(any)"},
          {R"(flatten([["a"], [u]]))", "unknown(any)"},
          {R"(coalesce(u, "x"))", "unknown(any)"},
          {R"(length(["a", u]))", "2"},
          {R"(element(["a", u], 1))", "unknown(string)"},
      },
      packer_functions(), vars);
}

}  // namespace kiln::hcl::test
