// Hex and sha256 of byte strings, the form the codec tests' golden values are written in.
#pragma once

#include <openssl/evp.h>

#include <string>
#include <string_view>

#include <fmt/format.h>

namespace kiln::test {

// Any contiguous bytes: std::string, std::vector<uint8_t>.
template <class Bytes>
std::string hex(const Bytes& bytes) {
  std::string out;
  for (auto c : bytes) out += fmt::format("{:02x}", static_cast<unsigned char>(c));
  return out;
}

template <class Bytes>
std::string sha256(const Bytes& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return hex(std::string_view(reinterpret_cast<const char*>(md), len));
}

}  // namespace kiln::test
