// Number::str(): Go's big.Float Text('f', -1), which cty uses to turn numbers into strings. The
// shortest digit string that still rounds back to the same value at the number's precision.
#include <string>

#include "hcl/number_rep.hpp"

namespace kiln::hcl {
namespace {

// A decimal: digits without leading or trailing zeros, and the position of the decimal point
// (value = 0.digits × 10^point).
struct Decimal {
  std::string digits;
  int64_t point = 0;

  char at(size_t i) const { return i < digits.size() ? digits[i] : '0'; }

  void trim() {
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
  }

  void round_down(size_t n) {
    digits.resize(n);
    trim();
  }

  void round_up(size_t n) {
    digits.resize(n);
    while (!digits.empty() && digits.back() == '9') digits.pop_back();
    if (digits.empty()) {
      digits = "1";
      ++point;
    } else {
      ++digits.back();
    }
  }
};

// The exact decimal of mant * 2^exp.
Decimal exact(const BigInt& mant, int64_t exp) {
  Decimal d;
  if (exp >= 0) {
    d.digits = (mant << exp).decimal();
    d.point = static_cast<int64_t>(d.digits.size());
  } else {
    d.digits = (mant * BigInt::pow(5, -exp)).decimal();
    d.point = static_cast<int64_t>(d.digits.size()) + exp;
  }
  d.trim();
  return d;
}

// Shortens d (the value m * 2^e, m exactly prec bits) to the fewest digits that lie strictly
// between the neighbors' midpoints, or on them when m is even (round-to-even gives m back).
void shorten(Decimal& d, const BigInt& m, int64_t e) {
  BigInt twice = m << 1;
  Decimal lower = exact(twice - BigInt(1), e - 1);
  Decimal upper = exact(twice + BigInt(1), e - 1);
  bool inclusive = !m.bit(0);
  for (size_t i = 0; i < d.digits.size(); ++i) {
    char digit = d.digits[i], l = lower.at(i), u = upper.at(i);
    bool ok_down = l != digit || (inclusive && i + 1 == lower.digits.size());
    bool ok_up = digit != u && (inclusive || digit + 1 < u || i + 1 < upper.digits.size());
    if (ok_down && ok_up) {
      // Nearest of the two; an exact half rounds to an even last digit.
      bool half = d.at(i + 1) == '5' && i + 2 == d.digits.size();
      bool up = half ? (digit - '0') % 2 != 0 : d.at(i + 1) >= '5';
      return up ? d.round_up(i + 1) : d.round_down(i + 1);
    }
    if (ok_down) return d.round_down(i + 1);
    if (ok_up) return d.round_up(i + 1);
  }
}

std::string fixed(const Decimal& d) {
  std::string out;
  if (d.point > 0) {
    for (int64_t i = 0; i < d.point; ++i) out += d.at(static_cast<size_t>(i));
  } else {
    out = "0";
  }
  int64_t fraction = static_cast<int64_t>(d.digits.size()) - d.point;
  if (fraction > 0) {
    out += '.';
    for (int64_t i = 0; i < fraction; ++i) {
      int64_t at = d.point + i;
      out += at < 0 ? '0' : d.at(static_cast<size_t>(at));
    }
  }
  return out;
}

}  // namespace

std::string Number::str() const {
  const Rep& r = *rep_;
  if (r.form == Rep::Form::Infinite) return r.negative ? "-Inf" : "+Inf";
  std::string sign = r.negative ? "-" : "";
  if (r.form == Rep::Form::Zero) return sign + "0";
  int64_t widen = static_cast<int64_t>(r.prec) - r.mant.bits();
  BigInt m = r.mant << widen;
  int64_t e = r.exp - widen;
  Decimal d = exact(m, e);
  shorten(d, m, e);
  return sign + fixed(d);
}

}  // namespace kiln::hcl
