#include "comm/ssh/private_key.hpp"

#include <cctype>
#include <cstdint>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "kiln/error.hpp"
#include "util/read_file.hpp"

namespace kiln {
namespace {

// OpenSSH's own key format names its cipher inside the base64 body: "none" unless encrypted.
bool openssh_key_encrypted(const std::string& pem) {
  const std::string begin = "-----BEGIN OPENSSH PRIVATE KEY-----", end = "-----END OPENSSH PRIVATE KEY-----";
  auto b = pem.find(begin), e = pem.find(end);
  if (b == std::string::npos || e == std::string::npos) return false;
  std::string b64;
  for (char c : pem.substr(b + begin.size(), e - b - begin.size()))
    if (!std::isspace(static_cast<unsigned char>(c))) b64 += c;
  std::string raw(b64.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(raw.data()), reinterpret_cast<const unsigned char*>(b64.data()),
                          static_cast<int>(b64.size()));
  const std::string magic("openssh-key-v1\0", 15);
  if (n < 19 || raw.compare(0, magic.size(), magic) != 0) return false;
  auto len = (static_cast<uint32_t>(static_cast<unsigned char>(raw[15])) << 24) |
             (static_cast<uint32_t>(static_cast<unsigned char>(raw[16])) << 16) |
             (static_cast<uint32_t>(static_cast<unsigned char>(raw[17])) << 8) | static_cast<unsigned char>(raw[18]);
  return raw.compare(19, len, "none") != 0;
}

}  // namespace

std::string read_key_file(const std::string& path, const char* what) {
  try {
    return read_input_file(path, what);  // a FIFO or /dev/zero neither blocks nor fills memory
  } catch (const Error& e) {
    throw CommError(fmt::format("ssh: {}", e.what()));
  }
}

std::string private_key_problem(const std::string& text, const std::string& path) {
  if (text.find("-----BEGIN ") == std::string::npos) return fmt::format("Failed to read key '{}': no key found", path);
  // A PEM key with "Proc-Type: 4,ENCRYPTED", or a PKCS#8 "ENCRYPTED PRIVATE KEY".
  if (text.find("ENCRYPTED") != std::string::npos)
    return fmt::format("Failed to read key '{}': password protected keys are not supported. Please decrypt the key "
                       "prior to use.", path);
  if (openssh_key_encrypted(text)) return fmt::format("key '{}': ssh: this private key is passphrase protected", path);
  return {};
}

std::string certificate_problem(const std::string& text) {
  auto type_end = text.find(' ');
  if (type_end == std::string::npos || !text.substr(0, type_end).ends_with("-cert-v01@openssh.com"))
    return "not an OpenSSH certificate (\"<type>-cert-v01@openssh.com AAAA…\", as ssh-keygen -s writes it)";
  return {};
}

}  // namespace kiln
