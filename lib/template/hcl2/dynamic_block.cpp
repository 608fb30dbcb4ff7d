#include "template/hcl2/dynamic_block.hpp"

#include <fmt/format.h>

#include "template/hcl2/body.hpp"
#include "template/hcl2/diagnostics.hpp"

namespace kiln::hcl2 {

const hcl::EvalContext& DynamicBlock::iteration(Scope& scope, const hcl::EvalContext& parent,
                                                const std::pair<hcl::Value, hcl::Value>& item) const {
  return scope.child(parent, {{iterator, hcl::Value::object({{"key", item.first}, {"value", item.second}})}});
}

std::optional<DynamicBlock> read_dynamic(const hcl::Block& block, Scope& scope) {
  if (block.labels.size() != 1) {
    add(scope.problems, block.type_range, "Invalid dynamic block", "A dynamic block takes one label: the block type.");
    return std::nullopt;
  }
  DynamicBlock out;
  out.for_each = attribute(block.body, "for_each");
  out.labels = attribute(block.body, "labels");
  for (const auto& inner : block.body.blocks)
    if (inner.type == "content") out.content = &inner;
  if (!out.for_each || !out.content) {
    add(scope.problems, block.range, "Invalid dynamic block", "A dynamic block needs for_each and a content block.");
    return std::nullopt;
  }
  out.iterator = block.labels[0];
  if (const hcl::Attribute* it = attribute(block.body, "iterator")) {
    if (const auto* name = std::get_if<hcl::VariableExpr>(&it->expr->node)) out.iterator = name->name;
    else add(scope.problems, it->range, "Invalid dynamic iterator name", "The iterator must be a single name.");
  }
  return out;
}

std::optional<std::vector<std::pair<hcl::Value, hcl::Value>>> for_each_items(const DynamicBlock& dynamic,
                                                                             const hcl::Value& collection,
                                                                             Scope& scope) {
  std::vector<std::pair<hcl::Value, hcl::Value>> items;
  if (!collection.is_known() || collection.is_null()) return items;
  if (collection.type().is_list_like()) {
    const auto& elements = collection.elements();
    bool is_set = collection.type().kind() == hcl::Type::Kind::Set;
    for (size_t i = 0; i < elements.size(); ++i)
      items.emplace_back(is_set ? elements[i] : hcl::Value::number(static_cast<int64_t>(i)), elements[i]);
    return items;
  }
  if (collection.type().kind() == hcl::Type::Kind::Map || collection.type().kind() == hcl::Type::Kind::Object) {
    for (const auto& [k, v] : collection.attributes()) items.emplace_back(hcl::Value::string(k), v);
    return items;
  }
  add(scope.problems, dynamic.for_each->range, "Invalid dynamic for_each value",
      fmt::format("Cannot use a {} value in for_each. An iterable collection is required.",
                  collection.type().friendly_name()));
  return std::nullopt;
}

}  // namespace kiln::hcl2
