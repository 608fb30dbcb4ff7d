#include "template/hcl2/locals.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>
#include <utility>
#include <vector>

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
  std::set<std::string> reads;  // the locals and data sources it names ("local.x", "data.t.n")
  bool reads_only_names = true;  // false when it also looks at `local` or `data` another way
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

void add_reads(const hcl::Expr& expr, Node& node) {
  for (const auto& t : hcl::variables(expr)) {
    if (t.root != "local" && t.root != "data") continue;
    bool attribute = !t.steps.empty() && t.steps[0].kind == hcl::TraversalStep::Kind::Attribute;
    if (t.root == "local" && attribute)
      node.reads.insert("local." + t.steps[0].name);
    else if (attribute && t.steps.size() > 1 && t.steps[1].kind == hcl::TraversalStep::Kind::Attribute)
      node.reads.insert("data." + t.steps[0].name + "." + t.steps[1].name);
    else
      node.reads_only_names = false;  // `local`, `local["x"]`, `data.t`
  }
}

void add_reads(const hcl::Body& body, Node& node) {
  for (const auto& a : body.attributes) add_reads(*a.expr, node);
  for (const auto& b : body.blocks) add_reads(b.body, node);
}

constexpr size_t kNever = std::numeric_limits<size_t>::max();

// The pass in which Packer's evaluation (passes over the nodes in order, each evaluating what has
// all it reads at hand) evaluates each node, or kNever when it reads itself through a cycle. A node
// is evaluated in the pass its last read is, or in the next when that read comes after it.
// Computed in one walk over the reads (without recursion) rather than pass after pass.
std::vector<size_t> evaluation_passes(const std::vector<std::vector<size_t>>& reads) {
  enum class State { Unseen, Open, Closed };
  std::vector<State> state(reads.size(), State::Unseen);
  std::vector<size_t> pass(reads.size(), 1);
  std::vector<std::pair<size_t, size_t>> walk;  // node, next read to look at
  for (size_t root = 0; root < reads.size(); ++root) {
    if (state[root] != State::Unseen) continue;
    state[root] = State::Open;
    walk.emplace_back(root, 0);
    while (!walk.empty()) {
      auto& [node, next] = walk.back();
      if (next < reads[node].size()) {
        size_t read = reads[node][next++];
        if (state[read] == State::Unseen) {
          state[read] = State::Open;
          walk.emplace_back(read, 0);
        } else if (state[read] == State::Open) {
          pass[node] = kNever;  // a cycle through node
        }
        continue;
      }
      for (size_t read : reads[node]) {
        if (pass[node] == kNever || pass[read] == kNever) {
          pass[node] = kNever;
          break;
        }
        pass[node] = std::max(pass[node], pass[read] + (read > node ? 1 : 0));
      }
      state[node] = State::Closed;
      walk.pop_back();
    }
  }
  return pass;
}

}  // namespace

std::map<std::string, hcl::Value> resolve_locals(const HclTemplate& t, Scope& scope, std::set<std::string>* failed) {
  std::vector<Node> nodes;
  local_definitions(t, scope, nodes);
  data_definitions(t, scope, nodes);
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < nodes.size(); ++i) index[nodes[i].name] = i;
  std::vector<std::vector<size_t>> reads(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    Node& n = nodes[i];
    if (n.expr) add_reads(*n.expr, n);
    else add_reads(n.block->body, n);
    for (const auto& name : n.reads) {
      auto it = index.find(name);
      if (it != index.end()) reads[i].push_back(it->second);
      else n.reads_only_names = false;  // an undefined name: evaluated against every local, as before
    }
  }
  std::map<std::string, hcl::Value> locals;
  std::map<std::string, std::map<std::string, hcl::Value>> data;  // type → name → output
  std::set<std::string> failed_nodes;
  auto publish = [&](const std::map<std::string, hcl::Value>& some_locals,
                     const std::map<std::string, std::map<std::string, hcl::Value>>& some_data) {
    scope.root.variables["local"] = hcl::Value::object(some_locals);
    std::map<std::string, hcl::Value> types;
    for (const auto& [type, outputs] : some_data) types[type] = hcl::Value::object(outputs);
    scope.root.variables["data"] = hcl::Value::object(std::move(types));
  };
  // A node that names all it reads sees just that: a long chain of locals would otherwise build
  // every value so far again at each link.
  auto publish_for = [&](size_t i) {
    if (!nodes[i].reads_only_names) return publish(locals, data);
    std::map<std::string, hcl::Value> some_locals;
    std::map<std::string, std::map<std::string, hcl::Value>> some_data;
    for (size_t read : reads[i]) {
      const Node& r = nodes[read];
      if (r.expr) some_locals[r.local] = locals.at(r.local);
      else some_data[r.block->labels[0]][r.block->labels[1]] = data.at(r.block->labels[0]).at(r.block->labels[1]);
    }
    publish(some_locals, some_data);
  };
  auto evaluate = [&](size_t i) {
    const Node& n = nodes[i];
    publish_for(i);
    if (n.expr) {
      const size_t problems_before = scope.problems.list().size();
      hcl::Value v = scope.eval(*n.expr, scope.root);
      if (n.sensitive) scope.add_secrets(v);
      // As in Packer, a local whose expression has errors gets no value (HCL still returns one, e.g.
      // a template with its null parts left out): it is unknown to whatever reads it.
      bool fails = scope.problems.list().size() != problems_before;
      for (const auto& ref : n.reads) fails = fails || failed_nodes.count(ref);
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
  };
  std::vector<size_t> pass = evaluation_passes(reads);
  std::vector<size_t> order;
  for (size_t i = 0; i < nodes.size(); ++i)
    if (pass[i] != kNever) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pass[a] < pass[b]; });
  for (size_t i : order) evaluate(i);
  for (size_t i = 0; i < nodes.size(); ++i)
    if (pass[i] == kNever)
      add(scope.problems, nodes[i].range, nodes[i].expr ? "Cycle in local variables" : "Cycle in data sources",
          fmt::format("{} depends, directly or through others, on itself.", nodes[i].name));
  publish(locals, data);
  return locals;
}

}  // namespace kiln::hcl2
