#include <doctest/doctest.h>

#include <string>

#include "hcl/config_value.hpp"
#include "hcl/eval.hpp"
#include "hcl/parser.hpp"

using namespace kiln::hcl;

namespace {

// Each reference as root.step.[key] @range.
std::string references(const std::string& source) {
  ParsedExpr p = parse_expression(source, "x.hcl");
  REQUIRE(p.expr);
  std::string out;
  for (const Traversal& t : variables(*p.expr)) {
    out += (out.empty() ? "" : " ") + t.root;
    for (const TraversalStep& s : t.steps)
      out += s.kind == TraversalStep::Kind::Attribute ? "." + s.name : "[" + debug_string(s.key) + "]";
    out += "@" + t.range.str().substr(8);
  }
  return out;
}

}  // namespace

TEST_CASE("variables lists root references with their literal steps") {
  CHECK(references("var.x") == "var.x@1-6");
  CHECK(references("\"${local.a.b}-${source.name}\"") == "local.a.b@4-13 source.name@17-28");
  CHECK(references("var.list[0].name") == "var.list[0].name@1-17");
  CHECK(references("var.m[\"k\"]") == "var.m[\"k\"]@1-11");
  CHECK(references("var.list[local.i]") == "var.list@1-9 local.i@10-17");
  CHECK(references("f(var.a, [var.b], {k = var.c})") == "var.a@3-8 var.b@11-16 var.c@24-29");
  CHECK(references("{k = 1}") == "");
  CHECK(references("[for k, v in var.m : v.x if k != local.skip]") == "var.m@14-19 local.skip@34-44");
  CHECK(references("\"%{for s in var.l}${s}${var.sep}%{endfor}\"") == "var.l@13-18 var.sep@25-32");
  CHECK(references("var.l[*].id") == "var.l@1-6");
  CHECK(references("a ? b : -c") == "a@1-2 b@5-6 c@10-11");
}

TEST_CASE("step ranges point at each attribute") {
  ParsedExpr p = parse_expression("var.nope", "build.pkr.hcl");
  REQUIRE(p.expr);
  std::vector<Traversal> refs = variables(*p.expr);
  REQUIRE(refs.size() == 1);
  CHECK(refs[0].steps[0].range.str() == "build.pkr.hcl:1,4-9");
}

TEST_CASE("config values round trip") {
  kiln::Value config = kiln::parse_json(R"({"name":"x","count":3,"ratio":0.25,"big":1e300,"on":true,"none":null,)"
                                         R"("list":[1,"a",[]],"nested":{"k":"v"}})",
                                         "t.json")
                           .value;
  Value hcl = from_config(config);
  CHECK(debug_string(hcl) ==
        "{big = 1" + std::string(300, '0') +
            ", count = 3, list = [1, \"a\", []], name = \"x\", nested = {k = \"v\"}, none = null(any), on = true, "
            "ratio = 0.25}");
  CHECK(hcl.type().attributes().at("count") == Type::number());
  CHECK(to_config(hcl).to_json() ==
        R"({"big":1e300,"count":3,"list":[1,"a",[]],"name":"x","nested":{"k":"v"},"none":null,"on":true,"ratio":0.25})");
  CHECK(to_config(Value::set({Value::string("b"), Value::string("a")}, Type::string())).to_json() == R"(["a","b"])");
  CHECK(to_config(Value::number(*Number::parse("1e30"))).to_json() == "1e30");
  CHECK(to_config(Value::number(*Number::parse("-7"))).is_integer());
  CHECK(to_config(Value::unknown(Type::string())).is_null());
  CHECK(to_config(Value::map({{"a", Value::boolean(false)}}, Type::boolean())).to_json() == R"({"a":false})");
}
