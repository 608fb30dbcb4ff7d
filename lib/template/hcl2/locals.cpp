#include "template/hcl2/locals.hpp"

#include <fmt/format.h>

#include <set>

#include "template/hcl2/data_sources.hpp"
#include "template/hcl2/diagnostics.hpp"

namespace kiln::hcl2 {
namespace {

// A local or a data block: what it is called ("local.x", "data.null.y") and what it reads.
struct Node {
  std::string name;
  std::string local;                  // a local's own name; empty for a data block
  const hcl::Expr* expr = nullptr;    // a local's expression
  const hcl::Block* block = nullptr;  // a data block
  bool sensitive = false;
  hcl::Range range;
};

void local_definitions(const HclTemplate& t, Scope& scope, std::vector<Node>& out) {
  std::map<std::string, hcl::Range> seen;
  auto define = [&](Node local) {
    auto [it, fresh] = seen.emplace(local.local, local.range);
    if (!fresh) {
      add(scope.problems, local.range, "Duplicate local definition",
          fmt::format("Local variable \"{}\" is defined twice; the first is at {}.", local.local, it->second.str()));
      return;
    }
    local.name = "local." + local.local;
    out.push_back(std::move(local));
  };
  for (const auto& file : t.files) {
    for (const auto& block : file.body.blocks) {
      if (block.type == "locals") {
        for (const auto& a : block.body.attributes) define(Node{{}, a.name, a.expr.get(), nullptr, false, a.range});
      } else if (block.type == "local" && block.labels.size() == 1) {
        Node local{{}, block.labels[0], nullptr, nullptr, false, block.range};
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
}

void data_definitions(const HclTemplate& t, Scope& scope, std::vector<Node>& out) {
  std::map<std::string, hcl::Range> seen;
  for (const auto& file : t.files)
    for (const auto& block : file.body.blocks) {
      if (block.type != "data" || block.labels.size() != 2) continue;
      std::string name = "data." + block.labels[0] + "." + block.labels[1];
      auto [it, fresh] = seen.emplace(name, block.range);
      if (!fresh) {
        add(scope.problems, block.type_range, "Duplicate " + block.labels[0] + " \"" + block.labels[1] + "\" configuration",
            fmt::format("A {} data source named \"{}\" was already declared at {}. Data source names must be "
                        "unique per type in a configuration.",
                        block.labels[0], block.labels[1], it->second.str()));
        continue;
      }
      out.push_back(Node{name, {}, nullptr, &block, false, block.range});
    }
}

void add_references(const hcl::Expr& expr, std::set<std::string>& out) {
  for (const auto& t : hcl::variables(expr)) {
    if (t.steps.empty() || t.steps[0].kind != hcl::TraversalStep::Kind::Attribute) continue;
    if (t.root == "local") out.insert("local." + t.steps[0].name);
    else if (t.root == "data" && t.steps.size() > 1 && t.steps[1].kind == hcl::TraversalStep::Kind::Attribute)
      out.insert("data." + t.steps[0].name + "." + t.steps[1].name);
  }
}

void add_references(const hcl::Body& body, std::set<std::string>& out) {
  for (const auto& a : body.attributes) add_references(*a.expr, out);
  for (const auto& b : body.blocks) add_references(b.body, out);
}

// The locals and data sources `node` reads.
std::set<std::string> references(const Node& node) {
  std::set<std::string> out;
  if (node.expr) add_references(*node.expr, out);
  else add_references(node.block->body, out);
  return out;
}

}  // namespace

std::map<std::string, hcl::Value> resolve_locals(const HclTemplate& t, Scope& scope, std::set<std::string>* failed) {
  std::vector<Node> pending;
  local_definitions(t, scope, pending);
  data_definitions(t, scope, pending);
  std::set<std::string> defined;
  for (const auto& n : pending) defined.insert(n.name);
  std::map<std::string, hcl::Value> locals;
  std::map<std::string, std::map<std::string, hcl::Value>> data;  // type → name → output
  std::set<std::string> done, failed_nodes;
  auto publish = [&] {
    scope.root.variables["local"] = hcl::Value::object(locals);
    std::map<std::string, hcl::Value> types;
    for (const auto& [type, outputs] : data) types[type] = hcl::Value::object(outputs);
    scope.root.variables["data"] = hcl::Value::object(std::move(types));
  };
  auto evaluate = [&](const Node& n) {
    publish();
    if (n.expr) {
      const size_t problems_before = scope.problems.list().size();
      hcl::Value v = scope.eval(*n.expr, scope.root);
      if (n.sensitive) scope.add_secrets(v);
      // As in Packer, a local whose expression has errors gets no value (HCL still returns one, e.g.
      // a template with its null parts left out): it is unknown to whatever reads it.
      bool fails = scope.problems.list().size() != problems_before;
      for (const auto& ref : references(n)) fails = fails || failed_nodes.count(ref);
      locals[n.local] = fails ? hcl::Value::unknown(hcl::Type::dynamic()) : v;
      if (fails) {
        failed_nodes.insert(n.name);
        if (failed) failed->insert(n.local);
      }
    } else {
      data[n.block->labels[0]][n.block->labels[1]] = scope.run_data_sources
                                                          ? run_data_source(*n.block, scope.root, scope)
                                                          : hcl::Value::unknown(hcl::Type::dynamic());
    }
    done.insert(n.name);
  };
  // Each pass evaluates what has all it reads at hand; what is left has a cycle.
  while (!pending.empty()) {
    std::vector<Node> waiting;
    for (const auto& n : pending) {
      bool ready = true;
      for (const auto& ref : references(n))
        if (defined.count(ref) && !done.count(ref)) ready = false;
      if (ready) evaluate(n);
      else waiting.push_back(n);
    }
    if (waiting.size() == pending.size()) {
      for (const auto& n : waiting)
        add(scope.problems, n.range, n.expr ? "Cycle in local variables" : "Cycle in data sources",
            fmt::format("{} depends, directly or through others, on itself.", n.name));
      break;
    }
    pending = std::move(waiting);
  }
  publish();
  return locals;
}

}  // namespace kiln::hcl2
