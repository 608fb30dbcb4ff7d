// Base64 encodings (RFC 4648): the standard alphabet and the URL-safe one the Docker Engine
// expects in X-Registry-Auth.
#pragma once

#include <string>

namespace kiln {

std::string base64(const std::string& in);
// '-' and '_' instead of '+' and '/', padding kept.
std::string base64url(const std::string& in);

}  // namespace kiln
