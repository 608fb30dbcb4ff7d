// The node attributes file Packer 1.6.6 writes for Chef (node.json for chef-solo, first-boot.json
// for chef-client), byte for byte.
#pragma once

#include <string>
#include <vector>

#include "kiln/interpolate.hpp"
#include "kiln/value.hpp"

namespace kiln {

// `json` (an object) with "run_list" set to `run_list` when that is not empty. As Packer, the
// attributes go through Go's encoding/json (numbers become float64), their JSON text is rendered
// once more with `interp`'s user variables escaped for JSON strings, and the result is written as
// json.MarshalIndent does with two spaces: keys in byte order, <, > and & as \u003c …, no final
// newline. Throws Error when that rendering fails or breaks the JSON.
std::string chef_attributes(const Value& json, const std::vector<std::string>& run_list, const InterpContext& interp);

}  // namespace kiln
