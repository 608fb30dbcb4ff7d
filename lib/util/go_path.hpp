// Go's path.Clean for the rooted paths of URLs (the HTTP file server's request paths, SigV4's
// canonical URI).
#pragma once

#include <string>
#include <string_view>

namespace kiln {

// "/" followed by the path's segments with "", "." and ".." resolved; ".." never climbs above the root.
std::string go_clean_rooted_path(std::string_view path);

}  // namespace kiln
