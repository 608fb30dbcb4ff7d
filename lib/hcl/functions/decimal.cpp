#include "hcl/functions/decimal.hpp"

#include <openssl/bn.h>

#include <algorithm>
#include <memory>

namespace kiln::hcl::functions {

namespace {

// A decimal as Go's strconv keeps it: 0.digits × 10^point, no leading or trailing zeros.
struct Decimal {
  std::string digits;
  int point = 0;
};

Decimal decimal_of(const Number& n) {
  std::string s = n.abs().str();
  Decimal d;
  size_t dot = s.find('.');
  std::string whole = s.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : s.substr(dot + 1);
  d.digits = whole + fraction;
  d.point = int(whole.size());
  size_t lead = d.digits.find_first_not_of('0');
  if (lead == std::string::npos) return {};
  d.digits.erase(0, lead);
  d.point -= int(lead);
  d.digits.erase(d.digits.find_last_not_of('0') + 1);
  return d;
}

using BigNum = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
BigNum big() { return BigNum(BN_new(), BN_free); }

// The sign of x − d, where d is the shortest decimal for x (Number::str()) and x the binary value
// of `precision` bits nearest to it (round half to even). Go rounds x's exact expansion, which d
// only approximates: where d ends in a 5 exactly at the rounding position this decides the way.
int binary_minus_decimal(const Decimal& d, unsigned precision) {
  int fraction_digits = int(d.digits.size()) - d.point;
  if (fraction_digits <= 0 || precision == 0) return 0;
  std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)> ctx(BN_CTX_new(), BN_CTX_free);
  BigNum n = big(), den = big(), ten = big(), power = big();
  BIGNUM* raw = n.get();
  BN_dec2bn(&raw, d.digits.c_str());
  BN_set_word(ten.get(), 10);
  BN_set_word(power.get(), unsigned(fraction_digits));
  BN_exp(den.get(), ten.get(), power.get(), ctx.get());
  // floor(log2(n / den)), then the scale that leaves `precision` bits before the binary point.
  int log2 = BN_num_bits(n.get()) - BN_num_bits(den.get());
  BigNum lhs = big(), rhs = big();
  BN_copy(lhs.get(), n.get());
  BN_copy(rhs.get(), den.get());
  if (log2 >= 0) BN_lshift(rhs.get(), rhs.get(), log2);
  else BN_lshift(lhs.get(), lhs.get(), -log2);
  if (BN_cmp(lhs.get(), rhs.get()) < 0) --log2;
  int shift = int(precision) - 1 - log2;  // x = m / 2^shift
  if (shift <= 0) return 0;
  BigNum scaled = big(), m = big(), rem = big();
  BN_lshift(scaled.get(), n.get(), shift);
  BN_div(m.get(), rem.get(), scaled.get(), den.get(), ctx.get());
  BN_lshift1(rem.get(), rem.get());
  int half = BN_cmp(rem.get(), den.get());
  if (half > 0 || (half == 0 && BN_is_odd(m.get()))) BN_add_word(m.get(), 1);
  // sign(m / 2^shift − n / den) = sign(m · den − n · 2^shift)
  BigNum left = big();
  BN_mul(left.get(), m.get(), den.get(), ctx.get());
  return BN_cmp(left.get(), scaled.get());
}

// Keeps `keep` digits, rounding as Go rounds the exact binary value: half to even only when that
// value is exactly halfway.
void round_to(Decimal& d, int keep, unsigned precision) {
  if (keep < 0 || keep >= int(d.digits.size())) return;
  bool up;
  if (d.digits[size_t(keep)] == '5' && keep + 1 == int(d.digits.size())) {
    int side = binary_minus_decimal(d, precision);
    up = side > 0 || (side == 0 && keep > 0 && (d.digits[size_t(keep - 1)] - '0') % 2 == 1);
  } else {
    up = d.digits[size_t(keep)] >= '5';
  }
  d.digits.resize(size_t(keep));
  if (up) {
    int i = keep - 1;
    while (i >= 0 && d.digits[size_t(i)] == '9') --i;
    if (i < 0) {
      d.digits = "1";
      d.point += 1;
    } else {
      d.digits[size_t(i)] += 1;
      d.digits.resize(size_t(i + 1));
    }
  }
  d.digits.erase(d.digits.find_last_not_of('0') + 1);
  if (d.digits.empty()) d.point = 0;
}

char digit_at(const Decimal& d, int i) { return i >= 0 && i < int(d.digits.size()) ? d.digits[size_t(i)] : '0'; }

std::string format_e(const Decimal& d, int precision, char e) {
  std::string out(1, d.digits.empty() ? '0' : d.digits[0]);
  if (precision > 0) {
    out += '.';
    for (int i = 1; i <= precision; ++i) out += digit_at(d, i);
  }
  int exp = d.digits.empty() ? 0 : d.point - 1;
  out += e;
  out += exp < 0 ? '-' : '+';
  std::string digits = std::to_string(exp < 0 ? -exp : exp);
  if (digits.size() < 2) digits.insert(0, "0");
  return out + digits;
}

std::string format_f(const Decimal& d, int precision) {
  std::string out;
  if (d.point > 0) {
    for (int i = 0; i < d.point; ++i) out += digit_at(d, i);
  } else {
    out = "0";
  }
  if (precision > 0) {
    out += '.';
    for (int i = 0; i < precision; ++i) out += digit_at(d, d.point + i);
  }
  return out;
}

}  // namespace

std::string float_text(const Number& n, char verb, int precision) {
  if (n.is_infinite()) return n.is_negative() ? "-Inf" : "+Inf";
  std::string sign = n.is_negative() && !n.is_zero() ? "-" : "";
  Decimal d = decimal_of(n);
  bool shortest = precision < 0;
  switch (verb) {
    case 'e':
    case 'E':
      if (shortest) precision = std::max(int(d.digits.size()) - 1, 0);
      round_to(d, precision + 1, n.precision());
      return sign + format_e(d, precision, verb);
    case 'f':
      if (shortest) precision = std::max(int(d.digits.size()) - d.point, 0);
      round_to(d, d.point + precision, n.precision());
      return sign + format_f(d, precision);
    default: {  // g, G
      int eprec;
      if (shortest) {
        precision = int(d.digits.size());
        eprec = 6;
      } else {
        if (precision == 0) precision = 1;
        round_to(d, precision, n.precision());
        eprec = precision;
        if (eprec > int(d.digits.size()) && int(d.digits.size()) >= d.point) eprec = int(d.digits.size());
      }
      int exp = d.point - 1;
      if (d.digits.empty()) exp = 0;
      if (exp < -4 || exp >= eprec) {
        if (precision > int(d.digits.size())) precision = int(d.digits.size());
        return sign + format_e(d, std::max(precision - 1, 0), verb == 'G' ? 'E' : 'e');
      }
      if (precision > d.point) precision = int(d.digits.size());
      return sign + format_f(d, std::max(precision - d.point, 0));
    }
  }
}

std::string integer_digits(const Number& n, int base) {
  std::string decimal = n.abs().str();
  if (base == 10) return decimal;
  // Repeated long division of the decimal digit string by the base.
  std::string out;
  while (!(decimal.empty() || decimal == "0")) {
    std::string quotient;
    int remainder = 0;
    for (char c : decimal) {
      int value = remainder * 10 + (c - '0');
      if (!quotient.empty() || value / base > 0) quotient += char('0' + value / base);
      remainder = value % base;
    }
    out += "0123456789abcdef"[remainder];
    decimal = quotient;
  }
  if (out.empty()) out = "0";
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace kiln::hcl::functions
