// Expressions evaluated in a template's scope, as `packer console` evaluates them: for an HCL2
// template, HCL expressions over var., local., data., path., packer. and the functions; for a JSON
// template, {{ }} interpolation with its user variables.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/build.hpp"
#include "kiln/template.hpp"

namespace kiln {

class Console {
 public:
  // Resolves the variables (and an HCL2 template's locals and data sources) from options.variables
  // and options.environment. Throws TemplateError listing every problem.
  Console(const Template& t, const BuildOptions& options);
  ~Console();
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  struct Problem {
    std::string summary, detail;  // as HCL's diagnostics word them
  };
  struct Result {
    std::string text;  // the value as packer console prints it; empty after a problem
    std::vector<Problem> problems;
    bool ok() const { return problems.empty(); }
  };
  // One line: an expression, or "" (nothing), "variables" (the listing below). Secrets are masked
  // in everything returned.
  Result evaluate(std::string_view line) const;

  // Every variable (and local) with its value, as `variables` prints them in packer console.
  std::string variables_listing() const;

  bool hcl2() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiln
