// Hash and crypto functions: md5, sha1, sha256, sha512, uuidv4, uuidv5, rsadecrypt (OpenSSL).
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <cstdio>
#include <memory>

#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"

namespace kiln::hcl::functions {

namespace {


std::string digest(const EVP_MD* md, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out, &size, md, nullptr);
  return std::string(reinterpret_cast<char*>(out), size);
}

std::string hex(const std::string& bytes) {
  std::string out;
  char buf[3];
  for (unsigned char c : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    out += buf;
  }
  return out;
}

Function hex_digest(const EVP_MD* (*md)()) {
  return fixed({param("str", kString)}, kString, [md](const Args& a) { return text(hex(digest(md(), a[0].as_string()))); });
}

std::string uuid_text(const unsigned char b[16]) {
  std::string h = hex(std::string(reinterpret_cast<const char*>(b), 16));
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

// A UUID in its textual forms (with or without dashes, braces or the urn:uuid: prefix), as
// google/uuid's Parse accepts them.
std::optional<std::string> uuid_bytes(std::string s) {
  if (s.size() == 45 && s.rfind("urn:uuid:", 0) == 0) s = s.substr(9);
  if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
  if (s.size() == 36) {
    if (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return std::nullopt;
    std::string compact;
    for (char c : s)
      if (c != '-') compact += c;
    s = compact;
  }
  if (s.size() != 32) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < 32; i += 2) {
    unsigned value;
    if (!std::isxdigit(static_cast<unsigned char>(s[i])) || !std::isxdigit(static_cast<unsigned char>(s[i + 1]))) return std::nullopt;
    std::sscanf(s.substr(i, 2).c_str(), "%x", &value);
    out += char(value);
  }
  return out;
}

// google/uuid's complaint about a namespace that is not a UUID.
std::string uuid_problem(const std::string& s) {
  size_t n = s.size();
  if (n != 32 && n != 36 && n != 38 && n != 45) return "invalid UUID length: " + std::to_string(n);
  return "invalid UUID format";
}

Value uuidv5(const Args& a) {
  const std::string& ns = a[0].as_string();
  std::string space;
  if (ns == "dns") space = *uuid_bytes("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  else if (ns == "url") space = *uuid_bytes("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
  else if (ns == "oid") space = *uuid_bytes("6ba7b812-9dad-11d1-80b4-00c04fd430c8");
  else if (ns == "x500") space = *uuid_bytes("6ba7b814-9dad-11d1-80b4-00c04fd430c8");
  else if (std::optional<std::string> parsed = uuid_bytes(ns)) space = *parsed;
  else fail("uuidv5() doesn't support namespace " + ns + " (" + uuid_problem(ns) + ")");
  std::string hash = digest(EVP_sha1(), space + a[1].as_string());
  unsigned char b[16];
  for (int i = 0; i < 16; ++i) b[i] = static_cast<unsigned char>(hash[size_t(i)]);
  b[6] = (b[6] & 0x0F) | 0x50;
  b[8] = (b[8] & 0x3F) | 0x80;
  return text(uuid_text(b));
}

Value rsadecrypt(const Args& a) {
  std::string der;
  {
    // The ciphertext is standard base64; EVP_DecodeBlock keeps padding bytes, so count them off.
    const std::string& in = a[0].as_string();
    if (in.empty() || in.size() % 4 != 0) fail_arg(0, "failed to decode input \"" + in + "\": cipher text must be base64-encoded");
    der.resize(in.size() / 4 * 3);
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(der.data()), reinterpret_cast<const unsigned char*>(in.data()), int(in.size()));
    if (n < 0) fail_arg(0, "failed to decode input \"" + in + "\": cipher text must be base64-encoded");
    size_t pad = (in.back() == '=') + (in.size() > 1 && in[in.size() - 2] == '=');
    der.resize(size_t(n) - pad);
  }
  const std::string& pem = a[1].as_string();
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), int(pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) fail_arg(1, "invalid private key: the key must be an RSA private key in PEM format");
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(key.get(), nullptr), EVP_PKEY_CTX_free);
  size_t size = 0;
  if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) <= 0 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0 ||
      EVP_PKEY_decrypt(ctx.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(der.data()), der.size()) <= 0)
    fail("failed to decrypt: crypto/rsa: decryption error");
  std::string plain(size, '\0');
  if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &size,
                       reinterpret_cast<const unsigned char*>(der.data()), der.size()) <= 0)
    fail("failed to decrypt: crypto/rsa: decryption error");
  plain.resize(size);
  return text(plain);
}

}  // namespace

void add_hash_functions(FunctionTable& table) {
  table["md5"] = hex_digest(EVP_md5);
  table["sha1"] = hex_digest(EVP_sha1);
  table["sha256"] = hex_digest(EVP_sha256);
  table["sha512"] = hex_digest(EVP_sha512);
  table["rsadecrypt"] = fixed({param("ciphertext", kString), param("privatekey", kString)}, kString, rsadecrypt);
}

void add_uuid_functions(FunctionTable& table) {
  table["uuidv4"] = fixed({}, kString, [](const Args&) {
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) fail("no random numbers available");
    b[6] = (b[6] & 0x0F) | 0x40;
    b[8] = (b[8] & 0x3F) | 0x80;
    return text(uuid_text(b));
  });
  table["uuidv5"] = fixed({param("namespace", kString), param("name", kString)}, kString, uuidv5);
}

}  // namespace kiln::hcl::functions
