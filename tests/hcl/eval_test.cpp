#include <doctest/doctest.h>

#include <string>

#include "eval_support.hpp"

using namespace kiln::hcl;
using kiln::hcl::test::Case;
using kiln::hcl::test::evaluated;

namespace {

Value str(const char* s) { return Value::string(s); }
Value num(const char* s) { return Value::number(*Number::parse(s)); }

EvalContext eval_scope() {
  EvalContext ctx;
  ctx.variables["var"] = Value::object({
      {"x", str("hello")},
      {"n", num("5")},
      {"names", Value::list({str("a"), str("b")}, Type::string())},
      {"ports", Value::map({{"http", num("80")}, {"ssh", num("22")}}, Type::number())},
      {"tags", Value::set({str("z"), str("a")}, Type::string())},
      {"nothing", Value::null(Type::string())},
      {"later", Value::unknown(Type::string())},
      {"pending", Value::unknown(Type::list(Type::string()))},
      {"servers", Value::tuple({Value::object({{"name", str("web")}, {"ip", str("10.0.0.1")}}),
                                Value::object({{"name", str("db")}, {"ip", str("10.0.0.2")}})})},
      {"flag", Value::boolean(true)},
      {"digits", Value::object({{"0", str("zero")}})},
  });
  ctx.variables["local"] = Value::object({{"prefix", str("pkr")}});
  return ctx;
}

void check_eval_cases(const EvalContext& ctx, std::initializer_list<Case> cases) {
  for (const Case& c : cases) {
    INFO(std::string(c.source));
    CHECK(evaluated(c.source, ctx) == c.expected);
  }
}

}  // namespace

TEST_CASE("literals, templates and variables") {
  check_eval_cases(eval_scope(), {
      {"42", "42"},
      {"-7", "-7"},
      {"1.50", "1.5"},
      {"true", "true"},
      {"null", "null(any)"},
      {"\"plain\"", "\"plain\""},
      {"\"\"", "\"\""},
      {"\"a${1.50}b\"", "\"a1.5b\""},
      {"\"${var.n}\"", "5"},  // a lone interpolation keeps its value
      {"\"x${true}\"", "\"xtrue\""},
      {"\"${var.x}-${local.prefix}\"", "\"hello-pkr\""},
      {"\"a${var.later}b\"", "unknown(string)"},
      {"\"%{if var.flag}yes%{else}no%{endif}\"", "\"yes\""},
      {"\"%{if !var.flag}yes%{endif}\"", "\"\""},
      {"\"%{for n in var.names}<${n}>%{endfor}\"", "\"<a><b>\""},
      {"\"%{for k, v in var.ports}${k}=${v};%{endfor}\"", "\"http=80;ssh=22;\""},
      {"<<EOT\n${var.x}\nEOT", "\"hello\\n\""},
      {"var.x", "\"hello\""},
      {"(var.n)", "5"},
      {"var.later", "unknown(string)"},
  });
}

TEST_CASE("variable and template errors name the offending text") {
  check_eval_cases(eval_scope(), {
      {"nope", "x.hcl:1,1-5: Unknown variable; There is no variable named \"nope\"."},
      {"var.nope", "x.hcl:1,4-9: Unsupported attribute; This object does not have an attribute named \"nope\"."},
      {"var.x.y", "x.hcl:1,6-8: Unsupported attribute; This value does not have any attributes."},
      {"var.nothing.y",
       "x.hcl:1,12-14: Attempt to get attribute from null value; This value is null, so it does not have any "
       "attributes."},
      {"var.ports.ftp", "x.hcl:1,10-14: Missing map element; This map does not have an element with the key \"ftp\"."},
      {"\"a${var.nothing}\"",
       "x.hcl:1,5-16: Invalid template interpolation value; The expression result is null. Cannot include a null "
       "value in a string template."},
      {"\"a${var.names}\"",
       "x.hcl:1,5-14: Invalid template interpolation value; Cannot include the given value in a string template: "
       "string required."},
      {"\"%{if var.x}y%{endif}\"", "x.hcl:1,7-12: Incorrect condition type; The condition expression must be of type bool."},
      // Packer 1.6.6 reports these two with the same details
      {"\"%{for x in [1, null]}${x}%{endfor}\"",
       "x.hcl:1,25-26: Invalid template interpolation value; The expression result is null. Cannot include a null "
       "value in a string template."},
      {"\"%{for x in null}${x}%{endfor}\"",
       "x.hcl:1,13-17: Iteration over null value; A null value cannot be used as the collection in a 'for' "
       "expression."},
      {"\"%{if true}${[1]}%{endif}\"",
       "x.hcl:1,14-17: Invalid template interpolation value; Cannot include the given value in a string template: "
       "string required."},
  });
}

TEST_CASE("index, legacy index and splat") {
  check_eval_cases(eval_scope(), {
      {"var.names[1]", "\"b\""},
      {"var.names[\"1\"]", "\"b\""},
      {"var.names.0", "\"a\""},
      {"var.ports[\"ssh\"]", "22"},
      {"var.servers[0].name", "\"web\""},
      {"var.digits[0]", "\"zero\""},
      {"[1, \"a\"][1]", "\"a\""},
      {"{a = 1}[\"a\"]", "1"},
      {"var.servers[*].ip", "[\"10.0.0.1\", \"10.0.0.2\"]"},
      {"var.servers.*.name", "[\"web\", \"db\"]"},
      {"var.names[*]", "list[\"a\", \"b\"]"},
      {"var.x[*]", "[\"hello\"]"},
      {"\"x\"[*]", "[\"x\"]"},                         // Packer 1.6.6: ["x"]
      {"[null][*]", "[null(any)]"},                       // Packer 1.6.6: [null]
      {"[{a = 1}, {a = 2}].*.a", "[1, 2]"},               // Packer 1.6.6: [1,2]
      {"var.nothing[*]", "[]"},
      {"var.tags[*]", "list[\"a\", \"z\"]"},
      {"var.pending[0]", "unknown(string)"},
      {"var.pending[*]", "unknown(any)"},
      {"var.later[0]", "x.hcl:1,10-13: Invalid index; This value does not have any indices."},
      {"var.names[2]",
       "x.hcl:1,10-13: Invalid index; The given key does not identify an element in this collection value."},
      {"var.names[-1]",
       "x.hcl:1,10-14: Invalid index; The given key does not identify an element in this collection value."},
      {"var.names[\"a\"]",
       "x.hcl:1,10-15: Invalid index; The given key does not identify an element in this collection value: a number "
       "is required."},
      {"var.names[null]", "x.hcl:1,10-16: Invalid index; Can't use a null value as an indexing key."},
      {"var.nothing[0]", "x.hcl:1,12-15: Attempt to index null value; This value is null, so it does not have any indices."},
      {"var.tags[0]",
       "x.hcl:1,9-12: Invalid index; Elements of a set are identified only by their value and don't have any separate "
       "index or key to select with, so it's only possible to perform operations across all elements of the set."},
      {"var.x[0]", "x.hcl:1,6-9: Invalid index; This value does not have any indices."},
      {"var.servers[*].nope",
       "x.hcl:1,15-20: Unsupported attribute; This object does not have an attribute named \"nope\".\n"
       "x.hcl:1,15-20: Unsupported attribute; This object does not have an attribute named \"nope\"."},
  });
}

TEST_CASE("tuple and object constructors") {
  check_eval_cases(eval_scope(), {
      {"[]", "[]"},
      {"[1, \"a\", [true]]", "[1, \"a\", [true]]"},
      {"{}", "{}"},
      {"{b = 1, a = \"x\"}", "{a = \"x\", b = 1}"},
      {"{\"k\" = 1, (local.prefix) = 2}", "{k = 1, pkr = 2}"},
      {"{(var.n) = 1}", "{5 = 1}"},
      {"{a = 1, a = 2}", "{a = 2}"},  // as Packer 1.6.6: the last one wins
      {"{(var.later) = 1}", "unknown(any)"},
      {"{(var.names) = 1}", "x.hcl:1,2-13: Incorrect key type; Can't use this value as a key: string required."},
      {"{(var.nothing) = 1}", "x.hcl:1,18-19: Null value as key; Can't use a null value as a key."},
  });
}

TEST_CASE("a context without any variable is HCL's nil one, where variables are not allowed") {
  EvalContext bare;
  CHECK(evaluated("var.x", bare).find("Variables not allowed; Variables may not be used here.") != std::string::npos);
  EvalContext with_one;
  with_one.variables["a"] = Value::string("x");
  CHECK(evaluated("var.x", with_one).find("Unknown variable") != std::string::npos);
}
