// A non-negative arbitrary-size integer on OpenSSL's BIGNUM, just what Number needs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

struct bignum_st;

namespace kiln::hcl {

class BigInt {
 public:
  BigInt();  // zero
  explicit BigInt(uint64_t v);
  BigInt(const BigInt& other);
  BigInt& operator=(const BigInt& other);
  BigInt(BigInt&&) noexcept = default;
  BigInt& operator=(BigInt&&) noexcept = default;
  ~BigInt();

  static BigInt pow(uint64_t base, uint64_t exponent);
  // From a string of decimal digits (nothing else).
  static BigInt from_digits(const std::string& digits);

  BigInt operator+(const BigInt& other) const;
  BigInt operator-(const BigInt& other) const;  // requires *this >= other
  BigInt operator*(const BigInt& other) const;
  BigInt operator<<(int64_t bits) const;
  BigInt operator>>(int64_t bits) const;
  // Quotient, and the remainder in `rem`.
  BigInt divide(const BigInt& divisor, BigInt& rem) const;

  int compare(const BigInt& other) const;
  bool is_zero() const;
  bool bit(int64_t i) const;
  int64_t bits() const;            // position of the highest set bit + 1; 0 for zero
  int64_t trailing_zeros() const;  // 0 for zero
  uint64_t low_word() const;       // the value modulo 2^64
  std::string decimal() const;

 private:
  struct Free {
    void operator()(bignum_st* bn) const;
  };
  std::unique_ptr<bignum_st, Free> bn_;
};

}  // namespace kiln::hcl
