// A free TCP port in a range, found as Packer's ListenRangeConfig does: random tries, bind, release.
#pragma once

#include <string>

#include "kiln/cancel.hpp"

namespace kiln::qemu {

// A port in [min, max] that `address` could bind just now. Throws Error when none is found.
int free_port(const std::string& address, int min, int max, const CancelToken& cancel);

}  // namespace kiln::qemu
