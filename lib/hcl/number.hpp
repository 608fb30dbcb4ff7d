// HCL's number: a binary floating-point value with a per-value precision in bits, rounded to nearest
// even after every operation, as cty's numbers (Go's big.Float) behave. Literals and numbers parsed
// from strings carry 512 bits, numbers made from int64 64 bits and from double 53 bits; an operation's
// result carries the larger precision of its operands. Magnitudes beyond about 10^±100000 become
// infinities or zeros (Go's exponent range is far larger; no real template comes near either).
// Numbers are immutable and cheap to copy.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kiln::hcl {

class Number {
 public:
  Number();  // zero

  // A decimal number as HCL literals and cty's string conversion (Go's big.Float parsing, base 10)
  // accept it: optional sign, digits with an optional point ("5.", ".5"), an optional exponent of ten
  // ("1e3", "+2.5E-3") or of two ("1p3" is 8), or "Inf"/"inf". No hex, no underscores, no "NaN".
  // Nullopt when the text is not such a number.
  static std::optional<Number> parse(std::string_view text);
  static Number from_int64(int64_t i);
  // NaN is not a number: it becomes zero. Infinities stay infinite.
  static Number from_double(double d);
  static Number infinity(bool negative);

  Number operator-() const;
  Number operator+(const Number& other) const;
  Number operator-(const Number& other) const;
  Number operator*(const Number& other) const;
  // Nullopt where the result is not a number (0/0, ∞/∞): HCL reports those as errors.
  // x/0 for x ≠ 0 is an infinity.
  std::optional<Number> divide(const Number& other) const;
  // cty's modulo: a - b * trunc(a / b), so the result has the sign of a (-5 % 3 = -2).
  std::optional<Number> modulo(const Number& other) const;

  // Integral parts: toward zero, toward -∞, toward +∞.
  Number trunc() const;
  Number floor() const;
  Number ceil() const;
  Number abs() const;

  // -1, 0 or 1; -0 and 0 compare equal.
  int compare(const Number& other) const;
  bool operator==(const Number& other) const { return compare(other) == 0; }
  bool operator<(const Number& other) const { return compare(other) < 0; }
  bool operator>(const Number& other) const { return compare(other) > 0; }

  bool is_zero() const;
  bool is_negative() const;  // also true for -0 and -∞
  bool is_infinite() const;
  bool is_integer() const;   // finite and without fraction
  unsigned precision() const;

  // As cty converts a number to a string (big.Float's Text('f', -1)): the shortest decimal that
  // identifies the value at its precision, never an exponent: "5", "0.1", "1000000000000000000000000000000",
  // "-0.5", "+Inf", "-Inf".
  std::string str() const;
  // Nullopt for fractions, infinities and values outside int64.
  std::optional<int64_t> to_int64() const;
  // Nearest double; infinities and values beyond double's range become ±inf.
  double to_double() const;

  struct Rep;

 private:
  explicit Number(std::shared_ptr<const Rep> rep) : rep_(std::move(rep)) {}
  std::shared_ptr<const Rep> rep_;
};

}  // namespace kiln::hcl
