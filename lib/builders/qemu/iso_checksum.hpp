// Packer 1.6.6's iso_checksum (go-getter's checksum forms): "none", "type:hex", a bare hex digest
// whose length names the type, or "file:URL" naming a checksum list that holds the ISO's entry.
#pragma once

#include <string>

#include "kiln/cancel.hpp"
#include "kiln/environment.hpp"

namespace kiln::qemu {

// "type:hex" for `spec` as it applies to `iso_url` (a checksum list is read now, locally or over
// http(s)). Throws Error with go-getter's message, e.g. "unsupported checksum type: foo".
std::string resolve_iso_checksum(const std::string& spec, const std::string& iso_url, const Environment& env);

// Throws Error("Checksums did not match for …") unless `path`'s digest is `checksum` ("type:hex").
void verify_checksum(const std::string& path, const std::string& checksum, const CancelToken& cancel);

}  // namespace kiln::qemu
