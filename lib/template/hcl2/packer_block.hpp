// The `packer {}` block: `required_version` checked against the Packer version kiln follows, and
// `required_plugins` (later Packer's) accepted only for plugins kiln has built in.
#pragma once

#include "kiln/error.hpp"
#include "template/hcl2/hcl2.hpp"

namespace kiln::hcl2 {

// Adds a problem for each constraint kiln does not meet and each plugin it does not have.
void check_packer_blocks(const HclTemplate& t, Problems& problems);

}  // namespace kiln::hcl2
