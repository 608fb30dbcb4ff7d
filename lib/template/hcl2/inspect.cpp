#include "template/hcl2/inspect.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>

#include "hcl/convert.hpp"
#include "hcl/eval.hpp"
#include "hcl/functions.hpp"
#include "kiln/version.hpp"
#include "template/hcl2/body.hpp"
#include "template/hcl2/builds.hpp"
#include "template/hcl2/diagnostics.hpp"
#include "template/hcl2/dynamic_block.hpp"
#include "template/hcl2/hcl2.hpp"
#include "template/hcl2/locals.hpp"
#include "template/hcl2/variables.hpp"
#include "util/go_quote.hpp"

namespace kiln::hcl2 {
namespace {

// Packer converts numbers to Go values first: an int when the value is a whole int64, else a
// float64 printed with %v (strconv's shortest 'g': an exponent below 1e-4 and from 1e6 up).
std::string go_number(const hcl::Number& n) {
  if (auto i = n.to_int64()) return std::to_string(*i);
  double d = n.to_double();
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto sci = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string text(buf, sci.ptr);
  int exponent = std::stoi(text.substr(text.find('e') + 1));
  if (exponent < -4 || exponent >= 6) return text;
  auto fixed = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  return std::string(buf, fixed.ptr);
}

void layout(const hcl::Value& v, const std::string& indent, std::string& out) {
  if (!v.is_known()) {
    out += "<unknown>";
  } else if (v.is_null()) {
    out += "null";
  } else if (v.type() == hcl::Type::string()) {
    out += go_quote(v.as_string());
  } else if (v.type() == hcl::Type::number()) {
    out += go_number(v.as_number());
  } else if (v.type() == hcl::Type::boolean()) {
    out += v.as_bool() ? "true" : "false";
  } else if (v.type().is_list_like()) {
    if (v.elements().empty()) {
      out += "[]";
      return;
    }
    out += "[\n";
    for (const auto& e : v.elements()) {
      out += indent + "  ";
      layout(e, indent + "  ", out);
      out += ",\n";
    }
    out += indent + "]";
  } else {
    if (v.attributes().empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    for (const auto& [key, e] : v.attributes()) {
      out += indent + "  " + go_quote(key) + " = ";
      layout(e, indent + "  ", out);
      out += "\n";
    }
    out += indent + "}";
  }
}

std::string string_attribute(const hcl::Body& body, std::string_view name, Scope& scope) {
  const hcl::Attribute* a = attribute(body, name);
  if (!a) return "";
  hcl::Value v = scope.eval(*a->expr, scope.root);
  return v.is_known() && !v.is_null() && v.type() == hcl::Type::string() ? v.as_string() : "";
}

std::string plugin_label(const hcl::Block& block, Scope& scope) {
  std::string type = block.labels.empty() ? "" : block.labels[0];
  std::string name = string_attribute(block.body, "name", scope);
  return name.empty() ? type : type + "." + name;
}

// A build's source block label as listed: TYPE.NAME when it reads as a reference, else as written
// (Packer checks those labels only when the build runs).
std::string source_label(const std::string& label) {
  std::optional<SourceRef> ref = parse_source_ref(label);
  return ref ? ref->str() : label;
}

bool contains(const std::vector<std::string>& types, const std::string& type) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

std::vector<std::string> sequence_labels(const hcl::Body& post_processors, Scope& scope) {
  std::vector<std::string> out;
  for (const auto& inner : post_processors.blocks)
    if (inner.type == "post-processor") out.push_back(plugin_label(inner, scope));
  return out;
}

size_t iteration_count(const DynamicBlock& dynamic, Scope& scope) {
  auto items = for_each_items(dynamic, scope.eval(*dynamic.for_each->expr, scope.root), scope);
  return items ? items->size() : 0;
}

// One "TYPE" per iteration of a dynamic "provisioner" or "post-processor" block, TYPE from its labels.
std::vector<std::string> dynamic_labels(const hcl::Block& block, Scope& scope) {
  std::vector<std::string> out;
  std::optional<DynamicBlock> dynamic = read_dynamic(block, scope);
  if (!dynamic || !dynamic->labels) return out;
  auto items = for_each_items(*dynamic, scope.eval(*dynamic->for_each->expr, scope.root), scope);
  if (!items) return out;
  for (const auto& item : *items) {
    hcl::Value v = scope.eval(*dynamic->labels->expr, dynamic->iteration(scope, scope.root, item));
    if (v.is_known() && !v.is_null() && v.type().is_list_like() && !v.elements().empty() &&
        v.elements()[0].is_known() && v.elements()[0].type() == hcl::Type::string())
      out.push_back(v.elements()[0].as_string());
  }
  return out;
}

// Packer 1.6.6 reads a build's name, description and sources as `want` without variables or
// functions; null when the attribute is absent, nothing when it cannot be read that way.
std::optional<hcl::Value> header_attribute(const hcl::Body& body, std::string_view name, const hcl::Type& want) {
  const hcl::Attribute* a = attribute(body, name);
  if (!a) return hcl::Value::null(want);
  hcl::Diagnostics diagnostics;
  hcl::Value v = hcl::evaluate(*a->expr, hcl::EvalContext{}, diagnostics);
  std::string why;
  auto converted = diagnostics.empty() ? hcl::convert(v, want, why) : std::nullopt;
  if (!converted || !converted->is_wholly_known()) return std::nullopt;
  return converted;
}

std::string header_string(const hcl::Value& v) { return v.is_null() ? "" : v.as_string(); }

bool known_types(const hcl::Body& body, const std::string& kind, const std::vector<std::string>& types) {
  for (const auto& block : body.blocks)
    if (block.type == kind && (block.labels.size() != 1 || !contains(types, block.labels[0]))) return false;
  return true;
}

// Whether every provisioner and post-processor of the build has a type the registry knows.
bool known_plugins(const hcl::Block& build, Scope& scope, const Registry& registry) {
  const auto provisioners = registry.provisioner_types(), post_processors = registry.post_processor_types();
  if (!known_types(build.body, "provisioner", provisioners) || !known_types(build.body, "post-processor", post_processors))
    return false;
  for (const auto& block : build.body.blocks) {
    if (block.type == "post-processors" && !known_types(block.body, "post-processor", post_processors)) return false;
    if (block.type != "dynamic" || block.labels.size() != 1) continue;
    const std::string& kind = block.labels[0];
    if (kind == "provisioner" || kind == "post-processor")
      for (const auto& type : dynamic_labels(block, scope))
        if (!contains(kind == "provisioner" ? provisioners : post_processors, type)) return false;
    if (kind == "post-processors")
      if (std::optional<DynamicBlock> dynamic = read_dynamic(block, scope))
        if (!known_types(dynamic->content->body, "post-processor", post_processors)) return false;
  }
  return true;
}

// Nothing for a build whose header cannot be read or that uses a provisioner or post-processor type
// that does not exist: Packer's inspect leaves it out.
std::optional<Inspection::Build> read_build(const hcl::Block& build, size_t index, Scope& scope,
                                            const Registry& registry) {
  if (!known_plugins(build, scope, registry)) return std::nullopt;
  // Packer cannot decode a build with another block or argument (error-cleanup-provisioner is a
  // later Packer's, which kiln lists too).
  static const std::set<std::string> blocks{"source", "provisioner", "post-processor", "post-processors", "dynamic",
                                            "error-cleanup-provisioner"};
  for (const auto& block : build.body.blocks)
    if (!blocks.count(block.type)) return std::nullopt;
  for (const auto& a : build.body.attributes)
    if (a.name != "name" && a.name != "description" && a.name != "sources") return std::nullopt;
  auto name = header_attribute(build.body, "name", hcl::Type::string());
  auto description = header_attribute(build.body, "description", hcl::Type::string());
  auto sources = header_attribute(build.body, "sources", hcl::Type::list(hcl::Type::string()));
  if (!name || !description || !sources) return std::nullopt;
  Inspection::Build out;
  out.name = header_string(*name);
  if (out.name.empty()) out.name = fmt::format("<unnamed build {}>", index);
  out.description = header_string(*description);
  if (!sources->is_null())
    for (const auto& e : sources->elements()) {
      if (e.is_null()) continue;
      std::optional<SourceRef> ref = parse_source_ref(e.as_string());
      if (!ref) return std::nullopt;  // Packer's build decoding fails there: no build to list
      out.sources.push_back(ref->str());
    }
  for (const auto& block : build.body.blocks) {
    if (block.type == "source" && block.labels.size() == 1) out.sources.push_back(source_label(block.labels[0]));
    if (is_dynamic(block, "source"))
      for (const auto& label : dynamic_labels(block, scope)) out.sources.push_back(source_label(label));
    if (block.type == "provisioner") out.provisioners.push_back(plugin_label(block, scope));
    if (is_dynamic(block, "provisioner"))
      for (auto& label : dynamic_labels(block, scope)) out.provisioners.push_back(std::move(label));
    if (block.type == "post-processor") out.post_processors.push_back({plugin_label(block, scope)});
    if (block.type == "post-processors") out.post_processors.push_back(sequence_labels(block.body, scope));
    if (is_dynamic(block, "post-processor"))
      for (auto& label : dynamic_labels(block, scope)) out.post_processors.push_back({std::move(label)});
    if (is_dynamic(block, "post-processors"))
      if (std::optional<DynamicBlock> dynamic = read_dynamic(block, scope))
        for (size_t i = 0; i < iteration_count(*dynamic, scope); ++i)
          out.post_processors.push_back(sequence_labels(dynamic->content->body, scope));
  }
  return out;
}

}  // namespace

std::string printable_value(const hcl::Value& value) {
  if (value.is_known() && !value.is_null() && value.type() == hcl::Type::string()) return value.as_string();
  std::string out;
  layout(value, "", out);
  return out;
}

// A sensitive value as Packer's inspect shows it once its secret filter has run: each string in it
// "<sensitive>" (and, as kiln masks them too, each number), an empty string or unknown as it is.
hcl::Value masked(const hcl::Value& value) {
  if (value.is_null() || !value.is_known()) return value;
  const hcl::Value hidden = hcl::Value::string("<sensitive>");
  switch (value.type().kind()) {
    case hcl::Type::Kind::String: return value.as_string().empty() ? value : hidden;
    case hcl::Type::Kind::Number: return hidden;
    case hcl::Type::Kind::List:
    case hcl::Type::Kind::Set:
    case hcl::Type::Kind::Tuple: {
      std::vector<hcl::Value> elements;
      for (const auto& e : value.elements()) elements.push_back(masked(e));
      return hcl::Value::tuple(std::move(elements));  // not a set: masked elements are all equal
    }
    case hcl::Type::Kind::Map:
    case hcl::Type::Kind::Object: {
      std::map<std::string, hcl::Value> attributes;
      for (const auto& [k, e] : value.attributes()) attributes.emplace(k, masked(e));
      return hcl::Value::object(std::move(attributes));
    }
    default: return value;
  }
}

Inspection inspect(const Template& t, const VariableInput& input, const Environment& env, const Registry& registry) {
  const HclTemplate& hcl = *t.hcl2;
  Inspection out;
  Scope scope;
  scope.functions = hcl::packer_functions(t.dir);
  scope.root.functions = &scope.functions;
  scope.secret = [&out](const std::string& secret) { out.secrets.push_back(secret); };
  std::error_code ec;
  scope.root.variables["path"] = hcl::Value::object(
      {{"root", hcl::Value::string(t.hcl2->path_root)}, {"cwd", hcl::Value::string(std::filesystem::current_path(ec).string())}});
  scope.root.variables["packer"] = hcl::Value::object({{"version", hcl::Value::string(packer_compat_version)}});

  std::set<std::string> sensitive;
  auto variables = resolve_variables(hcl, input, env, scope, &sensitive, true);
  // Packer's inspect stops at a variable's errors (a bad default, a bad value in a var file).
  with_source_lines(scope.problems, hcl).throw_if_any();
  out.warnings = scope.problems.warnings();
  scope.root.variables["var"] = hcl::Value::object(variables);
  for (const auto& [name, value] : variables)
    out.variables.emplace_back(name, printable_value(sensitive.count(name) ? masked(value) : value));
  // A local without a value is left out; one that reads an unset variable shows as unknown.
  std::set<std::string> failed;
  for (const auto& [name, value] : resolve_locals(hcl, scope, &failed))
    if (!failed.count(name)) out.locals.emplace_back(name, value.is_wholly_known() ? printable_value(value) : "<unknown>");
  size_t index = 0;
  for (const auto& file : hcl.files)
    for (const auto& block : file.body.blocks)
      if (block.type == "build")
        if (auto build = read_build(block, index, scope, registry)) {
          out.builds.push_back(std::move(*build));
          ++index;
        }
  return out;
}

}  // namespace kiln::hcl2
