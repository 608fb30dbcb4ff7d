#include "template/hcl2/body.hpp"

#include <fmt/format.h>

#include <map>

#include "hcl/config_value.hpp"
#include "template/hcl2/diagnostics.hpp"

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

// dynamic "TYPE" { for_each = …, iterator = NAME, content { … } }: one TYPE block per element, with
// NAME (default TYPE) holding the element's key and value.
void expand_dynamic(const hcl::Block& block, const hcl::EvalContext& ctx, Scope& scope, Groups& groups,
                    const Schema* schema) {
  if (block.labels.size() != 1) {
    add(scope.problems, block.type_range, "Invalid dynamic block", "A dynamic block takes one label: the block type.");
    return;
  }
  const hcl::Attribute* for_each = attribute(block.body, "for_each");
  const hcl::Block* content = nullptr;
  for (const auto& inner : block.body.blocks)
    if (inner.type == "content") content = &inner;
  if (!for_each || !content) {
    add(scope.problems, block.range, "Invalid dynamic block", "A dynamic block needs for_each and a content block.");
    return;
  }
  std::string iterator = block.labels[0];
  if (const hcl::Attribute* it = attribute(block.body, "iterator")) {
    if (const auto* name = std::get_if<hcl::VariableExpr>(&it->expr->node)) iterator = name->name;
    else add(scope.problems, it->range, "Invalid dynamic iterator name", "The iterator must be a single name.");
  }
  hcl::Value collection = scope.eval(*for_each->expr, ctx);
  if (!collection.is_known() || collection.is_null()) return;
  auto each = [&](const hcl::Value& key, const hcl::Value& value) {
    const hcl::EvalContext& inner = scope.child(ctx, {{iterator, hcl::Value::object({{"key", key}, {"value", value}})}});
    groups[block.labels[0]].push_back(decode_body(content->body, schema, inner, scope));
  };
  if (collection.type().is_list_like()) {
    const auto& elements = collection.elements();
    bool is_set = collection.type().kind() == hcl::Type::Kind::Set;
    for (size_t i = 0; i < elements.size(); ++i)
      each(is_set ? elements[i] : hcl::Value::number(static_cast<int64_t>(i)), elements[i]);
  } else if (collection.type().kind() == hcl::Type::Kind::Map || collection.type().kind() == hcl::Type::Kind::Object) {
    for (const auto& [k, v] : collection.attributes()) each(hcl::Value::string(k), v);
  } else {
    add(scope.problems, for_each->range, "Invalid dynamic for_each value",
        fmt::format("Cannot use a {} value in for_each. An iterable collection is required.",
                    collection.type().friendly_name()));
  }
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
  for (const auto& a : body.attributes) {
    if (skip.count(a.name)) continue;
    out.set(a.name, decode_attribute(a, ctx, scope), position(a.name_range));
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
