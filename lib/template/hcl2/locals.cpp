#include "template/hcl2/locals.hpp"

#include <fmt/format.h>

#include <set>

#include "template/hcl2/diagnostics.hpp"

namespace kiln::hcl2 {
namespace {

struct Local {
  std::string name;
  const hcl::Expr* expr = nullptr;
  bool sensitive = false;
  hcl::Range range;
};

std::vector<Local> definitions(const HclTemplate& t, Scope& scope) {
  std::vector<Local> out;
  std::map<std::string, hcl::Range> seen;
  auto define = [&](Local local) {
    auto [it, fresh] = seen.emplace(local.name, local.range);
    if (!fresh) {
      add(scope.problems, local.range, "Duplicate local definition",
          fmt::format("Local variable \"{}\" is defined twice; the first is at {}.", local.name, it->second.str()));
      return;
    }
    out.push_back(std::move(local));
  };
  for (const auto& file : t.files) {
    for (const auto& block : file.body.blocks) {
      if (block.type == "locals") {
        for (const auto& a : block.body.attributes) define(Local{a.name, a.expr.get(), false, a.range});
      } else if (block.type == "local" && block.labels.size() == 1) {
        Local local{block.labels[0], nullptr, false, block.range};
        for (const auto& a : block.body.attributes) {
          if (a.name == "expression") local.expr = a.expr.get();
          else if (a.name == "sensitive") {
            hcl::Value v = scope.eval(*a.expr, scope.root);
            local.sensitive = v.is_known() && !v.is_null() && v.type() == hcl::Type::boolean() && v.as_bool();
          } else
            add(scope.problems, a.name_range, "Unsupported argument",
                fmt::format("An argument named \"{}\" is not expected here.", a.name));
        }
        if (!local.expr) {
          add(scope.problems, block.range, "Missing required argument", "The argument \"expression\" is required.");
          continue;
        }
        define(std::move(local));
      }
    }
  }
  return out;
}

// The locals `expr` reads: local.NAME references.
std::set<std::string> local_references(const hcl::Expr& expr) {
  std::set<std::string> out;
  for (const auto& t : hcl::variables(expr))
    if (t.root == "local" && !t.steps.empty() && t.steps[0].kind == hcl::TraversalStep::Kind::Attribute)
      out.insert(t.steps[0].name);
  return out;
}

}  // namespace

std::map<std::string, hcl::Value> resolve_locals(const HclTemplate& t, Scope& scope) {
  std::vector<Local> pending = definitions(t, scope);
  std::set<std::string> defined;
  for (const auto& l : pending) defined.insert(l.name);
  std::map<std::string, hcl::Value> values;
  auto evaluate = [&](const Local& l) {
    scope.root.variables["local"] = hcl::Value::object(values);
    hcl::Value v = scope.eval(*l.expr, scope.root);
    if (l.sensitive) scope.add_secrets(v);
    values[l.name] = v;
  };
  // Each pass evaluates the locals whose references are all known; what is left has a cycle.
  while (!pending.empty()) {
    std::vector<Local> waiting;
    for (const auto& l : pending) {
      bool ready = true;
      for (const auto& ref : local_references(*l.expr))
        if (defined.count(ref) && !values.count(ref)) ready = false;
      if (ready) evaluate(l);
      else waiting.push_back(l);
    }
    if (waiting.size() == pending.size()) {
      for (const auto& l : waiting)
        add(scope.problems, l.range, "Cycle in local variables",
            fmt::format("local.{} depends, directly or through others, on itself.", l.name));
      break;
    }
    pending = std::move(waiting);
  }
  scope.root.variables["local"] = hcl::Value::object(values);
  return values;
}

}  // namespace kiln::hcl2
