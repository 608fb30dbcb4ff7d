// The set functions.
#include "functions_support.hpp"

namespace kiln::hcl::test {

TEST_CASE("setintersection") {
  check_cases({
      {R"(setintersection(["a", "b"], ["b", "c"], ["b", "d"]))", R"(set["b"])"},
      {R"(setintersection(["a", "b"], ["c"]))", "set[]"},
      {R"(setintersection(["a", "a", "b"]))", R"(set["a", "b"])"},
      {R"(setintersection([1, 10, 2], ["10", "2", "x"]))", R"(set["10", "2"])"},
  });
}

TEST_CASE("setunion") {
  check_cases({
      {R"(setunion(["a", "b"], ["b", "c"], ["d"]))", R"(set["a", "b", "c", "d"])"},
      {R"(setunion(["a"], [1]))", R"(set["1", "a"])"},
      {"setunion([3, 1], [2])", "set[1, 2, 3]"},
      {R"(setunion([{a = 1}], [{a = 1.0}, {a = 0}]))", "set[{a = 0}, {a = 1}]"},
  });
  std::string first, second;
  for (int i = 0; i < 10000; ++i) first += (i ? ", " : "") + std::to_string(i);
  for (int i = 5000; i < 15000; ++i) second += (i > 5000 ? ", " : "") + std::to_string(i);
  CHECK_EQ(evaluated("length(setunion([" + first + "], [" + second + "]))"), "15000");
}

TEST_CASE("setsubtract") {
  check_cases({
      {R"(setsubtract(["a", "b", "c"], ["a", "c"]))", R"(set["b"])"},
      {R"(setsubtract(["a"], ["a"]))", "set[]"},
      {R"(setsubtract([10, 9, 100], ["9", "100"]))", R"(set["10"])"},
      {R"(setsubtract([{a = 1}, {a = 2}], [{a = 1.0}]))", "set[{a = 2}]"},
  });
}

TEST_CASE("setintersection and setsubtract of long sets") {
  // Each element was looked for by comparing it with every element of the other sets.
  std::string first, second;
  for (int i = 0; i < 10000; ++i) first += (i ? ", " : "") + std::to_string(i);
  for (int i = 5000; i < 15000; ++i) second += (i > 5000 ? ", " : "") + std::to_string(i);
  CHECK_EQ(evaluated("length(setintersection([" + first + "], [" + second + "]))"), "5000");
  CHECK_EQ(evaluated("length(setsubtract([" + first + "], [" + second + "]))"), "5000");
  CHECK_EQ(evaluated("max(setsubtract([" + first + "], [" + second + "])...)"), "4999");
}

TEST_CASE("setproduct") {
  check_cases({
      {R"(setproduct(["development", "staging"], ["app1", "app2"]))",
       R"(list[["development", "app1"], ["development", "app2"], ["staging", "app1"], ["staging", "app2"]])"},
      {R"(setproduct(["a"], []))", "list[]"},
      {R"(setproduct(["a"]))", "error: at least two arguments are required"},
      {R"(setproduct(["a"], "b"))", "error: a set or a list is required"},
      {"length(setproduct(range(1024), range(1024), []))", "0"},
      {"setproduct(range(1024), range(1024), range(2))", "error: the product would have more than 1048576 elements"},
  });
}

}  // namespace kiln::hcl::test
