#include "hcl/number.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "hcl/number_rep.hpp"

namespace kiln::hcl {
namespace {

using NumberRep = Number::Rep;
using Form = NumberRep::Form;

constexpr unsigned literal_precision = 512;
// Magnitudes beyond about 10^±100000 become infinities or zeros, so that no value needs a huge
// exact computation or a printout of hundreds of thousands of digits.
constexpr int64_t max_decimal_exponent = 100000;
constexpr int64_t max_binary_exponent = 333000;

std::shared_ptr<const NumberRep> special(Form form, bool negative, unsigned prec) {
  auto rep = std::make_shared<NumberRep>();
  rep->form = form;
  rep->negative = negative;
  rep->prec = prec;
  return rep;
}

// mant * 2^exp rounded to nearest even at prec bits. `sticky` says that the exact value lies
// a little above mant * 2^exp (a nonzero remainder below mant's last bit).
std::shared_ptr<const NumberRep> rounded(bool negative, BigInt mant, int64_t exp, unsigned prec, bool sticky = false) {
  if (mant.is_zero()) return special(Form::Zero, negative, prec);
  int64_t excess = mant.bits() - static_cast<int64_t>(prec);
  if (excess > 0) {
    bool half = mant.bit(excess - 1);
    bool below_half = sticky || mant.trailing_zeros() < excess - 1;
    mant = mant >> excess;
    exp += excess;
    if (half && (below_half || mant.bit(0))) mant = mant + BigInt(1);
  }
  int64_t magnitude = exp + mant.bits();
  if (magnitude > max_binary_exponent) return special(Form::Infinite, negative, prec);
  if (magnitude < -max_binary_exponent) return special(Form::Zero, negative, prec);
  int64_t zeros = mant.trailing_zeros();
  auto rep = std::make_shared<NumberRep>();
  rep->form = Form::Finite;
  rep->negative = negative;
  rep->mant = mant >> zeros;
  rep->exp = exp + zeros;
  rep->prec = prec;
  return rep;
}

// The correctly rounded quotient of two positive integers.
std::shared_ptr<const NumberRep> quotient(bool negative, const BigInt& num, const BigInt& den, int64_t exp, unsigned prec) {
  int64_t shift = std::max<int64_t>(0, static_cast<int64_t>(prec) + 2 + den.bits() - num.bits());
  BigInt rem;
  BigInt q = (num << shift).divide(den, rem);
  return rounded(negative, q, exp - shift, prec, !rem.is_zero());
}

// |a| compared with |b| for finite non-zero values.
int compare_magnitude(const NumberRep& a, const NumberRep& b) {
  int64_t ta = a.mant.bits() + a.exp, tb = b.mant.bits() + b.exp;
  if (ta != tb) return ta < tb ? -1 : 1;
  int64_t e = std::min(a.exp, b.exp);
  return (a.mant << (a.exp - e)).compare(b.mant << (b.exp - e));
}

std::shared_ptr<const NumberRep> sum(const NumberRep& a, const NumberRep& b, unsigned prec) {
  int64_t e = std::min(a.exp, b.exp);
  BigInt ma = a.mant << (a.exp - e), mb = b.mant << (b.exp - e);
  if (a.negative == b.negative) return rounded(a.negative, ma + mb, e, prec);
  int c = ma.compare(mb);
  if (c == 0) return special(Form::Zero, false, prec);
  return c > 0 ? rounded(a.negative, ma - mb, e, prec) : rounded(b.negative, mb - ma, e, prec);
}

}  // namespace

Number::Number() : rep_(special(Form::Zero, false, 0)) {}

std::optional<Number> Number::parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::string_view rest = text.substr(i);
  if (rest == "Inf" || rest == "inf") return infinity(negative);
  std::string digits;
  int64_t exp10 = 0;
  bool any_digit = false, point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      any_digit = true;
      if (!(digits.empty() && c == '0')) digits += c;
      if (point) --exp10;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return std::nullopt;
  int64_t exp2 = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E' || text[i] == 'p' || text[i] == 'P')) {
    bool binary = text[i] == 'p' || text[i] == 'P';
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    if (i == text.size()) return std::nullopt;
    int64_t written = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
      written = std::min<int64_t>(written * 10 + (text[i] - '0'), 10 * max_decimal_exponent);
    (binary ? exp2 : exp10) += exp_negative ? -written : written;
  }
  if (i != text.size()) return std::nullopt;
  if (digits.empty()) return Number(special(Form::Zero, negative, literal_precision));
  int64_t magnitude = exp10 + static_cast<int64_t>(digits.size()) + exp2 * 3 / 10;
  if (magnitude > max_decimal_exponent) return Number(special(Form::Infinite, negative, literal_precision));
  if (magnitude < -max_decimal_exponent) return Number(special(Form::Zero, negative, literal_precision));
  BigInt mant = BigInt::from_digits(digits);
  if (exp10 >= 0) return Number(rounded(negative, mant * BigInt::pow(10, exp10), exp2, literal_precision));
  return Number(quotient(negative, mant, BigInt::pow(10, -exp10), exp2, literal_precision));
}

Number Number::from_int64(int64_t i) {
  uint64_t magnitude = i < 0 ? 0 - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
  return Number(rounded(i < 0, BigInt(magnitude), 0, 64));
}

Number Number::from_double(double d) {
  if (std::isnan(d)) return Number(special(Form::Zero, false, 53));
  if (std::isinf(d)) return infinity(d < 0);
  int exp = 0;
  double fraction = std::frexp(std::fabs(d), &exp);
  auto mant = static_cast<uint64_t>(std::ldexp(fraction, 53));
  return Number(rounded(std::signbit(d), BigInt(mant), exp - 53, 53));
}

Number Number::infinity(bool negative) { return Number(special(Form::Infinite, negative, literal_precision)); }

Number Number::operator-() const {
  auto rep = std::make_shared<NumberRep>(*rep_);
  rep->negative = !rep->negative;
  return Number(rep);
}

Number Number::operator+(const Number& other) const {
  const NumberRep &a = *rep_, &b = *other.rep_;
  unsigned prec = std::max(a.prec, b.prec);
  if (a.form == Form::Infinite) return *this;
  if (b.form == Form::Infinite) return other;
  if (a.form == Form::Zero && b.form == Form::Zero) return Number(special(Form::Zero, a.negative && b.negative, prec));
  if (a.form == Form::Zero) return Number(rounded(b.negative, b.mant, b.exp, prec));
  if (b.form == Form::Zero) return Number(rounded(a.negative, a.mant, a.exp, prec));
  return Number(sum(a, b, prec));
}

Number Number::operator-(const Number& other) const { return *this + -other; }

Number Number::operator*(const Number& other) const {
  const NumberRep &a = *rep_, &b = *other.rep_;
  unsigned prec = std::max(a.prec, b.prec);
  bool negative = a.negative != b.negative;
  if (a.form == Form::Infinite || b.form == Form::Infinite) return Number(special(Form::Infinite, negative, prec));
  if (a.form == Form::Zero || b.form == Form::Zero) return Number(special(Form::Zero, negative, prec));
  return Number(rounded(negative, a.mant * b.mant, a.exp + b.exp, prec));
}

std::optional<Number> Number::divide(const Number& other) const {
  const NumberRep &a = *rep_, &b = *other.rep_;
  unsigned prec = std::max(a.prec, b.prec);
  bool negative = a.negative != b.negative;
  if (a.form == b.form && a.form != Form::Finite) return std::nullopt;  // 0/0, ∞/∞
  if (a.form == Form::Infinite || b.form == Form::Zero) return Number(special(Form::Infinite, negative, prec));
  if (a.form == Form::Zero || b.form == Form::Infinite) return Number(special(Form::Zero, negative, prec));
  return Number(quotient(negative, a.mant, b.mant, a.exp - b.exp, prec));
}

std::optional<Number> Number::modulo(const Number& other) const {
  // As cty: infinities give an infinity of the product's sign, x % 0 is x.
  if (is_infinite() || other.is_infinite()) return *this * other;
  if (other.is_zero()) return *this;
  std::optional<Number> ratio = divide(other);
  if (!ratio) return std::nullopt;
  return *this - other * ratio->trunc();
}

Number Number::trunc() const {
  const NumberRep& r = *rep_;
  if (r.form != Form::Finite || r.exp >= 0) return *this;
  return Number(rounded(r.negative, r.mant >> -r.exp, 0, r.prec));
}

Number Number::floor() const {
  Number t = trunc();
  return is_negative() && !is_integer() && !is_infinite() ? t - from_int64(1) : t;
}

Number Number::ceil() const {
  Number t = trunc();
  return !is_negative() && !is_integer() && !is_infinite() ? t + from_int64(1) : t;
}

Number Number::abs() const { return is_negative() ? -*this : *this; }

int Number::compare(const Number& other) const {
  const NumberRep &a = *rep_, &b = *other.rep_;
  auto sign = [](const NumberRep& r) { return r.form == Form::Zero ? 0 : r.negative ? -1 : 1; };
  int sa = sign(a), sb = sign(b);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int magnitude;
  if (a.form == Form::Infinite || b.form == Form::Infinite)
    magnitude = (a.form == Form::Infinite) - (b.form == Form::Infinite);
  else
    magnitude = compare_magnitude(a, b);
  return sa * magnitude;
}

bool Number::is_zero() const { return rep_->form == Form::Zero; }
bool Number::is_negative() const { return rep_->negative; }
bool Number::is_infinite() const { return rep_->form == Form::Infinite; }
bool Number::is_integer() const { return rep_->form == Form::Zero || (rep_->form == Form::Finite && rep_->exp >= 0); }
unsigned Number::precision() const { return rep_->prec; }

std::optional<int64_t> Number::to_int64() const {
  const NumberRep& r = *rep_;
  if (r.form == Form::Zero) return 0;
  if (!is_integer() || r.mant.bits() + r.exp > 64) return std::nullopt;
  uint64_t magnitude = (r.mant << r.exp).low_word();
  constexpr uint64_t limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (r.negative) {
    if (magnitude > limit + 1) return std::nullopt;
    return static_cast<int64_t>(0 - magnitude);
  }
  if (magnitude > limit) return std::nullopt;
  return static_cast<int64_t>(magnitude);
}

double Number::to_double() const {
  const NumberRep& r = *rep_;
  double sign = r.negative ? -1.0 : 1.0;
  if (r.form == Form::Zero) return sign * 0.0;
  if (r.form == Form::Infinite) return sign * std::numeric_limits<double>::infinity();
  // Rounding to 64 bits first and then to the double's 53 is close enough for a nearest double.
  int64_t drop = std::max<int64_t>(0, r.mant.bits() - 64);
  double top = static_cast<double>((r.mant >> drop).low_word());
  int64_t exp = std::clamp<int64_t>(r.exp + drop, -100000, 100000);
  return sign * std::ldexp(top, static_cast<int>(exp));
}

}  // namespace kiln::hcl
