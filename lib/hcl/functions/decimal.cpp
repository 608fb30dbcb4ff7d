#include "hcl/functions/decimal.hpp"

#include <algorithm>

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

// Keeps `keep` digits, rounding half to even only when exactly halfway, as Go's decimal.round.
void round_to(Decimal& d, int keep) {
  if (keep < 0 || keep >= int(d.digits.size())) return;
  bool up;
  if (d.digits[size_t(keep)] == '5' && keep + 1 == int(d.digits.size())) {
    up = keep > 0 && (d.digits[size_t(keep - 1)] - '0') % 2 == 1;
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
      round_to(d, precision + 1);
      return sign + format_e(d, precision, verb);
    case 'f':
      if (shortest) precision = std::max(int(d.digits.size()) - d.point, 0);
      round_to(d, d.point + precision);
      return sign + format_f(d, precision);
    default: {  // g, G
      int eprec;
      if (shortest) {
        precision = int(d.digits.size());
        eprec = 6;
      } else {
        if (precision == 0) precision = 1;
        round_to(d, precision);
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
