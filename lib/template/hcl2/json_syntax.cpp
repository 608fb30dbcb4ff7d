#include "template/hcl2/json_syntax.hpp"

#include <fmt/format.h>

#include <map>

#include "hcl/parser.hpp"
#include "kiln/value.hpp"

namespace kiln::hcl2 {
namespace {

hcl::Range range_of(const Position& pos) {
  hcl::Pos start{pos.line, pos.column, 0};
  hcl::Pos end{pos.line, pos.column + 1, 0};
  return hcl::Range{pos.file, start, end};
}

void add_problem(hcl::Diagnostics& diagnostics, const Position& pos, std::string summary, std::string detail) {
  diagnostics.push_back(hcl::Diagnostic{range_of(pos), std::move(summary), std::move(detail)});
}

template <typename Node>
hcl::ExprPtr make(const Position& pos, Node node) {
  return std::make_unique<hcl::Expr>(hcl::Expr{range_of(pos), std::move(node)});
}

// A JSON string is a template: quoted and escaped so that native syntax reads back the same text,
// with its ${ } and %{ } sequences intact.
hcl::ExprPtr template_expr(const Value& v, hcl::Diagnostics& diagnostics) {
  std::string quoted = "\"";
  for (unsigned char c : v.as_string()) {
    switch (c) {
      case '"': quoted += "\\\""; break;
      case '\\': quoted += "\\\\"; break;
      case '\n': quoted += "\\n"; break;
      case '\r': quoted += "\\r"; break;
      case '\t': quoted += "\\t"; break;
      default:
        if (c < 0x20) quoted += fmt::format("\\u{:04x}", c);
        else quoted += static_cast<char>(c);
    }
  }
  quoted += '"';
  hcl::ParsedExpr parsed = hcl::parse_expression(quoted, v.pos().file);
  for (auto& d : parsed.diagnostics) {
    d.subject = range_of(v.pos());
    diagnostics.push_back(std::move(d));
  }
  if (!parsed.expr) return make(v.pos(), hcl::LiteralExpr{hcl::LiteralExpr::Kind::String, v.as_string()});
  parsed.expr->range = range_of(v.pos());
  return std::move(parsed.expr);
}

hcl::ExprPtr expression(const Value& v, hcl::Diagnostics& diagnostics) {
  using Kind = hcl::LiteralExpr::Kind;
  switch (v.type()) {
    case Value::Type::Null: return make(v.pos(), hcl::LiteralExpr{Kind::Null, {}});
    case Value::Type::Bool: return make(v.pos(), hcl::LiteralExpr{Kind::Bool, {}, v.as_bool()});
    case Value::Type::Number:
      return make(v.pos(), hcl::LiteralExpr{Kind::Number, v.is_integer() ? std::to_string(v.as_int())
                                                                          : fmt::format("{}", v.as_number())});
    case Value::Type::String: return template_expr(v, diagnostics);
    case Value::Type::Array: {
      hcl::TupleExpr tuple;
      for (const auto& item : v.items()) tuple.items.push_back(expression(item, diagnostics));
      return make(v.pos(), std::move(tuple));
    }
    case Value::Type::Object: {
      hcl::ObjectExpr object;
      object.unique_keys = true;  // evaluating it reports a repeated key, as HCL's JSON syntax does
      for (size_t i = 0; i < v.size(); ++i) {
        if (v.keys()[i] == "//") continue;

        object.items.push_back(hcl::ObjectItem{make(v.key_pos(i), hcl::LiteralExpr{Kind::String, v.keys()[i]}),
                                               expression(v.member(i), diagnostics)});
      }
      return make(v.pos(), std::move(object));
    }
  }
  return nullptr;
}

// How a key of a body is read: as an attribute, or as blocks with this many labels.
struct BlockKind {
  int labels = -1;  // -1: an attribute
  const char* schema = "";  // the body schema of the blocks' content
};

BlockKind kind_in(std::string_view schema, std::string_view key) {
  if (schema == "root") {
    if (key == "variable") return {1, "variable"};
    if (key == "local") return {1, "attributes"};
    if (key == "variables" || key == "locals" || key == "packer") return {0, "attributes"};
    if (key == "source" || key == "data") return {2, "plugin"};
    if (key == "communicator") return {2, "plugin"};  // in Packer 1.6.6's schema, ignored
    if (key == "build") return {0, "build"};
  } else if (schema == "build") {
    if (key == "provisioner" || key == "post-processor" || key == "error-cleanup-provisioner")
      return {1, "plugin"};
    if (key == "source") return {1, "plugin"};
    if (key == "post-processors") return {0, "post-processors"};
    if (key == "dynamic") return {1, "dynamic"};
  } else if (schema == "post-processors") {
    if (key == "post-processor") return {1, "plugin"};
  } else if (schema == "dynamic") {
    if (key == "content") return {0, "plugin"};
  }
  return {};
}

hcl::Body body_of(const Value& v, std::string_view schema, hcl::Diagnostics& diagnostics);

// The blocks under `key`: an object per label level, and at the last level an object (one block)
// or an array of objects (several).
void add_blocks(hcl::Body& body, const std::string& type, const Position& type_pos, const Value& v, int labels,
                std::vector<std::string> prefix, const char* schema, hcl::Diagnostics& diagnostics) {
  if (v.is_array()) {
    for (const auto& item : v.items()) add_blocks(body, type, type_pos, item, labels, prefix, schema, diagnostics);
    return;
  }
  if (!v.is_object()) {
    add_problem(diagnostics, v.pos(), "Incorrect JSON value type",
                fmt::format("A JSON object is required here, to define the {} block.", type));
    return;
  }
  if (static_cast<int>(prefix.size()) < labels) {
    for (size_t i = 0; i < v.size(); ++i) {
      if (v.keys()[i] == "//") continue;
      std::vector<std::string> next = prefix;
      next.push_back(v.keys()[i]);
      add_blocks(body, type, type_pos, v.member(i), labels, next, schema, diagnostics);
    }
    return;
  }
  hcl::Block block;
  block.type = type;
  block.labels = prefix;
  block.label_ranges.assign(prefix.size(), range_of(v.pos()));
  block.body = body_of(v, schema, diagnostics);
  block.range = range_of(v.pos());
  block.type_range = range_of(type_pos);
  body.blocks.push_back(std::move(block));
}

hcl::Body body_of(const Value& v, std::string_view schema, hcl::Diagnostics& diagnostics) {
  hcl::Body body;
  body.range = range_of(v.pos());
  if (!v.is_object()) {
    add_problem(diagnostics, v.pos(), "Incorrect JSON value type", "A JSON object is required here.");
    return body;
  }
  std::map<std::string_view, size_t> arguments;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string& key = v.keys()[i];
    if (key == "//") continue;
    BlockKind kind = kind_in(schema, key);
    if (kind.labels >= 0) {
      add_blocks(body, key, v.key_pos(i), v.member(i), kind.labels, {}, kind.schema, diagnostics);
      continue;
    }
    // A plugin's body keeps both: decoding it reports the repeat, as Packer's does (inspect does not).
    if (auto [it, fresh] = arguments.emplace(key, i); !fresh && schema != "plugin") {
      add_problem(diagnostics, v.key_pos(i), "Duplicate argument",
                  fmt::format("The argument \"{}\" was already set at {}.", key, range_of(v.key_pos(it->second)).str()));
      continue;
    }
    hcl::ExprPtr expr;
    // A variable's type is written as a string holding the type expression.
    if (key == "type" && schema == "variable" && v.member(i).is_string()) {
      hcl::ParsedExpr parsed = hcl::parse_expression(v.member(i).as_string(), v.pos().file);
      for (auto& d : parsed.diagnostics) add_problem(diagnostics, v.member(i).pos(), d.summary, d.detail);
      expr = std::move(parsed.expr);
    }
    if (!expr) expr = expression(v.member(i), diagnostics);
    hcl::Attribute attribute{key, std::move(expr), range_of(v.key_pos(i)), range_of(v.key_pos(i))};
    body.attributes.push_back(std::move(attribute));
  }
  return body;
}

Value parse_or_report(std::string_view text, const std::string& file, hcl::Diagnostics& diagnostics) {
  try {
    ParseOptions strict;
    strict.relaxed = false;
    strict.duplicate_keys = true;  // a repeated block key is another block; a repeated argument is refused below
    return parse_json(text, file, strict).value;
  } catch (const TemplateError& e) {
    for (const auto& p : e.problems()) add_problem(diagnostics, p.pos, "Invalid JSON", p.message);
  }
  return Value::object(Position{file, 1, 1});
}

}  // namespace

hcl::Body parse_json_file(std::string_view text, const std::string& file, hcl::Diagnostics& diagnostics) {
  return body_of(parse_or_report(text, file, diagnostics), "root", diagnostics);
}

hcl::Body parse_json_attributes(std::string_view text, const std::string& file, hcl::Diagnostics& diagnostics) {
  return body_of(parse_or_report(text, file, diagnostics), "attributes", diagnostics);
}

}  // namespace kiln::hcl2
