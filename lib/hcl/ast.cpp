#include "hcl/ast.hpp"

namespace kiln::hcl {

const char* operator_symbol(Operator op) {
  switch (op) {
    case Operator::Not: return "!";
    case Operator::Negate: return "-";
    case Operator::Multiply: return "*";
    case Operator::Divide: return "/";
    case Operator::Modulo: return "%";
    case Operator::Add: return "+";
    case Operator::Subtract: return "-";
    case Operator::Less: return "<";
    case Operator::LessEqual: return "<=";
    case Operator::Greater: return ">";
    case Operator::GreaterEqual: return ">=";
    case Operator::Equal: return "==";
    case Operator::NotEqual: return "!=";
    case Operator::And: return "&&";
    case Operator::Or: return "||";
  }
  return "?";
}

}  // namespace kiln::hcl
