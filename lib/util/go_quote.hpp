// Go's strconv.Quote, for output that must match what Packer prints with %q.
#pragma once

#include <string>
#include <string_view>

namespace kiln {

// `s` in double quotes with Go's escapes: \" \\ \a \b \f \n \r \t \v, other control bytes as \xNN.
std::string go_quote(std::string_view s);

}  // namespace kiln
