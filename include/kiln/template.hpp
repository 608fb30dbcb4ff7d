// A parsed Packer JSON template: variables, builders, provisioners, post-processor sequences.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiln/environment.hpp"
#include "kiln/error.hpp"
#include "kiln/value.hpp"

namespace kiln {

struct Variable {
  std::string name;
  std::optional<std::string> default_value;  // nullopt: required (null default)
  Position pos;
  bool sensitive = false;
};

// One builder, provisioner or post-processor block as written in the template.
struct PluginBlock {
  std::string type;
  std::string name;  // builders: "name" or else type; post-processors: optional "name"
  Value config;      // the block's keys minus the common ones listed below
  Position pos;
  std::string path;  // "builders[0]", "provisioners[2]", "post-processors[1][0]"
  // HCL2 builders: the source's name, which plugins get as the build name ({{build_name}},
  // PACKER_BUILD_NAME, the manifest's "name"), as in Packer 1.6.6; empty: `name`.
  std::string packer_build_name;
  // Common keys, decoded once for everyone.
  std::vector<std::string> only;
  std::vector<std::string> except;
  Value override_;   // provisioners: build name → partial config object
  std::chrono::nanoseconds pause_before{0};
  std::chrono::nanoseconds timeout{0};
  int max_retries = 0;
  std::optional<bool> keep_input_artifact;  // post-processors
  // HCL2 provisioners and post-processors: the builder (index in Template::builders) of the build
  // block they were evaluated for. They belong to that build alone, even where two builds share a
  // name (two build blocks naming one source: Packer 1.6.6 runs both, each with its own blocks).
  std::optional<size_t> builder;

  // The build name plugins see: packer_build_name, else name.
  const std::string& plugin_build_name() const { return packer_build_name.empty() ? name : packer_build_name; }
  // True when this block applies to the build named `build`, builders[builder_index] (builder, only/except).
  bool applies_to(const std::string& build, size_t builder_index) const;
};

struct HclTemplate;  // lib/template/hcl2: the parsed files of an HCL2 template

struct Template {
  std::string path;      // file or folder the template came from ("<string>" when parsed from text)
  std::string dir;       // its directory, absolute ({{template_dir}})
  std::string description;
  std::string min_packer_version;
  std::vector<Variable> variables;
  std::vector<PluginBlock> builders;
  std::vector<PluginBlock> provisioners;
  std::vector<std::vector<PluginBlock>> post_processors;
  // JSON: at most one, for every build; HCL2 (as later Packer versions): one per build block, with `builder` set.
  std::vector<PluginBlock> error_cleanup_provisioners;
  // Non-fatal findings, e.g. "uses // comments, which Packer rejects".
  std::vector<Problem> warnings;
  bool has_trailing_commas = false;
  // HCL2 templates (a folder, *.pkr.hcl, *.pkr.json): the parsed files. Builders, provisioners and
  // post-processors stay empty until a Session evaluates them with the run's variables.
  std::shared_ptr<const HclTemplate> hcl2;

  // Reads and parses a template: a JSON file, or an HCL2 folder or file. Throws TemplateError listing
  // every syntax problem.
  static Template load(const std::string& path);
  // Parses template text; `origin` names it in errors, `dir` is its directory.
  static Template parse(std::string_view text, const std::string& origin, const std::string& dir = ".");

  const Variable* variable(const std::string& name) const;
  const PluginBlock* builder(const std::string& name) const;
};

// The variables the user gave: -var-file files and -var k=v pairs. As in Packer 1.6.6, the files
// apply in the order given (later wins), and every -var wins over every file wherever it stood.
struct VariableInput {
  struct Item {
    std::string file;   // a -var-file, or empty for a -var
    std::string key;
    std::string value;
  };
  std::vector<Item> items;

  void add_file(std::string path) { items.push_back(Item{std::move(path), {}, {}}); }
  void add_var(std::string key, std::string value) { items.push_back(Item{{}, std::move(key), std::move(value)}); }
};

// Resolves variables as Packer 1.6.6: defaults ({{env}} allowed, may use other variables), then
// the var files in order, then the -var pairs; null in a var file is the empty string.
// {{env}} reads `environment` (nullptr: an empty one). Throws TemplateError listing every missing
// required variable at once. `secret` is told each value read from a secret store
// ({{aws_secretsmanager}}) as soon as it is read.
std::map<std::string, std::string> resolve_variables(const Template& t, const VariableInput& input,
                                                     const EnvironmentPtr& environment,
                                                     const std::function<void(const std::string&)>& secret = {});

}  // namespace kiln
