// Placeholder bodies so that the headers link while the implementations are written.
#include <stdexcept>

#include "hcl/config_value.hpp"
#include "hcl/convert.hpp"
#include "hcl/eval.hpp"

namespace kiln::hcl {

namespace {
[[noreturn]] void todo() { throw std::logic_error("not implemented"); }
}  // namespace

struct Number::Rep {};
Number::Number() { todo(); }
std::optional<Number> Number::parse(std::string_view) { todo(); }
Number Number::from_int64(int64_t) { todo(); }
Number Number::from_double(double) { todo(); }
Number Number::infinity(bool) { todo(); }
Number Number::operator-() const { todo(); }
Number Number::operator+(const Number&) const { todo(); }
Number Number::operator-(const Number&) const { todo(); }
Number Number::operator*(const Number&) const { todo(); }
std::optional<Number> Number::divide(const Number&) const { todo(); }
std::optional<Number> Number::modulo(const Number&) const { todo(); }
Number Number::trunc() const { todo(); }
Number Number::floor() const { todo(); }
Number Number::ceil() const { todo(); }
Number Number::abs() const { todo(); }
int Number::compare(const Number&) const { todo(); }
bool Number::is_zero() const { todo(); }
bool Number::is_negative() const { todo(); }
bool Number::is_infinite() const { todo(); }
bool Number::is_integer() const { todo(); }
unsigned Number::precision() const { todo(); }
std::string Number::str() const { todo(); }
std::optional<int64_t> Number::to_int64() const { todo(); }
double Number::to_double() const { todo(); }

struct Value::Rep {};
Value::Value() { todo(); }
Value Value::string(std::string) { todo(); }
Value Value::number(Number) { todo(); }
Value Value::boolean(bool) { todo(); }
Value Value::list(std::vector<Value>, Type) { todo(); }
Value Value::set(std::vector<Value>, Type) { todo(); }
Value Value::map(std::map<std::string, Value>, Type) { todo(); }
Value Value::tuple(std::vector<Value>) { todo(); }
Value Value::object(std::map<std::string, Value>) { todo(); }
Value Value::null(Type) { todo(); }
Value Value::unknown(Type) { todo(); }
const Type& Value::type() const { todo(); }
bool Value::is_null() const { todo(); }
bool Value::is_known() const { todo(); }
bool Value::is_wholly_known() const { todo(); }
const std::string& Value::as_string() const { todo(); }
const Number& Value::as_number() const { todo(); }
bool Value::as_bool() const { todo(); }
const std::vector<Value>& Value::elements() const { todo(); }
const std::map<std::string, Value>& Value::attributes() const { todo(); }
size_t Value::length() const { todo(); }
Value Value::equals(const Value&) const { todo(); }
bool Value::raw_equal(const Value&) const { todo(); }
std::string debug_string(const Value&) { todo(); }

std::optional<Value> convert(const Value&, const Type&, std::string&) { todo(); }
std::optional<Type> unify(const std::vector<Type>&) { todo(); }
Type type_constraint(const Expr&, Diagnostics&) { todo(); }

const Value* EvalContext::find_variable(const std::string&) const { todo(); }
const Function* EvalContext::find_function(const std::string&) const { todo(); }
Value evaluate(const Expr&, const EvalContext&, Diagnostics&) { todo(); }
std::vector<Traversal> variables(const Expr&) { todo(); }

kiln::Value to_config(const Value&) { todo(); }
Value from_config(const kiln::Value&) { todo(); }

}  // namespace kiln::hcl
