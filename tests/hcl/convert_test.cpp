#include <doctest/doctest.h>

#include <string>

#include "hcl/convert.hpp"
#include "hcl/parser.hpp"

using namespace kiln::hcl;

namespace {

Value string_value(const char* s) { return Value::string(s); }
Value number_value(const char* s) { return Value::number(*Number::parse(s)); }

// The converted value, or "error: why".
std::string converted(const Value& v, const Type& want) {
  std::string why;
  std::optional<Value> out = convert(v, want, why);
  if (!out) return "error: " + why;
  return debug_string(*out) + " : " + out->type().str();
}

Type constraint(const std::string& source, std::string* problems = nullptr, bool exact = false) {
  ParsedExpr p = parse_expression(source, "t.hcl");
  REQUIRE(p.expr);
  Diagnostics diags;
  Type t = exact ? exact_type(*p.expr, diags) : type_constraint(*p.expr, diags);
  if (problems)
    for (const Diagnostic& d : diags) *problems += d.str();
  return t;
}

}  // namespace

TEST_CASE("primitive conversions follow cty, as Packer 1.6.6 applies them") {
  CHECK(converted(number_value("3.50"), Type::string()) == "\"3.5\" : string");
  CHECK(converted(number_value("1e30"), Type::string()) == "\"1000000000000000000000000000000\" : string");
  CHECK(converted(Value::boolean(true), Type::string()) == "\"true\" : string");
  CHECK(converted(string_value("1e3"), Type::number()) == "1000 : number");
  CHECK(converted(string_value("-0.5"), Type::number()) == "-0.5 : number");
  CHECK(converted(string_value("0x10"), Type::number()) == "error: a number is required");
  CHECK(converted(string_value(" 1"), Type::number()) == "error: a number is required");
  CHECK(converted(string_value("true"), Type::boolean()) == "true : bool");
  CHECK(converted(string_value("false"), Type::boolean()) == "false : bool");
  CHECK(converted(string_value("1"), Type::boolean()) == "true : bool");  // Packer 1.6.6: "1" ? "y" : "n" is "y"
  CHECK(converted(string_value("0"), Type::boolean()) == "false : bool");  // Packer 1.6.6: "0" ? "y" : "n" is "n"
  CHECK(converted(string_value("yes"), Type::boolean()) == "error: a bool is required");
  CHECK(converted(string_value("True"), Type::boolean()) == "error: a bool is required");
  CHECK(converted(number_value("1"), Type::boolean()) == "error: bool required");
  CHECK(converted(Value::boolean(true), Type::number()) == "error: number required");
  CHECK(converted(string_value("x"), Type::dynamic()) == "\"x\" : string");
}

TEST_CASE("null and unknown convert to null and unknown of the wanted type") {
  CHECK(converted(Value::null(Type::dynamic()), Type::list(Type::string())) == "null(list(string)) : list(string)");
  CHECK(converted(Value::null(Type::string()), Type::number()) == "null(number) : number");
  CHECK(converted(Value::unknown(Type::dynamic()), Type::number()) == "unknown(number) : number");
  CHECK(converted(Value::unknown(Type::string()), Type::boolean()) == "unknown(bool) : bool");
  CHECK(converted(Value::null(Type::boolean()), Type::list(Type::string())) == "error: list of string required");
}

TEST_CASE("structural and collection conversions") {
  Value tuple = Value::tuple({string_value("a"), number_value("1")});
  CHECK(converted(tuple, Type::list(Type::string())) == "list[\"a\", \"1\"] : list(string)");
  CHECK(converted(tuple, Type::list(Type::dynamic())) == "list[\"a\", \"1\"] : list(string)");
  CHECK(converted(tuple, Type::set(Type::string())) == "set[\"1\", \"a\"] : set(string)");
  CHECK(converted(tuple, Type::tuple({Type::string(), Type::string()})) == "[\"a\", \"1\"] : tuple([string, string])");
  CHECK(converted(Value::tuple({}), Type::list(Type::dynamic())) == "list[] : list(any)");
  CHECK(converted(Value::tuple({string_value("a"), string_value("b"), string_value("a")}), Type::set(Type::string())) ==
        "set[\"a\", \"b\"] : set(string)");
  Value object = Value::object({{"a", number_value("1")}, {"b", string_value("x")}});
  CHECK(converted(object, Type::map(Type::string())) == "map{a = \"1\", b = \"x\"} : map(string)");
  CHECK(converted(object, Type::object({{"a", Type::string()}})) == "{a = \"1\"} : object({a=string})");
  CHECK(converted(object, Type::object({{"a", Type::number()}, {"c", Type::string()}}, {"c"})) ==
        "{a = 1, c = null(string)} : object({a=number, c=string})");
  Value list = Value::list({string_value("b"), string_value("a"), string_value("b")}, Type::string());
  CHECK(converted(list, Type::set(Type::string())) == "set[\"a\", \"b\"] : set(string)");
  CHECK(converted(Value::set({number_value("2"), number_value("10")}, Type::number()), Type::list(Type::string())) ==
        "list[\"2\", \"10\"] : list(string)");
  CHECK(converted(Value::map({{"a", number_value("1")}}, Type::number()), Type::object({{"a", Type::string()}})) ==
        "{a = \"1\"} : object({a=string})");
}

// Each message here is the one Packer 1.6.6 prints for a variable default that does not fit its type.
TEST_CASE("conversion failures say why as cty does") {
  CHECK(converted(Value::tuple({string_value("1"), string_value("x")}), Type::list(Type::number())) == "error: a number is required");
  CHECK(converted(Value::tuple({string_value("a"), Value::tuple({string_value("b")})}), Type::list(Type::string())) ==
        "error: element 1: string required");
  CHECK(converted(Value::object({{"y", number_value("1")}}), Type::object({{"x", Type::string()}, {"y", Type::number()}})) ==
        "error: attribute \"x\" is required");
  CHECK(converted(Value::object({{"a", string_value("x")}, {"b", Value::object({})}}), Type::map(Type::string())) ==
        "error: element \"b\": string required");
  CHECK(converted(string_value("yes"), Type::boolean()) == "error: a bool is required");
  CHECK(converted(Value::object({{"x", string_value("a")}, {"y", string_value("b")}}),
                  Type::object({{"x", Type::string()}, {"y", Type::number()}})) == "error: a number is required");
  CHECK(converted(Value::object({{"a", number_value("1")}}), Type::list(Type::string())) == "error: list of string required");
  // and the rest of cty's MismatchMessage
  CHECK(converted(Value::tuple({string_value("a"), Value::tuple({})}), Type::list(Type::dynamic())) ==
        "error: all list elements must have the same type");
  CHECK(converted(Value::object({{"a", string_value("a")}, {"b", Value::tuple({})}}), Type::map(Type::dynamic())) ==
        "error: all map elements must have the same type");
  CHECK(converted(Value::object({}), Type::object({{"a", Type::string()}, {"b", Type::string()}})) ==
        "error: attributes \"a\" and \"b\" are required");
  CHECK(converted(Value::object({}), Type::object({{"a", Type::string()}, {"b", Type::string()}, {"c", Type::string()}})) ==
        "error: attributes \"a\", \"b\", and \"c\" are required");
  CHECK(converted(Value::object({{"a", Value::tuple({})}}), Type::object({{"a", Type::string()}})) ==
        "error: attribute \"a\": string required");
  CHECK(converted(Value::list({Value::boolean(true)}, Type::boolean()), Type::list(Type::number())) ==
        "error: incorrect list element type: number required");
  CHECK(converted(Value::map({{"a", number_value("1")}}, Type::number()), Type::object({{"b", Type::string()}})) ==
        "error: unsupported attribute \"a\"");
  CHECK(converted(Value::tuple({number_value("1")}), Type::tuple({Type::number(), Type::number()})) == "error: tuple required");
}

TEST_CASE("unify finds the one type that all convert to") {
  auto unified = [](std::vector<Type> types) {
    std::optional<Type> t = unify(types);
    return t ? t->str() : "none";
  };
  CHECK(unified({Type::string(), Type::string()}) == "string");
  CHECK(unified({Type::number(), Type::string()}) == "string");
  CHECK(unified({Type::boolean(), Type::number()}) == "none");  // only given types are candidates
  CHECK(unified({Type::dynamic(), Type::number()}) == "number");
  CHECK(unified({Type::list(Type::number()), Type::list(Type::string())}) == "list(string)");
  CHECK(unified({Type::list(Type::number()), Type::string()}) == "none");
  CHECK(unified({Type::object({{"a", Type::number()}}), Type::object({{"a", Type::string()}})}) == "object({a=string})");
  // Packer 1.6.6: false ? {a = 1} : {b = 2} is {b = 2}
  CHECK(unified({Type::object({{"a", Type::number()}}), Type::object({{"b", Type::number()}})}) == "map(number)");
  CHECK(unified({Type::object({{"a", Type::number()}}), Type::object({{"b", Type::tuple({})}})}) == "none");
  CHECK(unified({Type::tuple({Type::number()}), Type::tuple({})}) == "list(number)");
  CHECK(unified({Type::map(Type::number()), Type::object({{"b", Type::string()}})}) == "map(string)");
  CHECK(unified({Type::tuple({Type::number()}), Type::tuple({Type::string()})}) == "tuple([string])");
  CHECK(unified({Type::tuple({}), Type::object({})}) == "none");
  CHECK(unified({}) == "none");
}

TEST_CASE("type constraints") {
  CHECK(constraint("string").str() == "string");
  CHECK(constraint("any").str() == "any");
  CHECK(constraint("list(map(number))").str() == "list(map(number))");
  CHECK(constraint("set(bool)").str() == "set(bool)");
  CHECK(constraint("tuple([string, number])").str() == "tuple([string, number])");
  CHECK(constraint("object({name = string, size = optional(number)})").str() ==
        "object({name=string, size=optional(number)})");
  CHECK(constraint("list(any)").friendly_name_for_constraint() == "list of any single type");
  CHECK(constraint("map(list(string))").friendly_name() == "map of list of string");
}

// The details are those Packer 1.6.6 prints for a variable's `type` (exact types: no `any`, no optional).
TEST_CASE("bad type specifications") {
  struct Bad {
    const char* source;
    const char* problem;
  };
  const Bad exact[] = {
      {"list(string(1))", "t.hcl:1,6-15: Invalid type specification; Primitive type keyword \"string\" does not expect arguments."},
      {"foo", "t.hcl:1,1-4: Invalid type specification; The keyword \"foo\" is not a valid type specification."},
      {"list(string, number)",
       "t.hcl:1,1-21: Invalid type specification; The list type constructor requires one argument specifying the element "
       "type."},
      {"object(string)",
       "t.hcl:1,8-14: Invalid type specification; Object type constructor requires a map whose keys are attribute names "
       "and whose values are the corresponding attribute types."},
      {"tuple(string)", "t.hcl:1,7-13: Invalid type specification; Tuple type constructor requires a list of element types."},
      {"map", "t.hcl:1,1-4: Invalid type specification; The map type constructor requires one argument specifying the element type."},
      {"\"string\"",
       "t.hcl:1,1-9: Invalid type specification; A type specification is either a primitive type keyword (bool, number, "
       "string) or a complex type constructor call, like list(string)."},
      {"object({a = optional(string)})",
       "t.hcl:1,13-29: Invalid type specification; Keyword \"optional\" is not a valid type constructor."},
      {"any",
       "t.hcl:1,1-4: Invalid type specification; The keyword \"any\" cannot be used in this type specification: an exact "
       "type is required."},
      {"object({\"a\" = string})", "t.hcl:1,9-12: Invalid type specification; Object constructor map keys must be attribute names."},
  };
  for (const Bad& b : exact) {
    INFO(b.source);
    std::string problems;
    constraint(b.source, &problems, true);
    CHECK(problems == b.problem);
  }
  std::string problems;
  constraint("optional(string)", &problems);
  CHECK(problems ==
        "t.hcl:1,1-17: Invalid type specification; Keyword \"optional\" is valid only as a modifier for object type "
        "attributes.");
}
