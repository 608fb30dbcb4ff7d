// Packer's StepCreateCD: the cd_files copied into a temporary directory and made into an ISO
// image by xorriso (or mkisofs), for qemu to attach as a CD drive.
#pragma once

#include <string>
#include <vector>

#include "kiln/cleanup.hpp"
#include "kiln/plugin.hpp"

namespace kiln::qemu {

// The image's path ("" without files; label "" is Packer's "packer"). The image and its staging
// directory are removed by `cleanup`.
std::string create_cd_image(const std::vector<std::string>& files, const std::string& label, const BuilderContext& ctx,
                            CleanupStack& cleanup);

}  // namespace kiln::qemu
