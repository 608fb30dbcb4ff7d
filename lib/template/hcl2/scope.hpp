// The evaluation state of one HCL2 template run: the functions, the root context (var, local, path,
// packer) and child contexts that must live as long as anything evaluated in them.
#pragma once

#include <deque>
#include <functional>
#include <string>

#include "hcl/eval.hpp"
#include "hcl/functions.hpp"
#include "kiln/environment.hpp"
#include "kiln/error.hpp"

namespace kiln::hcl2 {

struct Scope {
  hcl::FunctionTable functions;
  hcl::EvalContext root;
  std::deque<hcl::EvalContext> children;  // stable addresses
  std::function<void(const std::string&)> secret;
  EnvironmentPtr environment;  // the run's environment, for data sources (AWS credentials, proxies)
  bool run_data_sources = true;  // false: their outputs are unknown (listing a template's parts)
  Problems problems;

  // A new context under `parent` with these extra variables.
  const hcl::EvalContext& child(const hcl::EvalContext& parent, std::map<std::string, hcl::Value> variables) {
    children.push_back(hcl::EvalContext{std::move(variables), nullptr, &parent});
    return children.back();
  }
  // Evaluates, adding any diagnostics to problems.
  hcl::Value eval(const hcl::Expr& expr, const hcl::EvalContext& ctx);
  // Tells `secret` every string, number and bool inside `value`.
  void add_secrets(const hcl::Value& value);
};

// The text a value shows as in shell commands and the variables map: strings as they are, other
// known primitives as cty converts them to string, anything else as JSON.
std::string display_text(const hcl::Value& value);

}  // namespace kiln::hcl2
