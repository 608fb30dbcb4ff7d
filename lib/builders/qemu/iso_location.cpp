#include "builders/qemu/iso_location.hpp"

namespace kiln::qemu {

IsoLocation locate(const std::string& url) {
  if (url.starts_with("file://")) return {true, url.substr(7)};
  if (url.starts_with("file:")) return {true, url.substr(5)};
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {true, url};
  auto path_start = url.find('/', scheme_end + 3);
  std::string path = path_start == std::string::npos ? "/" : url.substr(path_start);
  if (auto query = path.find_first_of("?#"); query != std::string::npos) path.erase(query);
  return {false, path};
}

}  // namespace kiln::qemu
