#include "template/hcl2/packer_block.hpp"

#include <fmt/format.h>

#include <array>

#include "hcl/convert.hpp"
#include "hcl/eval.hpp"
#include "kiln/version.hpp"
#include "template/hcl2/diagnostics.hpp"
#include "util/go_version.hpp"

namespace kiln::hcl2 {
namespace {

const char* const constraint_docs = "https://packer.io/docs/from-1.5/blocks/packer#version-constraints";

// Packer evaluates these attributes without variables or functions.
hcl::Value constant(const hcl::Attribute& a, Problems& problems) {
  hcl::Diagnostics diagnostics;
  hcl::Value v = hcl::evaluate(*a.expr, hcl::EvalContext{}, diagnostics);
  add_all(diagnostics, problems);
  return diagnostics.empty() ? v : hcl::Value::unknown(hcl::Type::dynamic());
}

void check_required_version(const hcl::Attribute& a, Problems& problems) {
  hcl::Value v = constant(a, problems);
  std::string why;
  auto text = hcl::convert(v, hcl::Type::string(), why);
  if (!text) {
    add(problems, a.expr->range, "Invalid version constraint",
        fmt::format("A string value is required for {}.", a.name));
    return;
  }
  if (text->is_null() || !text->is_wholly_known()) return;
  std::string malformed;
  auto constraints = parse_go_constraints(text->as_string(), malformed);
  if (!constraints) {
    add(problems, a.expr->range, "Invalid version constraint",
        fmt::format("This string does not use correct version constraint syntax. Check out the docs: {}",
                    constraint_docs));
    return;
  }
  if (!satisfies(*parse_go_version(packer_compat_version), *constraints))
    add(problems, a.range, "Unsupported Packer Core version",
        fmt::format("This configuration does not support Packer version {}. To proceed, either choose another "
                    "supported Packer version or update this version constraint. Version constraints are "
                    "normally set for good reason, so updating the constraint may lead to other errors or "
                    "unexpected behavior.",
                    packer_compat_version));
}

// The plugins kiln's built-in builders, provisioners and post-processors come from, by name under
// github.com/hashicorp/.
constexpr std::array<const char*, 8> built_in_plugins = {"amazon", "ansible", "chef",  "docker",
                                                         "puppet", "qemu",    "salt",  "vagrant"};

bool built_in_plugin(const std::string& source) {
  for (const char* name : built_in_plugins)
    if (source == fmt::format("github.com/hashicorp/{}", name)) return true;
  return false;
}

std::string built_in_plugin_list() {
  std::string list;
  for (const char* name : built_in_plugins)
    list += fmt::format("{}github.com/hashicorp/{}", list.empty() ? "" : ", ", name);
  return list;
}

void check_required_plugin(const hcl::Attribute& a, Problems& problems) {
  hcl::Value v = constant(a, problems);
  if (!v.is_known()) return;
  const hcl::Range& at = a.expr->range;
  if (v.type().is_primitive()) {
    add(problems, a.range, "Invalid plugin requirement",
        fmt::format("'{0} = ...' plugin requirement calls are not possible. You must define a whole block, for "
                    "example {0} = {{ source = \"github.com/hashicorp/{0}\", version = \">= 1.0.0\" }}.",
                    a.name));
    return;
  }
  if (v.type().kind() != hcl::Type::Kind::Object || v.is_null()) {
    add(problems, at, "Invalid required_plugins syntax", "required_plugins entries must be objects.");
    return;
  }
  const auto& fields = v.attributes();
  for (const auto& [name, field] : fields)
    if (name != "version" && name != "source") {
      add(problems, at, "Invalid required_plugins object",
          "required_plugins objects can only contain \"version\" and \"source\" attributes.");
      return;
    }
  auto version = fields.find("version");
  if (version == fields.end()) {
    add(problems, at, "No version constraint was set",
        "The version field must be specified as a string. Ex: `version = \">= 1.2.0, < 2.0.0\"`.");
    return;
  }
  std::string malformed;
  if (version->second.type() != hcl::Type::string() || version->second.is_null() || !version->second.is_known()) {
    add(problems, at, "Invalid version constraint", "Version must be specified as a string.");
    return;
  }
  if (!parse_go_constraints(version->second.as_string(), malformed)) {
    add(problems, at, "Invalid version constraint",
        fmt::format("This string does not use correct version constraint syntax. Malformed constraint: {}",
                    malformed));
    return;
  }
  auto source = fields.find("source");
  if (source == fields.end()) {
    add(problems, at, "No source was set",
        "The source field must be specified as a string. Ex: `source = \"github.com/hashicorp/amazon\"`.");
    return;
  }
  if (source->second.type() != hcl::Type::string() || source->second.is_null() || !source->second.is_known()) {
    add(problems, at, "Invalid source", "Source must be specified as a string.");
    return;
  }
  if (!built_in_plugin(source->second.as_string()))
    add(problems, at, "Missing plugins",
        fmt::format("The plugin {} {} is required, but kiln does not have it: kiln runs only its built-in "
                    "plugins ({}).",
                    source->second.as_string(), version->second.as_string(), built_in_plugin_list()));
}

void check_block(const hcl::Block& block, Problems& problems) {
  for (const auto& a : block.body.attributes) {
    if (a.name == "required_version") check_required_version(a, problems);
    else
      add(problems, a.name_range, "Unsupported argument",
          fmt::format("An argument named \"{}\" is not expected here.", a.name));
  }
  for (const auto& inner : block.body.blocks) {
    if (inner.type != "required_plugins") {
      add(problems, inner.type_range, "Unsupported block type",
          fmt::format("Blocks of type \"{}\" are not expected here.", inner.type));
      continue;
    }
    if (!inner.labels.empty()) {
      add(problems, inner.label_ranges[0], "Extraneous label for required_plugins",
          "No labels are expected for required_plugins blocks.");
      continue;
    }
    for (const auto& a : inner.body.attributes) check_required_plugin(a, problems);
    for (const auto& b : inner.body.blocks)
      add(problems, b.type_range, "Unexpected \"" + b.type + "\" block", "Blocks are not allowed here.");
  }
}

}  // namespace

void check_packer_blocks(const HclTemplate& t, Problems& problems) {
  for (const auto& file : t.files)
    for (const auto& block : file.body.blocks)
      if (block.type == "packer") check_block(block, problems);
}

}  // namespace kiln::hcl2
