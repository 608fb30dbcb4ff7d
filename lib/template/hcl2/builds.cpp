#include "template/hcl2/builds.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hcl/token.hpp"
#include "template/hcl2/body.hpp"
#include "template/hcl2/diagnostics.hpp"
#include "template/hcl2/dynamic_block.hpp"
#include "template/number_text.hpp"

namespace kiln::hcl2 {
namespace {

// An HCL identifier: a letter or underscore, then letters, digits, underscores and dashes (as
// hclsyntax.ValidIdentifier: the whole text one identifier token).
bool valid_identifier(std::string_view text) {
  hcl::LexResult lexed = hcl::lex(text, "");
  return lexed.diagnostics.empty() && lexed.tokens.size() == 2 && lexed.tokens[0].type == hcl::TokenType::Identifier &&
         lexed.tokens[0].text.size() == text.size();
}

// One builder of one build block: its source, the name it runs under, and its evaluation context.
struct Instance {
  SourceRef ref;            // the source block it comes from
  std::string source_name;  // ref.name, or the build-level source block's name
  std::string build_name;   // "BUILD.TYPE.NAME"
  const hcl::EvalContext* ctx = nullptr;
  size_t builder = 0;  // index in Template::builders
};

std::vector<std::string> string_list(const hcl::Attribute* a, const hcl::EvalContext& ctx, Scope& scope) {
  std::vector<std::string> out;
  if (!a) return out;
  Value v = decode_attribute(*a, ctx, scope);
  if (v.is_null()) return out;
  if (!v.is_array()) {
    add(scope.problems, a->expr->range, "Incorrect attribute value type", "A list of strings is required.");
    return out;
  }
  for (const auto& item : v.items()) {
    if (item.is_string()) out.push_back(item.as_string());
    else add(scope.problems, a->expr->range, "Incorrect attribute value type", "A list of strings is required.");
  }
  return out;
}

std::chrono::nanoseconds duration(const hcl::Attribute* a, const hcl::EvalContext& ctx, Scope& scope) {
  if (!a) return {};
  Value v = decode_attribute(*a, ctx, scope);
  try {
    if (v.is_string()) return parse_go_duration(v.as_string());
    if (v.is_number()) return parse_go_duration(number_text(v));
  } catch (const Error& e) {
    add(scope.problems, a->expr->range, "Invalid duration", e.what());
    return {};
  }
  add(scope.problems, a->expr->range, "Invalid duration", "A duration such as \"5s\" or \"1m30s\" is required.");
  return {};
}

// The `build` variable provisioners and post-processors see: the build block's name, and every
// build-time datum as the {{ build `KEY` }} text the build-time pass fills in (as Packer 1.6.6 does).
hcl::Value build_variable(const std::string& name, const std::vector<std::string>& generated) {
  std::map<std::string, hcl::Value> attrs;
  for (const auto& [key, placeholder] : build_placeholder_data(generated))
    attrs[key] = hcl::Value::string(fmt::format("{{{{ build `{}` }}}}", key));
  attrs["name"] = hcl::Value::string(name);
  return hcl::Value::object(std::move(attrs));
}

class BuildReader {
 public:
  BuildReader(const HclTemplate& hcl, const Registry& registry, Scope& scope, Template& t)
      : registry_(registry), scope_(scope), t_(t) {
    // Checked here, with the builds, rather than at load: Packer 1.6.6's validate -syntax-only and
    // inspect accept a folder that declares a source twice.
    for (const auto& file : hcl.files)
      for (const auto& block : file.body.blocks) {
        if (block.type != "source" || block.labels.size() != 2) continue;
        auto [it, fresh] = sources_.emplace(block.labels[0] + "." + block.labels[1], &block);
        if (!fresh)
          add(scope.problems, block.type_range, "Duplicate source block",
              fmt::format("This source block has the same builder type and name as a previous block declared at "
                          "{}. Each source must have a unique name per builder type.",
                          it->second->range.str()));
      }
  }

  void read(const hcl::Block& build, size_t index) {
    // Packer 1.6.6 decodes a build's name, description and sources without variables or functions.
    const hcl::EvalContext constants;
    std::string name;
    if (const hcl::Attribute* a = attribute(build.body, "name")) {
      Value v = decode_attribute(*a, constants, scope_);
      if (v.is_string()) name = v.as_string();
    }
    if (const hcl::Attribute* a = attribute(build.body, "description")) decode_attribute(*a, constants, scope_);
    std::vector<Instance> instances;
    if (const hcl::Attribute* a = attribute(build.body, "sources")) {
      for (const auto& text : string_list(a, constants, scope_)) {
        auto ref = parse_source_ref(text);
        if (!ref) {
          add(scope_.problems, a->expr->range, "Invalid source reference",
              fmt::format("\"{}\" is not a source reference: write source.TYPE.NAME.", text));
          continue;
        }
        add_instance(instances, *ref, nullptr, scope_.root, name, a->expr->range);
      }
    }
    for (const auto& block : build.body.blocks) {
      if (is_dynamic(block, "source")) {
        dynamic_sources(block, instances, name);
        continue;
      }
      if (block.type != "source") continue;
      if (block.labels.size() != 1) {
        add(scope_.problems, block.type_range, "Invalid source block", "A build's source block takes one label: source.TYPE.NAME.");
        continue;
      }
      auto ref = parse_source_ref(block.labels[0]);
      if (!ref) {
        add(scope_.problems, block.label_ranges[0], "Invalid source reference",
            fmt::format("\"{}\" is not a source reference: write source.TYPE.NAME.", block.labels[0]));
        continue;
      }
      add_instance(instances, *ref, &block.body, scope_.root, name, block.range);
    }
    for (const auto& a : build.body.attributes)
      if (a.name != "name" && a.name != "sources" && a.name != "description")
        add(scope_.problems, a.name_range, "Unsupported argument",
            fmt::format("An argument named \"{}\" is not expected here.", a.name));

    std::string path = fmt::format("build[{}]", index);
    size_t provisioner_index = 0, pp_index = 0;
    for (const auto& block : build.body.blocks) {
      std::string block_path = fmt::format("{}.provisioner[{}]", path, provisioner_index);
      if (block.type == "provisioner" || block.type == "error-cleanup-provisioner") {
        for (const auto& inst : instances)
          provisioner(block, *inst.ctx, inst, block_path);
        ++provisioner_index;
      } else if (is_dynamic(block, "provisioner")) {
        for (const auto& inst : instances) dynamic_provisioners(block, inst, block_path);
        ++provisioner_index;
      } else if (block.type == "post-processor") {
        for (const auto& inst : instances)
          single_post_processor(block, *inst.ctx, inst, fmt::format("{}.post-processor[{}]", path, pp_index));
        ++pp_index;
      } else if (block.type == "post-processors") {
        for (const auto& inst : instances)
          post_processor_sequence(block.body, *inst.ctx, inst, fmt::format("{}.post-processors[{}]", path, pp_index));
        ++pp_index;
      } else if (is_dynamic(block, "post-processor") || is_dynamic(block, "post-processors")) {
        for (const auto& inst : instances)
          dynamic_post_processors(block, inst, fmt::format("{}.{}[{}]", path, block.labels[0], pp_index));
        ++pp_index;
      } else if (block.type != "source" && !is_dynamic(block, "source")) {
        add(scope_.problems, block.type_range, "Unsupported block type",
            fmt::format("Blocks of type \"{}\" are not expected here.", block.type));
      }
    }
  }

 private:
  // dynamic "source" { for_each = …, labels = ["TYPE.NAME"], content { name = … } }: a source block
  // of the build per iteration, in the context of its iterator (Packer 1.6.6 expands it so).
  void dynamic_sources(const hcl::Block& block, std::vector<Instance>& instances, const std::string& build) {
    std::optional<DynamicBlock> dynamic = read_dynamic(block, scope_);
    if (!dynamic) return;
    auto items = for_each_items(*dynamic, scope_.eval(*dynamic->for_each->expr, scope_.root), scope_);
    if (!items) return;
    for (const auto& item : *items) {
      const hcl::EvalContext& ctx = dynamic->iteration(scope_, scope_.root, item);
      std::optional<std::string> label = dynamic_type(block, *dynamic, ctx, "source reference");
      if (!label) return;
      auto ref = parse_source_ref(*label);
      if (!ref) {
        add(scope_.problems, dynamic->labels->expr->range, "Invalid source reference",
            fmt::format("\"{}\" is not a source reference: write source.TYPE.NAME.", *label));
        return;
      }
      add_instance(instances, *ref, &dynamic->content->body, ctx, build, block.range);
    }
  }

  // One builder from source REF, with the build's own source block (`overrides`, evaluated in
  // `overrides_ctx`) setting its name and more settings.
  void add_instance(std::vector<Instance>& instances, const SourceRef& ref, const hcl::Body* overrides_body,
                    const hcl::EvalContext& overrides_ctx, const std::string& build, const hcl::Range& where) {
    auto source = sources_.find(ref.str());
    if (source == sources_.end()) {
      add(scope_.problems, where, "Unknown source",
          fmt::format("Unknown source {}: no source \"{}\" \"{}\" block is defined.", ref.str(), ref.type, ref.name));
      return;
    }
    Instance inst{ref, ref.name, {}, nullptr, t_.builders.size()};
    std::unique_ptr<Builder> builder = registry_.builder(ref.type);
    const Schema* schema = builder ? &builder->schema() : nullptr;
    PluginBlock b;
    b.type = ref.type;
    b.pos = position(source->second->range);
    b.config = decode_body(source->second->body, schema, scope_.root, scope_);
    if (overrides_body) {
      Value overrides = decode_body(*overrides_body, schema, overrides_ctx, scope_);
      for (size_t i = 0; i < overrides.size(); ++i) {
        const std::string& key = overrides.keys()[i];
        if (key == "name") {
          if (overrides.member(i).is_string()) inst.source_name = overrides.member(i).as_string();
          continue;
        }
        // Packer 1.6.6 merges the two bodies: the build's source block adds settings, never replaces one.
        const std::vector<std::string>& keys = b.config.keys();
        if (auto at = std::find(keys.begin(), keys.end(), key); at != keys.end()) {
          scope_.problems.add(overrides.key_pos(i), {},
                              fmt::format("Duplicate argument; Argument \"{}\" was already set at {}", key,
                                          b.config.key_pos(static_cast<size_t>(at - keys.begin())).str()));
          continue;
        }
        b.config.set(key, overrides.member(i), overrides.key_pos(i));
      }
    }
    inst.build_name = (build.empty() ? "" : build + ".") + ref.type + "." + inst.source_name;
    b.name = inst.build_name;
    b.packer_build_name = ref.name;  // Packer 1.6.6: the source block's own name, even when the build renames it
    b.path = fmt::format("source.{}", ref.str());
    std::map<std::string, hcl::Value> vars{
        {"source", hcl::Value::object({{"name", hcl::Value::string(inst.source_name)},
                                       {"type", hcl::Value::string(ref.type)}})},
        {"build", build_variable(build, builder ? builder->generated_data_keys() : std::vector<std::string>{})}};
    inst.ctx = &scope_.child(scope_.root, std::move(vars));
    t_.builders.push_back(std::move(b));
    instances.push_back(std::move(inst));
  }

  PluginBlock plugin_block(const hcl::Block& block, const hcl::Body& body, const std::string& type, const Schema* schema,
                           const hcl::EvalContext& ctx, const Instance& inst, const std::string& path,
                           const std::set<std::string>& common) {
    PluginBlock p;
    p.type = type;
    p.pos = position(block.range);
    p.path = path;
    p.builder = inst.builder;  // the one build it belongs to (its only/except were applied when evaluating)
    p.config = decode_body(body, schema, ctx, scope_, common);
    return p;
  }

  void provisioner(const hcl::Block& block, const hcl::EvalContext& ctx, const Instance& inst, const std::string& path,
                   const hcl::Body* content = nullptr, std::string type = {}) {
    const hcl::Body& body = content ? *content : block.body;
    if (type.empty()) {
      if (block.labels.size() != 1) {
        add(scope_.problems, block.type_range, fmt::format("Missing type for {}", block.type),
            fmt::format("A {} block takes one label: its type.", block.type));
        return;
      }
      type = block.labels[0];
    }
    if (!applies_in(body, ctx, inst)) return;
    std::unique_ptr<Provisioner> plugin = registry_.provisioner(type);
    static const std::set<std::string> common{"only",        "except",  "override", "pause_before",
                                              "max_retries", "timeout", "name"};
    PluginBlock p = plugin_block(block, body, type, plugin ? &plugin->schema() : nullptr, ctx, inst, path, common);
    p.pause_before = duration(attribute(body, "pause_before"), ctx, scope_);
    p.timeout = duration(attribute(body, "timeout"), ctx, scope_);
    if (const hcl::Attribute* a = attribute(body, "max_retries")) {
      Value v = decode_attribute(*a, ctx, scope_);
      if (v.is_integer()) p.max_retries = static_cast<int>(v.as_int());
      else if (v.is_string()) p.max_retries = std::atoi(v.as_string().c_str());
    }
    if (const hcl::Attribute* a = attribute(body, "override")) {
      // override = { "TYPE.NAME" (or "NAME") = { key = value … } }
      Value overrides = decode_attribute(*a, ctx, scope_);
      for (const std::string& key : {inst.source_name, inst.ref.type + "." + inst.source_name})
        if (const Value* o = overrides.is_object() ? overrides.find(key) : nullptr; o && o->is_object())
          for (size_t i = 0; i < o->size(); ++i) p.config.set(o->keys()[i], o->member(i), o->key_pos(i));
    }
    auto& list = block.type == "error-cleanup-provisioner" ? t_.error_cleanup_provisioners : t_.provisioners;
    list.push_back(std::move(p));
  }

  // only/except in HCL2 name sources (TYPE.NAME); false when the block skips this instance.
  bool applies_in(const hcl::Body& body, const hcl::EvalContext& ctx, const Instance& inst) {
    std::vector<std::string> only = names_for(attribute(body, "only"), ctx);
    std::vector<std::string> except = names_for(attribute(body, "except"), ctx);
    std::string ref = inst.ref.type + "." + inst.source_name;
    auto listed = [&](const std::vector<std::string>& names) {
      return std::find(names.begin(), names.end(), ref) != names.end();
    };
    if (!only.empty() && !listed(only)) return false;
    return !listed(except);
  }

  // An only/except list; evaluated once per block when it does not depend on the instance (the
  // usual case), which keeps many sources × many provisioners linear in practice.
  std::vector<std::string> names_for(const hcl::Attribute* a, const hcl::EvalContext& ctx) {
    if (!a) return {};
    if (auto it = constant_lists_.find(a); it != constant_lists_.end()) return it->second;
    bool per_instance = false;
    for (const auto& t : hcl::variables(*a->expr))
      if (t.root != "var" && t.root != "local" && t.root != "path" && t.root != "packer") per_instance = true;
    if (!per_instance) return constant_lists_[a] = string_list(a, scope_.root, scope_);
    return string_list(a, ctx, scope_);
  }

  // Calls each(dynamic, ctx, i) for every iteration of a dynamic block, until it returns false.
  template <typename Each>
  void for_each_iteration(const hcl::Block& block, const Instance& inst, Each each) {
    std::optional<DynamicBlock> dynamic = read_dynamic(block, scope_);
    if (!dynamic) return;
    auto items = for_each_items(*dynamic, scope_.eval(*dynamic->for_each->expr, *inst.ctx), scope_);
    if (!items) return;
    for (size_t i = 0; i < items->size(); ++i)
      if (!each(*dynamic, dynamic->iteration(scope_, *inst.ctx, (*items)[i]), i)) return;
  }

  // The plugin type a dynamic block's labels give in one iteration, or nullopt (a problem added).
  std::optional<std::string> dynamic_type(const hcl::Block& block, const DynamicBlock& dynamic,
                                          const hcl::EvalContext& ctx, std::string_view kind) {
    std::vector<std::string> type = string_list(dynamic.labels, ctx, scope_);
    if (type.size() == 1) return type[0];
    add(scope_.problems, block.range, "Invalid dynamic block", fmt::format("labels must give the {} type, one label.", kind));
    return std::nullopt;
  }

  void dynamic_provisioners(const hcl::Block& block, const Instance& inst, const std::string& path) {
    for_each_iteration(block, inst, [&](const DynamicBlock& dynamic, const hcl::EvalContext& ctx, size_t i) {
      std::optional<std::string> type = dynamic_type(block, dynamic, ctx, "provisioner");
      if (type) provisioner(block, ctx, inst, fmt::format("{}[{}]", path, i), &dynamic.content->body, *type);
      return type.has_value();
    });
  }

  // One post-processor block, a sequence of its own.
  void single_post_processor(const hcl::Block& block, const hcl::EvalContext& ctx, const Instance& inst,
                             const std::string& path, const hcl::Body* content = nullptr, std::string type = {}) {
    if (auto p = post_processor(block, ctx, inst, path, content, std::move(type)))
      t_.post_processors.push_back({std::move(*p)});
  }

  // The post-processor blocks of a post-processors block, one sequence.
  void post_processor_sequence(const hcl::Body& body, const hcl::EvalContext& ctx, const Instance& inst,
                               const std::string& path) {
    std::vector<PluginBlock> sequence;
    size_t j = 0;
    for (const auto& inner : body.blocks) {
      if (inner.type != "post-processor") {
        add(scope_.problems, inner.type_range, "Unsupported block type",
            fmt::format("Blocks of type \"{}\" are not expected here.", inner.type));
        continue;
      }
      if (auto p = post_processor(inner, ctx, inst, fmt::format("{}[{}]", path, j++))) sequence.push_back(std::move(*p));
    }
    if (!sequence.empty()) t_.post_processors.push_back(std::move(sequence));
  }

  // dynamic "post-processor" (labels give the type) or dynamic "post-processors": a block per
  // iteration, as Packer 1.6.6 expands them.
  void dynamic_post_processors(const hcl::Block& block, const Instance& inst, const std::string& path) {
    for_each_iteration(block, inst, [&](const DynamicBlock& dynamic, const hcl::EvalContext& ctx, size_t i) {
      std::string iteration_path = fmt::format("{}[{}]", path, i);
      if (block.labels[0] == "post-processors") {
        post_processor_sequence(dynamic.content->body, ctx, inst, iteration_path);
        return true;
      }
      std::optional<std::string> type = dynamic_type(block, dynamic, ctx, "post-processor");
      if (type) single_post_processor(block, ctx, inst, iteration_path, &dynamic.content->body, *type);
      return type.has_value();
    });
  }

  std::optional<PluginBlock> post_processor(const hcl::Block& block, const hcl::EvalContext& ctx, const Instance& inst,
                                            const std::string& path, const hcl::Body* content = nullptr,
                                            std::string type = {}) {
    const hcl::Body& body = content ? *content : block.body;
    if (type.empty()) {
      if (block.labels.size() != 1) {
        add(scope_.problems, block.type_range, "Missing type for post-processor",
            "A post-processor block takes one label: its type.");
        return std::nullopt;
      }
      type = block.labels[0];
    }
    if (!applies_in(body, ctx, inst)) return std::nullopt;
    std::unique_ptr<PostProcessor> plugin = registry_.post_processor(type);
    static const std::set<std::string> common{"only", "except", "name", "keep_input_artifact"};
    PluginBlock p = plugin_block(block, body, type, plugin ? &plugin->schema() : nullptr, ctx, inst, path, common);
    if (const hcl::Attribute* a = attribute(body, "name")) {
      Value v = decode_attribute(*a, ctx, scope_);
      if (v.is_string()) p.name = v.as_string();
    }
    if (const hcl::Attribute* a = attribute(body, "keep_input_artifact")) {
      Value v = decode_attribute(*a, ctx, scope_);
      if (v.is_bool()) p.keep_input_artifact = v.as_bool();
    }
    return p;
  }

  const Registry& registry_;
  Scope& scope_;
  Template& t_;
  std::map<std::string, const hcl::Block*> sources_;
  std::map<const hcl::Attribute*, std::vector<std::string>> constant_lists_;
};

}  // namespace

// Packer 1.6.6's sourceRefFromString, with hclsyntax.ValidIdentifier on both parts.
std::optional<SourceRef> parse_source_ref(std::string_view text) {
  std::vector<std::string_view> parts;
  for (size_t from = 0;;) {
    size_t dot = text.find('.', from);
    parts.push_back(text.substr(from, dot == std::string_view::npos ? std::string_view::npos : dot - from));
    if (dot == std::string_view::npos) break;
    from = dot + 1;
  }
  if (parts.size() < 2) return std::nullopt;
  size_t first = parts.size() > 2 ? 1 : 0;
  SourceRef ref{std::string(parts[first]), std::string(parts[first + 1])};
  if (!valid_identifier(ref.type) || !valid_identifier(ref.name)) return std::nullopt;
  return ref;
}

void add_builds(const HclTemplate& hcl, const Registry& registry, Scope& scope, Template& t) {
  BuildReader reader(hcl, registry, scope, t);
  size_t index = 0;
  for (const auto& file : hcl.files)
    for (const auto& block : file.body.blocks)
      if (block.type == "build") reader.read(block, index++);
}

}  // namespace kiln::hcl2
