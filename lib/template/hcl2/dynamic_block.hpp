// dynamic "TYPE" { for_each = …, iterator = NAME, labels = […], content { … } }: the parts of a
// dynamic block and its iterations, shared by nested blocks in plugin bodies and by dynamic
// provisioners (materialised and inspected).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "template/hcl2/scope.hpp"

namespace kiln::hcl2 {

struct DynamicBlock {
  const hcl::Attribute* for_each = nullptr;
  const hcl::Attribute* labels = nullptr;  // may be null
  const hcl::Block* content = nullptr;
  std::string iterator;  // `iterator`, else the block's type label

  // The context of one iteration: the iterator holds {key, value}.
  const hcl::EvalContext& iteration(Scope& scope, const hcl::EvalContext& parent,
                                    const std::pair<hcl::Value, hcl::Value>& item) const;
};

// Whether `block` is dynamic "TYPE" { … }.
inline bool is_dynamic(const hcl::Block& block, std::string_view type) {
  return block.type == "dynamic" && block.labels.size() == 1 && block.labels[0] == type;
}

// The block's parts, or nullopt after adding the problem (a missing label, for_each or content).
std::optional<DynamicBlock> read_dynamic(const hcl::Block& block, Scope& scope);

// The iterations of for_each's value as (key, value): index → element for lists and tuples,
// element → element for sets, name → value for maps and objects; none for an unknown or null
// value. Nullopt after adding the problem when the value is not a collection.
std::optional<std::vector<std::pair<hcl::Value, hcl::Value>>> for_each_items(const DynamicBlock& dynamic,
                                                                             const hcl::Value& collection,
                                                                             Scope& scope);

}  // namespace kiln::hcl2
