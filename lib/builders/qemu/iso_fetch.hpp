// Packer 1.6.6's StepDownload for the qemu source (ISO or disk image): local files are used in
// place, http(s) ones downloaded into packer_cache under the name Packer gives them; every one is
// checked against iso_checksum.
#pragma once

#include <string>

#include "builders/qemu/qemu_config.hpp"
#include "kiln/plugin.hpp"

namespace kiln::qemu {

// The cache file for `url`: PACKER_CACHE_DIR (default packer_cache) / sha1(checksum, or the URL
// when there is none) . iso_target_extension; iso_target_path replaces or prefixes it as in Packer.
std::string cache_path(const QemuConfig& c, const std::string& url, const Environment& env);

// Returns the local path of the first URL that yields a file with the right checksum; with
// iso_skip_cache, the URL qemu is to read itself.
std::string fetch_iso(const QemuConfig& c, const BuilderContext& ctx);

}  // namespace kiln::qemu
