// HCL2 templates (Packer's .pkr.hcl / .pkr.json folders): loading, and turning them into the builds,
// provisioners and post-processors of a Template once the variables are known.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hcl/ast.hpp"
#include "hcl/value.hpp"
#include "kiln/environment.hpp"
#include "kiln/registry.hpp"
#include "kiln/template.hpp"

namespace kiln {

// The parsed files of one HCL2 template (Template::hcl2).
struct HclTemplate {
  struct File {
    std::string path;
    hcl::Body body;
    std::string text;  // the source, for the line a problem shows
  };
  std::vector<File> files;            // *.pkr.hcl and *.pkr.json, in the order Packer reads them
  std::vector<File> auto_var_files;   // *.auto.pkrvars.hcl / .json beside them, by name
  // path.root as Packer 1.6.6 has it: the directory as the caller named it, or the file's directory
  // (Go's filepath.Dir): relative when the caller's path was.
  std::string path_root;
};

namespace hcl2 {

// A directory, or a file named *.pkr.hcl or *.pkr.json.
bool is_hcl2_path(const std::string& path);

// Reads and parses the template at `path` and checks its blocks; throws TemplateError listing every
// problem (positions as HCL prints them).
Template load(const std::string& path);

// Parses one native-syntax file from text (`origin` names it); for tests and the C API.
Template parse(std::string_view text, const std::string& origin, const std::string& dir);

// A variable file (.pkrvars.hcl, or JSON when the name ends with .json): attributes only.
HclTemplate::File parse_var_file(const std::string& path, std::string_view text, hcl::Diagnostics& diagnostics);
HclTemplate::File load_var_file(const std::string& path, hcl::Diagnostics& diagnostics);

struct Materialized {
  Template tmpl;                                // builders, provisioners, post-processors filled in
  std::map<std::string, std::string> variables; // each variable's value as text
};

// Evaluates the template for one run: variables (defaults, PKR_VAR_ from `env`, auto files, var
// files, -var), locals, sources and builds. `secret` is told each sensitive value before anything
// that could show it is thrown. Throws TemplateError listing every problem.
Materialized materialize(const Template& t, const VariableInput& input, const Environment& env,
                         const Registry& registry, const std::function<void(const std::string&)>& secret);

// Fills t.variables (each default as text; none when it needs a value) and t.builders (the builds
// as they are with every variable at its default, built-in plugins only; empty when that fails),
// so that a template's parts can be listed before a run (the C API does, when it loads one).
// Data sources are not run for it: their outputs are unknown.
void preview(Template& t);

struct Scope;

// A template's root scope once its variables, locals and data sources are known: var, local, data,
// path, packer and the functions. For expressions written outside the template (kiln console).
class ExpressionScope {
 public:
  // Throws TemplateError listing every problem, as materialize does.
  ExpressionScope(const Template& t, const VariableInput& input, EnvironmentPtr env,
                  const std::function<void(const std::string&)>& secret);
  ~ExpressionScope();
  ExpressionScope(const ExpressionScope&) = delete;
  ExpressionScope& operator=(const ExpressionScope&) = delete;

  // Parses and evaluates one expression; `origin` names it in diagnostics. On a problem the result is
  // unknown and diagnostics say why.
  hcl::Value evaluate(std::string_view text, const std::string& origin, hcl::Diagnostics& diagnostics) const;
  const std::map<std::string, hcl::Value>& variables() const { return variables_; }
  const std::map<std::string, hcl::Value>& locals() const { return locals_; }

 private:
  std::unique_ptr<Scope> scope_;
  std::map<std::string, hcl::Value> variables_, locals_;
};

}  // namespace hcl2
}  // namespace kiln
