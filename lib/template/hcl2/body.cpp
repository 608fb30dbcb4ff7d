#include "template/hcl2/body.hpp"

#include <fmt/format.h>

#include <map>

#include "hcl/config_value.hpp"
#include "template/hcl2/diagnostics.hpp"
#include "template/hcl2/dynamic_block.hpp"
#include "template/number_text.hpp"

namespace kiln::hcl2 {

const hcl::Attribute* attribute(const hcl::Body& body, std::string_view name) {
  for (const auto& a : body.attributes)
    if (a.name == name) return &a;
  return nullptr;
}

namespace {

// The nested blocks of a body, dynamic ones expanded: type → one config object per block.
using Groups = std::map<std::string, std::vector<Value>>;

void collect(const hcl::Body& body, const hcl::EvalContext& ctx, Scope& scope, Groups& groups, const Schema* schema);

// One TYPE block per iteration of dynamic "TYPE".
void expand_dynamic(const hcl::Block& block, const hcl::EvalContext& ctx, Scope& scope, Groups& groups,
                    const Schema* schema) {
  std::optional<DynamicBlock> dynamic = read_dynamic(block, scope);
  if (!dynamic) return;
  auto items = for_each_items(*dynamic, scope.eval(*dynamic->for_each->expr, ctx), scope);
  if (!items) return;
  for (const auto& item : *items)
    groups[block.labels[0]].push_back(decode_body(dynamic->content->body, schema, dynamic->iteration(scope, ctx, item), scope));
}

void collect(const hcl::Body& body, const hcl::EvalContext& ctx, Scope& scope, Groups& groups, const Schema* schema) {
  for (const auto& block : body.blocks) {
    if (block.type == "dynamic") {
      expand_dynamic(block, ctx, scope, groups, schema);
      continue;
    }
    Value object = decode_body(block.body, nullptr, ctx, scope);
    object.set_pos(position(block.range));
    groups[block.type].push_back(std::move(object));
  }
}

// Packer 1.6.6 converts HCL2 values to the plugin's types without JSON's weak decoding: a single
// value is no list, and a number given for a duration becomes a string without a unit.
void check_strict_type(const Field& field, const Value& v, const hcl::Attribute& a, Scope& scope) {
  if ((field.type == FieldType::StringList || field.type == FieldType::IntList) &&
      (v.is_string() || v.is_number() || v.is_bool()))
    add(scope.problems, a.expr->range, "Incorrect attribute value type",
        fmt::format("Inappropriate value for attribute \"{}\": list of {} required.", a.name,
                    field.type == FieldType::IntList ? "number" : "string"));
  if (field.type == FieldType::Duration && v.is_number() && v.as_number() != 0)
    add(scope.problems, a.expr->range, fmt::format("error decoding '{}'", a.name),
        fmt::format("time: missing unit in duration \"{}\"", number_text(v)));
}

}  // namespace

Value decode_attribute(const hcl::Attribute& a, const hcl::EvalContext& ctx, Scope& scope) {
  hcl::Value v = scope.eval(*a.expr, ctx);
  Value config = v.is_wholly_known() ? hcl::to_config(v) : Value::null();
  config.set_pos(position(a.expr->range));
  return config;
}

Value decode_body(const hcl::Body& body, const Schema* schema, const hcl::EvalContext& ctx, Scope& scope,
                  const std::set<std::string>& skip) {
  Value out = Value::object(position(body.range));
  std::map<std::string_view, const hcl::Attribute*> seen;
  for (const auto& a : body.attributes) {
    // Only HCL's JSON syntax can repeat an argument (native syntax refuses it when parsing).
    if (auto [first, fresh] = seen.emplace(a.name, &a); !fresh) {
      add(scope.problems, a.name_range, "Duplicate argument",
          fmt::format("The argument \"{}\" was already set at {}.", a.name, first->second->name_range.str()));
      continue;
    }
    if (skip.count(a.name)) continue;
    Value v = decode_attribute(a, ctx, scope);
    if (const Field* field = schema ? schema->find(a.name) : nullptr) check_strict_type(*field, v, a, scope);
    out.set(a.name, std::move(v), position(a.name_range));
  }
  Groups groups;
  collect(body, ctx, scope, groups, schema);
  for (auto& [type, objects] : groups) {
    if (out.find(type)) {
      add(scope.problems, body.range, "Duplicate argument",
          fmt::format("\"{}\" is set both as an argument and as a block.", type));
      continue;
    }
    const Field* field = schema ? schema->find(type) : nullptr;
    bool list = field ? field->type == FieldType::List || field->type == FieldType::Any : objects.size() > 1;
    if (field && field->type == FieldType::Any && objects.size() == 1) list = false;
    if (!list && objects.size() > 1) {
      add(scope.problems, body.range, fmt::format("Duplicate {} block", type),
          fmt::format("Only one \"{}\" block is allowed.", type));
      continue;
    }
    if (!list) {
      Position pos = objects[0].pos();
      out.set(type, std::move(objects[0]), pos);
      continue;
    }
    Value array = Value::array(objects[0].pos());
    for (auto& o : objects) array.push(std::move(o));
    Position pos = array.pos();
    out.set(type, std::move(array), pos);
  }
  return out;
}

}  // namespace kiln::hcl2
