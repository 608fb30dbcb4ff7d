// JSON template values as HCL2: expressions, and plugin configurations as block bodies.
#pragma once

#include <set>
#include <string>

#include "kiln/value.hpp"
#include "template/upgrade/go_template.hpp"
#include "template/upgrade/hcl_writer.hpp"

namespace kiln::upgrade {

// `value` as HCL2 expression text; strings go through convert_go_template.
std::string hcl_expression(const Value& value, GoTemplateScope& scope);

// The members of `config` (an object) as attributes and nested blocks, in key order, except the
// keys in `skip`; the keys in `as_attribute` are attributes whatever they hold. As Packer's upgrade decides: an object holding objects or lists becomes a nested
// block, a list of objects one block per object, anything else an attribute; empty lists are left out.
void add_config(HclBody& body, const Value& config, GoTemplateScope& scope, const std::set<std::string>& skip = {},
                const std::set<std::string>& as_attribute = {});

}  // namespace kiln::upgrade
