// jsonencode and jsondecode, as cty's json package and Go's encoding/json write and read JSON.
#include "functions_support.hpp"

namespace kiln::hcl::test {

TEST_CASE("jsonencode") {
  check_cases({
      {R"(jsonencode({"hello" = "world"}))", R"("{\"hello\":\"world\"}")"},
      {R"(jsonencode({b = 1, a = [2, true, null]}))", R"("{\"a\":[2,true,null],\"b\":1}")"},
      {R"(jsonencode("<&>"))", R"("\"\\u003c\\u0026\\u003e\"")"},
      {R"(jsonencode(indent(2, "a\nb")))", R"("\"a\\n  b\"")"},
      {R"(jsonencode("tab\there\r\u0001"))", R"("\"tab\\there\\r\\u0001\"")"},
      {"jsonencode(\"\u2028\")", R"("\"\\u2028\"")"},
      {R"(jsonencode("☃"))", R"("\"☃\"")"},
      {R"(jsonencode(1.5))", R"("1.5")"},
      {R"(jsonencode(1e3))", R"("1000")"},
      {R"(jsonencode(-0.25))", R"("-0.25")"},
      {R"(jsonencode(null))", R"("null")"},
      {R"(jsonencode([]))", R"("[]")"},
      {R"(jsonencode({}))", R"("{}")"},
      {R"(jsonencode(split(",", "a,b")))", R"("[\"a\",\"b\"]")"},
  });
}

TEST_CASE("jsondecode") {
  check_cases({
      {R"(jsondecode("{\"hello\": \"world\"}"))", R"({hello = "world"})"},
      {R"(jsondecode("true"))", "true"},
      {R"(jsondecode("\"x\""))", R"("x")"},
      {R"(jsondecode("[1, \"a\", [], {}]"))", R"([1, "a", [], {}])"},
      {R"(jsondecode("null"))", "null(any)"},
      {R"(jsondecode("12345678901234567890123"))", "12345678901234567890123"},
      {R"(jsondecode("0.1"))", "0.1"},
      {R"(jsondecode(" {\"a\": {\"b\": 1}} "))", R"({a = {b = 1}})"},
      {R"(jsondecode(jsonencode({x = [1, 2]})).x[1])", "2"},
      // Worded as Packer 1.6.6 (Go's encoding/json) words them.
      {R"(jsondecode("{"))", R"(error: Call to function "jsondecode" failed: EOF.)"},
      {R"(jsondecode(""))", "error: failed: EOF."},
      {R"(jsondecode("tru"))", "error: failed: unexpected EOF."},
      {R"(jsondecode("1 2"))", "error: failed: extraneous data after JSON object."},
      {R"(jsondecode("[1,]"))", "error: failed: invalid character ']' looking for beginning of value."},
      {R"(jsondecode("{\"a\" 1}"))", "error: failed: invalid character '1' after object key."},
      {"jsondecode(\"" + std::string(20000, '[') + std::string(20000, ']') + "\")", "error: failed: exceeded max depth."},
  });
}

}  // namespace kiln::hcl::test
