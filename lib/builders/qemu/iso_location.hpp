// Where an iso_url points: a local file (a plain path or file:// URL) or a remote http(s) URL.
#pragma once

#include <string>

namespace kiln::qemu {

struct IsoLocation {
  bool local = true;
  std::string path;  // the local path, or the URL's path for a remote one
};

IsoLocation locate(const std::string& url);

}  // namespace kiln::qemu
