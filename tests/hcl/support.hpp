// What the HCL parser tests share.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "hcl/dump.hpp"
#include "hcl/parser.hpp"

// Failed comparisons of diagnostic lists show every line.
template <>
struct doctest::StringMaker<std::vector<std::string>> {
  static doctest::String convert(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) out += "\n  " + line;
    return out.c_str();
  }
};

namespace kiln::hcl::test {

// The dump of an expression that must parse without diagnostics.
inline std::string parsed(const std::string& source) {
  ParsedExpr p = parse_expression(source, "x.hcl");
  std::string problems;
  for (const Diagnostic& d : p.diagnostics) problems += d.str() + "\n";
  INFO(source);
  INFO(problems);
  CHECK(p.diagnostics.empty());
  return p.expr ? dump(*p.expr) : "<none>";
}

}  // namespace kiln::hcl::test
