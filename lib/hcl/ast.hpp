// The syntax tree of an HCL2 native-syntax file. Every node keeps its source range, so a later
// evaluator can point its diagnostics at the exact text.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "hcl/diagnostics.hpp"

namespace kiln::hcl {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct LiteralExpr {
  enum class Kind { Null, Bool, Number, String } kind;
  std::string text;  // a number as written, or a string's value after escapes
  bool boolean = false;
};

// A quoted string or heredoc: literal strings, interpolated expressions and directives, in order.
struct TemplateExpr {
  std::vector<ExprPtr> parts;
};

// %{ if cond }…%{ else }…%{ endif }; each branch is a TemplateExpr, else_branch may be null.
struct TemplateIfExpr {
  ExprPtr condition;
  ExprPtr then_branch;
  ExprPtr else_branch;
};

// %{ for key, value in collection }…%{ endfor }; key_var is empty when only one name is given.
struct TemplateForExpr {
  std::string key_var;
  std::string value_var;
  ExprPtr collection;
  ExprPtr body;
};

struct VariableExpr {
  std::string name;
};

struct GetAttrExpr {
  ExprPtr object;
  std::string name;
};

// collection[key], and the legacy collection.0 form.
struct IndexExpr {
  ExprPtr collection;
  ExprPtr key;
};

// source.*.attr (full = false: only attribute steps follow) or source[*].attr[0] (full = true).
// each is the traversal applied to every element, rooted at a SplatItemExpr.
struct SplatExpr {
  ExprPtr source;
  ExprPtr each;
  bool full = false;
};

struct SplatItemExpr {};

struct CallExpr {
  std::string name;
  std::vector<ExprPtr> args;
  bool expand_final = false;  // f(a, list...)
};

struct TupleExpr {
  std::vector<ExprPtr> items;
};

// A bare identifier key is a string literal; (expr) keys stay ParensExpr.
struct ObjectItem {
  ExprPtr key;
  ExprPtr value;
};

struct ObjectExpr {
  std::vector<ObjectItem> items;
  bool unique_keys = false;  // from HCL's JSON syntax: a repeated key is an error (native: the last wins)
};

struct ParensExpr {
  ExprPtr inner;
};

enum class Operator {
  Not, Negate,  // unary
  Multiply, Divide, Modulo, Add, Subtract,
  Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual, And, Or,
};

// How the operator is written: "!", "-", "*", "==", …
const char* operator_symbol(Operator op);

struct UnaryExpr {
  Operator op;
  ExprPtr operand;
};

struct BinaryExpr {
  Operator op;
  ExprPtr lhs;
  ExprPtr rhs;
};

struct ConditionalExpr {
  ExprPtr condition;
  ExprPtr if_true;
  ExprPtr if_false;
};

// [for k, v in coll : value if cond] when key is null, {for k, v in coll : key => value... if cond} otherwise.
struct ForExpr {
  std::string key_var;  // empty when only one name is given
  std::string value_var;
  ExprPtr collection;
  ExprPtr key;
  ExprPtr value;
  ExprPtr condition;  // may be null
  bool grouping = false;
};

struct Expr {
  Range range;
  std::variant<LiteralExpr, TemplateExpr, TemplateIfExpr, TemplateForExpr, VariableExpr, GetAttrExpr, IndexExpr,
               SplatExpr, SplatItemExpr, CallExpr, TupleExpr, ObjectExpr, ParensExpr, UnaryExpr, BinaryExpr,
               ConditionalExpr, ForExpr>
      node;
};

struct Attribute {
  std::string name;
  ExprPtr expr;
  Range range;       // name through the end of the expression
  Range name_range;
};

struct Block;

struct Body {
  std::vector<Attribute> attributes;  // in source order, names unique
  std::vector<Block> blocks;          // in source order
  Range range;
};

struct Block {
  std::string type;
  std::vector<std::string> labels;
  std::vector<Range> label_ranges;
  Body body;
  Range range;  // type through the closing brace
  Range type_range;
};

}  // namespace kiln::hcl
