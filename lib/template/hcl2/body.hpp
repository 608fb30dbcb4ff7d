// A plugin's HCL2 body as the configuration object its JSON form would be: attributes evaluated,
// nested blocks (and `dynamic` ones) as objects, or lists of objects where the plugin's schema
// takes a list.
#pragma once

#include <set>
#include <string>

#include "kiln/config.hpp"
#include "template/hcl2/scope.hpp"

namespace kiln::hcl2 {

// Attributes named in `skip` are left out (the keys the runner handles: only, except …). `schema`
// may be null (unknown plugin type).
Value decode_body(const hcl::Body& body, const Schema* schema, const hcl::EvalContext& ctx, Scope& scope,
                  const std::set<std::string>& skip = {});

// The attribute named `name` in `body`, or nullptr.
const hcl::Attribute* attribute(const hcl::Body& body, std::string_view name);

// One attribute's value as configuration, positioned at the attribute.
Value decode_attribute(const hcl::Attribute& attribute, const hcl::EvalContext& ctx, Scope& scope);

}  // namespace kiln::hcl2
