// Go reference-time layouts ("2006-01-02 15:04:05") and the strftime subset Packer's {{strftime}} accepts.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace kiln::tmpl {

// Packer's {{strftime}}: %Y %y %m %d %H %I %M %S %p %B %b %A %a %Z %z %L and %%; any other %c is kept as is.
std::string format_strftime(std::chrono::system_clock::time_point t, std::string_view format);

}  // namespace kiln::tmpl
