// Function calls: argument count, `...` expansion, conversion to the parameter types, null and unknown
// arguments, and the function's own errors, all worded as HCL words them.
#include <fmt/format.h>

#include <exception>

#include "hcl/eval_internal.hpp"

namespace kiln::hcl {
namespace {

bool any_functions(const EvalContext& ctx) {
  for (const EvalContext* c = &ctx; c; c = c->parent)
    if (c->functions) return true;
  return false;
}

// The closing parenthesis of a call.
Range close_paren(const Range& call) {
  Range r = call;
  r.start = call.end;
  if (r.start.column > 1) --r.start.column;
  if (r.start.byte > 0) --r.start.byte;
  return r;
}

}  // namespace

Value Evaluator::operator()(const Expr& e, const CallExpr& n) {
  const Function* f = ctx_.find_function(n.name);
  if (!f) {
    if (!any_functions(ctx_)) return fail(e.range, "Function calls not allowed", "Functions may not be called here.");
    return fail(e.range, "Call to unknown function", fmt::format("There is no function named \"{}\".", n.name));
  }
  const std::vector<Param>& params = f->params;
  auto param_for = [&](size_t i) -> const Param& { return i < params.size() ? params[i] : *f->variadic; };
  auto call_failed = [&](const FunctionError& err, const std::vector<const Expr*>& arg_exprs) {
    if (err.arg != FunctionError::npos && err.arg < arg_exprs.size())
      return fail(arg_exprs[err.arg]->range, "Invalid function argument",
                  fmt::format("Invalid value for \"{}\" parameter: {}.", param_for(err.arg).name, err.message));
    return fail(e.range, "Error in function call",
                fmt::format("Call to function \"{}\" failed: {}.", n.name, err.message));
  };
  auto check_count = [&](size_t count, const std::vector<const Expr*>& arg_exprs) {
    if (count < params.size()) {
      fail(close_paren(e.range), "Not enough function arguments",
           fmt::format("Function \"{}\" expects{} {} argument(s). Missing value for \"{}\".", n.name,
                       f->variadic ? " at least" : "", params.size(), params[count].name));
      return false;
    }
    if (!f->variadic && count > params.size()) {
      fail(arg_exprs[params.size()]->range, "Too many function arguments",
           fmt::format("Function \"{}\" expects only {} argument(s).", n.name, params.size()));
      return false;
    }
    return true;
  };

  if (f->lazy) {
    std::vector<const Expr*> arg_exprs;
    for (const ExprPtr& a : n.args) arg_exprs.push_back(a.get());
    if (!check_count(arg_exprs.size(), arg_exprs)) return Value::unknown(Type::dynamic());
    ArgEvaluator evaluate_arg = [this](const Expr& a, Diagnostics& d) { return evaluate(a, ctx_, d); };
    try {
      return f->lazy(arg_exprs, evaluate_arg);
    } catch (const FunctionError& err) {
      return call_failed(err, arg_exprs);
    } catch (const std::exception& err) {
      return call_failed(FunctionError{FunctionError::npos, err.what()}, arg_exprs);
    }
  }

  size_t before = diags_.size();
  std::vector<Value> args;
  std::vector<const Expr*> arg_exprs;  // the expression each argument came from
  for (size_t i = 0; i < n.args.size(); ++i) {
    const Expr& a = *n.args[i];
    Value v = eval(a);
    if (!(n.expand_final && i + 1 == n.args.size())) {
      args.push_back(v);
      arg_exprs.push_back(&a);
      continue;
    }
    if (v.is_null())
      return fail(a.range, "Invalid expanding argument value",
                  "The expanding argument (indicated by ...) must not be null.");
    if (v.type().is_dynamic() || !v.is_known()) return Value::unknown(Type::dynamic());
    if (!v.type().is_list_like())
      return fail(a.range, "Invalid expanding argument value",
                  "The expanding argument (indicated by ...) must be of a tuple, list, or set type.");
    for (const Value& element : v.elements()) {
      args.push_back(element);
      arg_exprs.push_back(&a);
    }
  }
  if (diags_.size() > before) return Value::unknown(Type::dynamic());
  if (!check_count(args.size(), arg_exprs)) return Value::unknown(Type::dynamic());

  bool unknown = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const Param& p = param_for(i);
    if (args[i].is_null() && !p.allow_null) {
      fail(arg_exprs[i]->range, "Invalid function argument",
           fmt::format("Invalid value for \"{}\" parameter: argument must not be null.", p.name));
      continue;
    }
    std::string why;
    std::optional<Value> converted = convert(args[i], p.type, why);
    if (!converted) {
      fail(arg_exprs[i]->range, "Invalid function argument",
           fmt::format("Invalid value for \"{}\" parameter: {}.", p.name, why));
      continue;
    }
    args[i] = *converted;
    if (!args[i].is_known() && !p.allow_unknown) unknown = true;
  }
  if (diags_.size() > before) return Value::unknown(Type::dynamic());
  try {
    if (unknown) return Value::unknown(f->return_type ? f->return_type(args) : Type::dynamic());
    return f->impl(args);
  } catch (const FunctionError& err) {
    return call_failed(err, arg_exprs);
  } catch (const std::exception& err) {
    return call_failed(FunctionError{FunctionError::npos, err.what()}, arg_exprs);
  }
}

}  // namespace kiln::hcl
