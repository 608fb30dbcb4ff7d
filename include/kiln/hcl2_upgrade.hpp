// `hcl2_upgrade`: a JSON template rewritten as one HCL2 file that builds the same things.
#pragma once

#include <string>
#include <string_view>

namespace kiln {

struct Hcl2UpgradeOptions {
  bool annotations = false;  // explain each part of the file in comments (-with-annotations)
};

// The HCL2 text for the JSON template `json` (`origin` names it in errors and in the annotations).
// Throws TemplateError when the JSON template does not parse.
std::string hcl2_upgrade(std::string_view json, const std::string& origin, const Hcl2UpgradeOptions& options = {});

}  // namespace kiln
