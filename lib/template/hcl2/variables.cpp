// Input variables of an HCL2 template: declarations, then values by Packer's precedence (lowest
// first): default, PKR_VAR_<name>, *.auto.pkrvars.hcl files, -var-file files in order, -var flags.
#include "template/hcl2/variables.hpp"

#include <fmt/format.h>

#include <optional>
#include <set>

#include "hcl/convert.hpp"
#include "hcl/parser.hpp"
#include "template/hcl2/body.hpp"
#include "template/hcl2/diagnostics.hpp"

namespace kiln::hcl2 {
namespace {

struct Declaration {
  std::string name;
  std::optional<hcl::Type> type;  // nullopt: untyped (any; CLI values stay strings)
  const hcl::Expr* default_expr = nullptr;
  bool sensitive = false;
  hcl::Range range;
  std::vector<const hcl::Block*> validations;
};

std::vector<Declaration> declarations(const HclTemplate& t, Scope& scope) {
  std::vector<Declaration> out;
  for (const auto& file : t.files) {
    for (const auto& block : file.body.blocks) {
      if (block.type == "variables") {
        for (const auto& a : block.body.attributes) out.push_back(Declaration{a.name, {}, a.expr.get(), false, a.range, {}});
        continue;
      }
      if (block.type != "variable" || block.labels.size() != 1) continue;
      Declaration d{block.labels[0], {}, nullptr, false, block.range, {}};
      for (const auto& a : block.body.attributes) {
        if (a.name == "type") {
          hcl::Diagnostics diagnostics;
          d.type = hcl::type_constraint(*a.expr, diagnostics);
          add_all(diagnostics, scope.problems);
        } else if (a.name == "default") {
          d.default_expr = a.expr.get();
        } else if (a.name == "sensitive") {
          hcl::Value v = scope.eval(*a.expr, scope.root);
          d.sensitive = v.is_known() && !v.is_null() && v.type() == hcl::Type::boolean() && v.as_bool();
        } else if (a.name != "description") {
          add(scope.problems, a.name_range, "Unsupported argument",
              fmt::format("An argument named \"{}\" is not expected here.", a.name));
        }
      }
      for (const auto& inner : block.body.blocks) {
        if (inner.type == "validation") d.validations.push_back(&inner);
        else
          add(scope.problems, inner.type_range, "Unsupported block type",
              fmt::format("Blocks of type \"{}\" are not expected here.", inner.type));
      }
      out.push_back(std::move(d));
    }
  }
  return out;
}

// A value given as text (PKR_VAR_, -var): a string for untyped variables and primitive types (then
// converted: "abc" is no number), else an HCL expression, as Packer reads it.
// HCL's nil context, where Packer evaluates given values (-var, PKR_VAR_, var files): constants only,
// "Variables not allowed" and "Function calls not allowed" otherwise.
const hcl::EvalContext kConstants;

hcl::Value from_text(const Declaration& d, const std::string& text, const std::string& origin, Scope& scope) {
  if (!d.type || d.type->is_primitive() || d.type->is_dynamic()) return hcl::Value::string(text);
  hcl::ParsedExpr parsed = hcl::parse_expression(text, origin);
  add_all(parsed.diagnostics, scope.problems);
  if (!parsed.expr) return hcl::Value::unknown(hcl::Type::dynamic());
  return scope.eval(*parsed.expr, kConstants);
}

void check_validations(const Declaration& d, const hcl::Value& value, Scope& scope) {
  const hcl::EvalContext& ctx = scope.child(scope.root, {{"var", hcl::Value::object({{d.name, value}})}});
  for (const hcl::Block* rule : d.validations) {
    const hcl::Attribute* condition = attribute(rule->body, "condition");
    const hcl::Attribute* message = attribute(rule->body, "error_message");
    if (!condition || !message) {
      add(scope.problems, rule->range, "Invalid validation block",
          "A validation block needs a condition and an error_message.");
      continue;
    }
    hcl::Value ok = scope.eval(*condition->expr, ctx);
    if (!ok.is_known() || ok.is_null() || ok.type() != hcl::Type::boolean() || ok.as_bool()) continue;
    hcl::Value text = scope.eval(*message->expr, scope.root);
    add(scope.problems, d.range, "Invalid value for variable",
        fmt::format("{}\n\nThis was checked by the validation rule at {}.", display_text(text), condition->range.str()));
  }
}

}  // namespace

std::map<std::string, hcl::Value> resolve_variables(const HclTemplate& t, const VariableInput& input,
                                                    const Environment& env, Scope& scope,
                                                    std::set<std::string>* sensitive, bool inspecting) {
  std::vector<Declaration> decls = declarations(t, scope);
  if (sensitive)
    for (const auto& d : decls)
      if (d.sensitive) sensitive->insert(d.name);
  std::map<std::string, const Declaration*> by_name;
  for (const auto& d : decls) by_name[d.name] = &d;
  // Sensitive values the user typed are secrets before anything can show them.
  for (const auto& d : decls) {
    if (!d.sensitive) continue;
    for (const auto& item : input.items)
      if (item.file.empty() && item.key == d.name) scope.secret(item.value);
    if (auto v = env.get("PKR_VAR_" + d.name)) scope.secret(*v);
  }

  std::map<std::string, hcl::Value> given;
  std::set<std::string> from_cli;  // their type errors are worded as Packer words a bad -var
  for (const auto& d : decls)
    if (auto text = env.get("PKR_VAR_" + d.name)) given[d.name] = from_text(d, *text, "PKR_VAR_" + d.name, scope);
  auto from_file = [&](const HclTemplate::File& file) {
    for (const auto& a : file.body.attributes) {
      if (!by_name.count(a.name)) {  // a warning, as in Packer 1.6.6 (a -var for it is an error)
        warn(scope.problems, "Undefined variable",
             fmt::format("A \"{}\" variable was set but was not found in known variables. To declare variable \"{}\", "
                         "place this block in one of your .pkr files, such as variables.pkr.hcl",
                         a.name, a.name));
        continue;
      }
      given[a.name] = scope.eval(*a.expr, kConstants);
    }
    for (const auto& b : file.body.blocks)
      add(scope.problems, b.type_range, "Unexpected block", "Blocks are not allowed here: a variable file only sets variables.");
  };
  for (const auto& file : t.auto_var_files) from_file(file);
  for (const auto& item : input.items) {
    if (item.file.empty()) continue;
    hcl::Diagnostics diagnostics;
    HclTemplate::File file = load_var_file(item.file, diagnostics);
    add_all(diagnostics, scope.problems);
    from_file(file);
  }
  for (const auto& item : input.items) {
    if (!item.file.empty()) continue;
    auto d = by_name.find(item.key);
    if (d == by_name.end()) {
      scope.problems.add(Position{"-var"}, {},
                         fmt::format("Undefined -var variable; A \"{}\" variable was passed in the command line but was "
                                     "not found in known variables. To declare variable \"{}\", place this block in "
                                     "one of your .pkr files, such as variables.pkr.hcl",
                                     item.key, item.key));
      continue;
    }
    given[item.key] = from_text(*d->second, item.value, "-var " + item.key, scope);
    from_cli.insert(item.key);
  }

  // A default may read the run's environment with env(), and nothing else may (as in Packer 1.6.6).
  hcl::FunctionTable default_functions{
      {"env", hcl::Function{{hcl::Param{"key", hcl::Type::string()}}, {}, {}, [&env](const std::vector<hcl::Value>& args) {
         return hcl::Value::string(env.get(args[0].as_string()).value_or(""));
       }, {}}}};
  const hcl::EvalContext& defaults = scope.children.emplace_back(hcl::EvalContext{{}, &default_functions, &scope.root});
  std::map<std::string, hcl::Value> values;
  for (const auto& d : decls) {
    hcl::Value value;
    if (auto it = given.find(d.name); it != given.end()) value = it->second;
    else if (d.default_expr) value = scope.eval(*d.default_expr, defaults);
    else {
      if (!inspecting)
        add(scope.problems, d.range, fmt::format("Unset variable \"{}\"", d.name),
            "A used variable must be set or have a default value; see https://packer.io/docs/configuration/from-1.5/syntax "
            "for details.");
      values[d.name] = hcl::Value::unknown(d.type.value_or(hcl::Type::dynamic()));
      continue;
    }
    if (d.type) {
      std::string why;
      if (auto converted = hcl::convert(value, *d.type, why)) {
        value = *converted;
      } else if (from_cli.count(d.name)) {
        scope.problems.add(Position{"-var"}, {},
                           fmt::format("Invalid argument value for -var variable; The received arg value for {} is not "
                                       "compatible with the variable's type constraint: {}.",
                                       d.name, why));
        continue;
      } else {
        add(scope.problems, d.range, "Invalid value for variable",
            fmt::format("The value for {} is not compatible with the variable's type constraint: {}.", d.name, why));
        continue;
      }
    }
    if (d.sensitive) scope.add_secrets(value);
    if (!inspecting) check_validations(d, value, scope);
    values[d.name] = value;
  }
  return values;
}

}  // namespace kiln::hcl2
