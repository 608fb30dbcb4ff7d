// The three plugin interfaces — Builder, Provisioner, PostProcessor — and what each run receives.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kiln/artifact.hpp"
#include "kiln/cancel.hpp"
#include "kiln/cleanup.hpp"
#include "kiln/communicator.hpp"
#include "kiln/config.hpp"
#include "kiln/events.hpp"
#include "kiln/prompt.hpp"

namespace kiln {

enum class OnError { Cleanup, Abort, Ask, RunCleanupProvisioner };

// What every plugin run can see about its build.
struct RunContext {
  Ui ui;
  CancelToken cancel;
  std::string build_name;
  std::string build_type;
  std::string template_dir;
  bool force = false;      // -force: overwrite existing outputs
  bool debug = false;      // -debug: pause before steps
  OnError on_error = OnError::Cleanup;
  InterpContext interp;    // for plugins that render late fields ({{.Path}} …)
  // Data the builder generated ({{build `ID`}}, {{build `Host`}} …); builders add to it.
  std::map<std::string, std::string>* generated = nullptr;
  PromptFn prompt;         // empty: pauses are announced and skipped
  // The run's environment snapshot (never null in a run): read it instead of getenv(), and hand it
  // to child processes.
  EnvironmentPtr environment;

  // Call before each step of a multi-step plugin. Under -debug it announces the step and waits for
  // the prompt (as Packer's -debug); otherwise it does nothing.
  void debug_pause(std::string_view step) const;
  // Waits for the prompt to answer; returns false when there is none. Throws Cancelled when the run
  // was cancelled meanwhile, Error when the answer is Abort.
  bool pause(PromptKind kind, std::string message) const;
};

// Lets a builder run the build's provisioners once its machine is reachable.
class ProvisionHook {
 public:
  virtual ~ProvisionHook() = default;
  // Runs every provisioner for this build with `comm` (nullptr for communicator "none"), as Packer's
  // provisioning step does: when one fails it says so and runs the error-cleanup-provisioner (unless
  // -on-error=abort), then throws.
  virtual void provision(Communicator* comm) = 0;
  // The provisioners alone, as Packer's file and amazon-chroot builders run its hook: a failure throws
  // without the step's message or the error-cleanup-provisioner.
  virtual void run_provisioners(Communicator* comm) = 0;
};

struct BuilderContext : RunContext {
  ProvisionHook* hook = nullptr;
  // Honours on_error: unwinds `cleanup` unless the build failed under -on-error=abort or
  // run-cleanup-provisioner, in which case it reports what was left behind. Builders call it (or let CleanupStack's
  // destructor run) before returning.
  void finish(CleanupStack& cleanup, bool failed) const;
};

struct ProvisionerContext : RunContext {
  Communicator* comm = nullptr;  // nullptr with communicator "none"
};

struct PostProcessorContext : RunContext {};

class Builder {
 public:
  virtual ~Builder() = default;
  virtual const Schema& schema() const = 0;
  // Checks the decoded configuration; adds every problem found (with Config::pos) to `problems`.
  virtual void prepare(const Config& config, Problems& problems) = 0;
  // The generated-data keys this builder adds beyond the communicator's ({{build `SourceAMI`}} …),
  // as Packer's Prepare returns them: provisioners and post-processors may name them at prepare time.
  virtual std::vector<std::string> generated_data_keys() const { return {}; }
  // Creates the machine, calls ctx.hook->provision(), and returns the artifact (may be null).
  virtual ArtifactPtr run(BuilderContext& ctx) = 0;
};

class Provisioner {
 public:
  virtual ~Provisioner() = default;
  virtual const Schema& schema() const = 0;
  virtual void prepare(const Config& config, Problems& problems) = 0;
  virtual void provision(ProvisionerContext& ctx) = 0;
};

struct PostProcessResult {
  ArtifactPtr artifact;
  bool keep_input = false;      // the plugin wants the input artifact kept
  bool force_override = false;  // keep_input decided by the plugin, not the template
};

class PostProcessor {
 public:
  virtual ~PostProcessor() = default;
  virtual const Schema& schema() const = 0;
  virtual void prepare(const Config& config, Problems& problems) = 0;
  virtual PostProcessResult post_process(PostProcessorContext& ctx, ArtifactPtr input) = 0;
};

}  // namespace kiln
