// The lazy half of kiln::global_init: each part's first use sets that part up, without a reference.
#pragma once

#include "net/curl_api.hpp"

namespace kiln::detail {

void ensure_libssh2();
// Throws kiln::Error when curl_global_init fails.
void ensure_curl(const net::CurlApi& api);

}  // namespace kiln::detail
