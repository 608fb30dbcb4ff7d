// bcrypt (Provos and Mazières' Blowfish-based password hash), as golang.org/x/crypto/bcrypt writes it:
// "$2a$COST$" followed by the salt and the hash in bcrypt's base-64 alphabet. None of kiln's
// dependencies offers Blowfish's expensive key setup, so the cipher is implemented here; its
// initial state, the hexadecimal digits of pi, is computed rather than tabulated.
#pragma once

#include <string>

namespace kiln::hcl::functions {

// The hash of `password` with the 16-byte `salt` at 2^cost rounds (cost 4-31).
std::string bcrypt_hash(const std::string& password, const std::string& salt, int cost);

// bcrypt's base-64 (./A-Za-z0-9, no padding), as it writes salts and hashes.
std::string bcrypt_base64(const std::string& bytes);
std::string bcrypt_base64_decode(const std::string& text);

}  // namespace kiln::hcl::functions
