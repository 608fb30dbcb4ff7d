#include <doctest/doctest.h>

#include <string>

#include "support.hpp"

using namespace kiln::hcl;
using kiln::hcl::test::parsed;

namespace {

struct Case {
  const char* source;
  const char* tree;
};

}  // namespace

TEST_CASE("hcl expressions parse into the tree HCL builds") {
  const Case cases[] = {
      // literals
      {"42", "42"},
      {"3.25e-2", "3.25e-2"},
      {"-7", "-7"},
      {"true", "true"},
      {"false", "false"},
      {"null", "null"},
      {"\"plain\"", "(template \"plain\")"},
      {"\"\"", "(template)"},
      // variables, attributes, indexes
      {"var.x", "(. var x)"},
      {"a-b_c", "a-b_c"},
      {"a[0]", "([] a 0)"},
      {"a[\"k\"].b", "(. ([] a (template \"k\")) b)"},
      {"a.0.b", "(. ([] a 0) b)"},
      {"a.0.1", "([] ([] a 0) 1)"},
      {"a[b[1]]", "([] a ([] b 1))"},
      // splats
      {"a.*.b", "(.* a (. _ b))"},
      {"a.*.b.c[0]", "([] (.* a (. (. _ b) c)) 0)"},
      {"a[*].b[0].c", "([*] a (. ([] (. _ b) 0) c))"},
      {"a[*]", "([*] a _)"},
      {"a[*].b[*].c", "([*] ([*] a (. _ b)) (. _ c))"},
      // function calls
      {"f()", "(call f)"},
      {"upper(var.greeting)", "(call upper (. var greeting))"},
      {"join(\",\", [1, 2],)", "(call join (template \",\") (tuple 1 2))"},
      {"max(xs...)", "(call max xs...)"},
      {"f(a, b...)", "(call f a b...)"},
      {"f(\n  a,\n  b\n)", "(call f a b)"},
      // tuples and objects
      {"[]", "(tuple)"},
      {"[1, \"two\", [3]]", "(tuple 1 (template \"two\") (tuple 3))"},
      {"[\n  1,\n  2,\n]", "(tuple 1 2)"},
      {"{}", "(object)"},
      {"{ a = 1, b = 2 }", "(object (\"a\" 1) (\"b\" 2))"},
      {"{\n  a = 1\n  \"b\" : 2\n  (k) = 3\n}", "(object (\"a\" 1) ((template \"b\") 2) ((paren k) 3))"},
      {"{ a = { b = [1] } }", "(object (\"a\" (object (\"b\" (tuple 1)))))"},
      // operators and precedence
      {"1 + 2 * 3", "(+ 1 (* 2 3))"},
      {"(1 + 2) * 3", "(* (paren (+ 1 2)) 3)"},
      {"a - b - c", "(- (- a b) c)"},
      {"a / b % c", "(% (/ a b) c)"},
      {"a || b && c", "(|| a (&& b c))"},
      {"a == b != c", "(!= (== a b) c)"},
      {"a < b == c >= d", "(== (< a b) (>= c d))"},
      {"a + 1 > b * 2 || !c", "(|| (> (+ a 1) (* b 2)) (! c))"},
      {"!!a", "(! (! a))"},
      {"-a.b", "(- (. a b))"},
      {"1 - -2", "(- 1 -2)"},
      {"a <= b && c > d", "(&& (<= a b) (> c d))"},
      // conditionals
      {"a ? b : c", "(? a b c)"},
      {"a ? b : c ? d : e", "(? a b (? c d e))"},
      {"x == 1 ? \"one\" : \"other\"", "(? (== x 1) (template \"one\") (template \"other\"))"},
      // for expressions
      {"[for v in xs : upper(v)]", "(for v in xs : (call upper v))"},
      {"[for i, v in xs : v if i > 0]", "(for i v in xs : v if (> i 0))"},
      {"{for k, v in m : k => v}", "(for k v in m : k => v)"},
      {"{for v in xs : v.k => v...}", "(for v in xs : (. v k) => v...)"},
      {"{for k, v in m : v => k... if v != null}", "(for k v in m : v => k... if (!= v null))"},
      {"[\n  for v in xs :\n  v\n]", "(for v in xs : v)"},
  };
  for (const Case& c : cases) CHECK_EQ(parsed(c.source), c.tree);
}

TEST_CASE("hcl expression nodes keep their ranges") {
  ParsedExpr p = parse_expression("f(a.b,\n  [1, 2])", "r.hcl");
  REQUIRE(p.expr);
  CHECK_EQ(p.expr->range.str(), "r.hcl:1,1-2,10");
  const auto& call = std::get<CallExpr>(p.expr->node);
  CHECK_EQ(call.args[0]->range.str(), "r.hcl:1,3-6");
  CHECK_EQ(call.args[1]->range.str(), "r.hcl:2,3-9");
  CHECK_EQ(call.args[1]->range.start.byte, 9u);
  const auto& tuple = std::get<TupleExpr>(call.args[1]->node);
  CHECK_EQ(tuple.items[1]->range.str(), "r.hcl:2,7-8");
}

TEST_CASE("hcl expression errors name the place and what was expected") {
  const Case cases[] = {
      {"1 +", "x.hcl:1,4-4: Missing expression; Expected the start of an expression, but found the end of the file."},
      {"[1 2]", "x.hcl:1,4-5: Missing item separator; Expected a comma to mark the beginning of the next item."},
      {"f(a b)",
       "x.hcl:1,5-6: Missing argument separator; A comma is required to separate each function argument from the next."},
      {"f(a..., b)",
       "x.hcl:1,7-8: Missing closing parenthesis; An expanded function argument (with ...) must be immediately "
       "followed by closing parentheses."},
      {"a ? b", "x.hcl:1,6-6: Missing false expression in conditional; The conditional operator (...?...:...) requires "
                "a false expression, delimited by a colon."},
      {"[for x xs : x]",
       "x.hcl:1,8-10: Invalid 'for' expression; For expression requires the 'in' keyword after its name declarations."},
      {"{ a 1 }", "x.hcl:1,5-6: Missing key/value separator; Expected an equals sign (\"=\") to mark the beginning of "
                  "the attribute value."},
      {"{ a = 1 b = 2 }", "x.hcl:1,9-10: Missing attribute separator; Expected a newline or comma to mark the "
                          "beginning of the next attribute."},
      {"a.", "x.hcl:1,3-3: Invalid attribute name; An attribute name is required after a dot."},
      {"(1", "x.hcl:1,1-2: Unclosed \"(\"; There is no closing parenthesis for the \"(\" that starts at x.hcl:1,1 before "
             "the end of the file."},
      {"[1, [2,", "x.hcl:1,5-6: Unclosed \"[\"; There is no closing bracket for the \"[\" that starts at x.hcl:1,5 "
                  "before the end of the file."},
      {"a b", "x.hcl:1,3-4: Extra characters after expression; An expression was successfully parsed, but extra "
              "characters were found after it."},
      {")", "x.hcl:1,1-2: Invalid expression; Expected the start of an expression, but found an invalid expression "
            "token."},
  };
  for (const Case& c : cases) {
    ParsedExpr p = parse_expression(c.source, "x.hcl");
    INFO(c.source);
    REQUIRE_EQ(p.diagnostics.size(), 1u);
    CHECK_EQ(p.diagnostics[0].str(), c.tree);
    CHECK_FALSE(p.expr);
  }
}
