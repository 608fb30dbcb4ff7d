// Several digests of a file from one read (OpenSSL EVP).
#pragma once

#include <string>
#include <vector>

#include "kiln/cancel.hpp"
#include "kiln/communicator.hpp"

namespace kiln {

// True when `type` is one of md5, sha1, sha224, sha256, sha384, sha512.
bool digest_supported(const std::string& type);

// Hex digests of `path`, one per type, in the order given; reads the file once.
std::vector<std::string> file_digests(const std::string& path, const std::vector<std::string>& types,
                                      const CancelToken& cancel = {}, const ProgressFn& progress = {});

}  // namespace kiln
