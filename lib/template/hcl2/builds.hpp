// Sources and build blocks of an HCL2 template → the builders, provisioners and post-processor
// sequences of a Template: one builder per build × source, named as Packer 1.6.6 names it
// ("BUILD.TYPE.NAME", or "TYPE.NAME" for a build without a name). Every provisioner and
// post-processor is evaluated per build (source.name, source.type, build.*) and applies to that
// build only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kiln/registry.hpp"
#include "template/hcl2/hcl2.hpp"
#include "template/hcl2/scope.hpp"

namespace kiln::hcl2 {

struct SourceRef {
  std::string type, name;
  std::string str() const { return type + "." + name; }
};

// A build's reference to a source as Packer 1.6.6 reads it: "TYPE.NAME", or with three parts or
// more the first dropped ("source.TYPE.NAME", but any first part) and the parts after NAME ignored;
// nullopt unless TYPE and NAME are identifiers.
std::optional<SourceRef> parse_source_ref(std::string_view text);

// Fills t.builders, t.provisioners, t.post_processors and t.error_cleanup_provisioners. scope.root
// must hold var, local, path and packer.
void add_builds(const HclTemplate& hcl, const Registry& registry, Scope& scope, Template& t);

}  // namespace kiln::hcl2
