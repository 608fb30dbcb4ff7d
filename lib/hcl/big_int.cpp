#include "hcl/big_int.hpp"

#include <openssl/bn.h>
#include <openssl/crypto.h>

#include <new>

namespace kiln::hcl {
namespace {

BN_CTX* context() {
  struct Holder {
    BN_CTX* ctx = BN_CTX_new();
    ~Holder() { BN_CTX_free(ctx); }
  };
  thread_local Holder holder;
  if (!holder.ctx) throw std::bad_alloc();
  return holder.ctx;
}

// OpenSSL reports failure (only allocation can fail here) by returning 0.
void check(int ok) {
  if (!ok) throw std::bad_alloc();
}

}  // namespace

void BigInt::Free::operator()(bignum_st* bn) const { BN_free(bn); }

BigInt::BigInt() : bn_(BN_new()) {
  if (!bn_) throw std::bad_alloc();
}

BigInt::BigInt(uint64_t v) : BigInt() { check(BN_set_word(bn_.get(), v)); }

BigInt::BigInt(const BigInt& other) : bn_(BN_dup(other.bn_.get())) {
  if (!bn_) throw std::bad_alloc();
}

BigInt& BigInt::operator=(const BigInt& other) {
  if (this != &other) check(BN_copy(bn_.get(), other.bn_.get()) != nullptr);
  return *this;
}

BigInt::~BigInt() = default;

BigInt BigInt::pow(uint64_t base, uint64_t exponent) {
  BigInt r, b(base), e(exponent);
  check(BN_exp(r.bn_.get(), b.bn_.get(), e.bn_.get(), context()));
  return r;
}

BigInt BigInt::from_digits(const std::string& digits) {
  BigInt r;
  BIGNUM* p = r.bn_.get();
  if (!digits.empty()) check(BN_dec2bn(&p, digits.c_str()) != 0);
  return r;
}

BigInt BigInt::operator+(const BigInt& other) const {
  BigInt r;
  check(BN_add(r.bn_.get(), bn_.get(), other.bn_.get()));
  return r;
}

BigInt BigInt::operator-(const BigInt& other) const {
  BigInt r;
  check(BN_sub(r.bn_.get(), bn_.get(), other.bn_.get()));
  return r;
}

BigInt BigInt::operator*(const BigInt& other) const {
  BigInt r;
  check(BN_mul(r.bn_.get(), bn_.get(), other.bn_.get(), context()));
  return r;
}

BigInt BigInt::operator<<(int64_t bits) const {
  if (bits < 0) return *this >> -bits;
  BigInt r;
  check(BN_lshift(r.bn_.get(), bn_.get(), static_cast<int>(bits)));
  return r;
}

BigInt BigInt::operator>>(int64_t bits) const {
  if (bits < 0) return *this << -bits;
  BigInt r;
  check(BN_rshift(r.bn_.get(), bn_.get(), static_cast<int>(bits)));
  return r;
}

BigInt BigInt::divide(const BigInt& divisor, BigInt& rem) const {
  BigInt q;
  check(BN_div(q.bn_.get(), rem.bn_.get(), bn_.get(), divisor.bn_.get(), context()));
  return q;
}

int BigInt::compare(const BigInt& other) const { return BN_cmp(bn_.get(), other.bn_.get()); }
bool BigInt::is_zero() const { return BN_is_zero(bn_.get()); }
bool BigInt::bit(int64_t i) const { return BN_is_bit_set(bn_.get(), static_cast<int>(i)); }
int64_t BigInt::bits() const { return BN_num_bits(bn_.get()); }

int64_t BigInt::trailing_zeros() const {
  if (is_zero()) return 0;
  int64_t i = 0;
  while (!bit(i)) ++i;
  return i;
}

uint64_t BigInt::low_word() const {
  uint64_t v = 0;
  for (int i = 63; i >= 0; --i) v = (v << 1) | (bit(i) ? 1 : 0);
  return v;
}

std::string BigInt::decimal() const {
  char* text = BN_bn2dec(bn_.get());
  if (!text) throw std::bad_alloc();
  std::string out(text);
  OPENSSL_free(text);
  return out;
}

}  // namespace kiln::hcl
