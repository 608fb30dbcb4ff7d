#include "hcl/functions/bcrypt.hpp"

#include <openssl/bn.h>
#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"

namespace kiln::hcl::functions {

namespace {

constexpr size_t kWords = 18 + 4 * 256;  // the P-array, then the four S-boxes

// arctan(1/x) · 2^bits, from its Taylor series in fixed point.
void arctan_inverse(BIGNUM* out, unsigned long x, int bits, BN_CTX* ctx) {
  BIGNUM* term = BN_CTX_get(ctx);
  BIGNUM* part = BN_CTX_get(ctx);
  BN_one(term);
  BN_lshift(term, term, bits);
  BN_div_word(term, x);  // 2^bits / x
  BN_zero(out);
  for (unsigned long k = 0; !BN_is_zero(term); ++k) {
    BN_copy(part, term);
    BN_div_word(part, 2 * k + 1);
    if (k % 2 == 0) BN_add(out, out, part);
    else BN_sub(out, out, part);
    BN_div_word(term, x * x);
  }
}

// Blowfish's initial P-array and S-boxes: the fractional part of pi, 32 bits at a time.
const std::array<uint32_t, kWords>& pi_words() {
  static const std::array<uint32_t, kWords> words = [] {
    std::array<uint32_t, kWords> w{};
    const int bits = int(kWords) * 32 + 64;  // 64 guard bits absorb the series' rounding
    std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)> ctx(BN_CTX_new(), BN_CTX_free);
    BN_CTX_start(ctx.get());
    BIGNUM* a = BN_CTX_get(ctx.get());
    BIGNUM* b = BN_CTX_get(ctx.get());
    arctan_inverse(a, 5, bits, ctx.get());
    arctan_inverse(b, 239, bits, ctx.get());
    BN_mul_word(a, 16);  // Machin: pi = 16·arctan(1/5) − 4·arctan(1/239)
    BN_mul_word(b, 4);
    BN_sub(a, a, b);
    BN_rshift(a, a, 64);
    BN_mask_bits(a, int(kWords) * 32);  // drop the integer part, 3
    std::vector<unsigned char> bytes(kWords * 4);
    BN_bn2binpad(a, bytes.data(), int(bytes.size()));
    for (size_t i = 0; i < kWords; ++i)
      w[i] = uint32_t(bytes[4 * i]) << 24 | uint32_t(bytes[4 * i + 1]) << 16 | uint32_t(bytes[4 * i + 2]) << 8 | bytes[4 * i + 3];
    BN_CTX_end(ctx.get());
    return w;
  }();
  return words;
}

struct Blowfish {
  std::array<uint32_t, kWords> state = pi_words();
  uint32_t* p() { return state.data(); }
  uint32_t* s() { return state.data() + 18; }

  uint32_t f(uint32_t x) {
    uint32_t* sb = s();
    return ((sb[x >> 24] + sb[256 + (x >> 16 & 0xFF)]) ^ sb[512 + (x >> 8 & 0xFF)]) + sb[768 + (x & 0xFF)];
  }

  void encrypt(uint32_t& left, uint32_t& right) {
    for (int i = 0; i < 16; ++i) {
      left ^= p()[i];
      right ^= f(left);
      std::swap(left, right);
    }
    std::swap(left, right);
    right ^= p()[16];
    left ^= p()[17];
  }

  // Cycles through `data` 32 bits at a time, wrapping around.
  static uint32_t next_word(const std::string& data, size_t& at) {
    uint32_t word = 0;
    for (int i = 0; i < 4; ++i) {
      word = word << 8 | static_cast<unsigned char>(data[at]);
      at = (at + 1) % data.size();
    }
    return word;
  }

  // bcrypt's ExpandKey: the key into the P-array, then the whole state re-encrypted, mixing in the
  // salt (when there is one) before each block.
  void expand(const std::string& key, const std::string& salt) {
    size_t at = 0;
    for (int i = 0; i < 18; ++i) p()[i] ^= next_word(key, at);
    uint32_t left = 0, right = 0;
    size_t salt_at = 0;
    for (size_t i = 0; i < kWords; i += 2) {
      if (!salt.empty()) {
        left ^= next_word(salt, salt_at);
        right ^= next_word(salt, salt_at);
      }
      encrypt(left, right);
      state[i] = left;
      state[i + 1] = right;
    }
  }
};

const char kAlphabet[] = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

Value bcrypt(const Args& a) {
  if (a.size() > 2) fail("bcrypt() takes no more than two arguments");
  int64_t cost = a.size() == 2 ? integer_arg(a, 1) : 10;
  if (cost < 4) cost = 10;  // as Go's bcrypt: below the minimum means the default
  if (cost > 31) fail("crypto/bcrypt: cost " + std::to_string(cost) + " is outside allowed range (4,31)");
  std::string salt(16, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), 16) != 1) fail("no random numbers available");
  return text(bcrypt_hash(a[0].as_string(), salt, int(cost)));
}

}  // namespace

std::string bcrypt_base64(const std::string& bytes) {
  std::string out;
  size_t i = 0;
  while (i < bytes.size()) {
    uint32_t c1 = static_cast<unsigned char>(bytes[i++]);
    out += kAlphabet[c1 >> 2];
    c1 = (c1 & 0x03) << 4;
    if (i >= bytes.size()) {
      out += kAlphabet[c1];
      break;
    }
    uint32_t c2 = static_cast<unsigned char>(bytes[i++]);
    out += kAlphabet[c1 | c2 >> 4];
    c1 = (c2 & 0x0F) << 2;
    if (i >= bytes.size()) {
      out += kAlphabet[c1];
      break;
    }
    c2 = static_cast<unsigned char>(bytes[i++]);
    out += kAlphabet[c1 | c2 >> 6];
    out += kAlphabet[c2 & 0x3F];
  }
  return out;
}

std::string bcrypt_base64_decode(const std::string& text) {
  uint32_t buffer = 0;
  int count = 0;
  std::string out;
  for (char c : text) {
    const char* hit = std::strchr(kAlphabet, c);
    if (!hit || c == '\0') break;
    buffer = buffer << 6 | uint32_t(hit - kAlphabet);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += char(buffer >> count & 0xFF);
    }
  }
  return out;
}

std::string bcrypt_hash(const std::string& password, const std::string& salt, int cost) {
  // The key is the password with its terminating zero byte, at most 72 bytes.
  std::string key = password.substr(0, 72);
  if (key.size() < 72) key += '\0';
  Blowfish bf;
  bf.expand(key, salt);
  for (uint64_t i = 0; i < (uint64_t(1) << cost); ++i) {
    bf.expand(key, "");
    bf.expand(salt, "");
  }
  std::array<uint32_t, 6> block;
  const char magic[] = "OrpheanBeholderScryDoubt";
  for (size_t i = 0; i < 6; ++i)
    block[i] = uint32_t(static_cast<unsigned char>(magic[4 * i])) << 24 | uint32_t(static_cast<unsigned char>(magic[4 * i + 1])) << 16 |
               uint32_t(static_cast<unsigned char>(magic[4 * i + 2])) << 8 | static_cast<unsigned char>(magic[4 * i + 3]);
  for (int round = 0; round < 64; ++round)
    for (size_t i = 0; i < 6; i += 2) bf.encrypt(block[i], block[i + 1]);
  std::string digest;
  for (uint32_t word : block)
    for (int shift = 24; shift >= 0; shift -= 8) digest += char(word >> shift & 0xFF);
  char cost_text[3];
  std::snprintf(cost_text, sizeof cost_text, "%02d", cost);
  // Only 23 of the 24 bytes are kept, as every bcrypt does.
  return "$2a$" + std::string(cost_text) + "$" + bcrypt_base64(salt) + bcrypt_base64(digest.substr(0, 23));
}

void add_bcrypt_function(FunctionTable& table) {
  Function f = fixed({param("str", Type::string())}, Type::string(), bcrypt);
  f.variadic = param("cost", Type::number());
  table["bcrypt"] = f;
}

}  // namespace kiln::hcl::functions
