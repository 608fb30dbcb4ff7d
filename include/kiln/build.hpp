// Turning a template into builds and running them: Packer's core + command/build.go.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kiln/cancel.hpp"
#include "kiln/environment.hpp"
#include "kiln/events.hpp"
#include "kiln/plugin.hpp"
#include "kiln/prompt.hpp"
#include "kiln/registry.hpp"
#include "kiln/template.hpp"

namespace kiln {

struct BuildOptions {
  VariableInput variables;
  std::vector<std::string> only;    // glob patterns of build names
  std::vector<std::string> except;  // glob patterns of build names
  bool force = false;
  bool debug = false;
  OnError on_error = OnError::Cleanup;
  unsigned parallel_builds = 0;     // 0 = unlimited
  std::shared_ptr<Registry> registry;  // nullptr = built-ins
  std::shared_ptr<EventBus> events;    // nullptr = discard
  CancelToken cancel;
  PromptFn prompt;                     // breakpoints and -debug pauses; empty = announce and skip
  // The environment the run sees ({{env}}, PKR_VAR_, AWS_*, proxies, DOCKER_HOST, children's
  // environment); nullptr = a snapshot the Session takes when it is constructed.
  EnvironmentPtr environment;
};

struct BuildResult {
  std::string name;
  std::vector<ArtifactPtr> artifacts;
  bool ok = false;
  bool cancelled = false;
  std::string error;  // when !ok
};

// One builder with its provisioners and post-processor sequences, prepared and ready to run.
class Build {
 public:
  virtual ~Build() = default;
  virtual const std::string& name() const = 0;
  virtual const std::string& type() const = 0;
  // Builder steps → provision hook → artifact → post-processors. Never throws: failures are
  // reported in the result and as events.
  virtual BuildResult run() = 0;
};

// Template + options → builds. prepare() decodes and validates every plugin's config.
class Session {
 public:
  Session(Template tmpl, BuildOptions options);
  ~Session();

  // Resolves variables, selects builds (only/except), instantiates and prepares every plugin.
  // Throws TemplateError listing all problems found. Warnings are emitted as events. Sensitive
  // values are masked in what it throws, as in events.
  void prepare();
  const std::vector<std::unique_ptr<Build>>& builds() const;
  // Runs the selected builds (in parallel up to parallel_builds); prints Packer's summary events.
  std::vector<BuildResult> run();

  const Template& get_template() const;
  // The run's UUID ({{uuid}} of the run, the manifest's packer_run_uuid).
  const std::string& run_uuid() const;
  const std::map<std::string, std::string>& variables() const;

 private:
  void prepare_builds();

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiln
