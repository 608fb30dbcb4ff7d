// One build's run: builder → provision hook → post-processor sequences (Packer's build.go).
#include <condition_variable>
#include <thread>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "runner/prepared.hpp"
#include "util/go_duration.hpp"
#include "util/go_quote.hpp"

namespace kiln::detail {
namespace {


// Cancels `child` when `parent` is cancelled or `timeout` (if non-zero) passes.
class Deadline {
 public:
  Deadline(const CancelToken& parent, std::chrono::nanoseconds timeout)
      : forward_(parent.stop_token(), Forward{&child_}) {
    if (timeout.count() > 0) {
      timer_ = std::jthread([this, timeout](std::stop_token st) {
        std::mutex m;
        std::condition_variable_any cv;
        std::unique_lock lock(m);
        if (!cv.wait_for(lock, st, timeout, [] { return false; }) && !st.stop_requested()) {
          expired_ = true;
          child_.request_stop();
        }
      });
    }
  }
  CancelToken token() const { return CancelToken(child_.get_token()); }
  bool expired() const { return expired_; }

 private:
  struct Forward {
    std::stop_source* child;
    void operator()() const noexcept { child->request_stop(); }
  };
  std::stop_source child_;
  std::stop_callback<Forward> forward_;
  std::atomic<bool> expired_{false};
  std::jthread timer_;  // last: stopped and joined first
};

class BuildImpl;

class Hook : public ProvisionHook {
 public:
  explicit Hook(BuildImpl& build) : build_(build) {}
  void provision(Communicator* comm) override;
  void run_provisioners(Communicator* comm) override;

 private:
  BuildImpl& build_;
};

class BuildImpl : public Build {
 public:
  BuildImpl(const SessionShared& shared, BuildPlan plan)
      : shared_(shared), plan_(std::move(plan)), name_(plan_.builder_block->name), type_(plan_.builder_block->type),
        ui_(shared.bus, name_) {}

  const std::string& name() const override { return name_; }
  const std::string& type() const override { return type_; }

  BuildResult run() override {
    using clock = std::chrono::steady_clock;
    auto started = clock::now();
    BuildResult result{name_, {}, false, false, {}};
    const Ui summary = ui_.with_target({});  // Packer writes these without the build's prefix
    generated_["PackerRunUUID"] = shared_.run->uuid;
    // What Packer 1.6.6 provisioners see from a builder that serves no HTTP directory.
    generated_["PackerHTTPIP"] = "ERR_HTTP_IP_NOT_IMPLEMENTED_BY_BUILDER";
    generated_["PackerHTTPPort"] = "ERR_HTTP_PORT_NOT_IMPLEMENTED_BY_BUILDER";
    generated_["PackerHTTPAddr"] = "ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER";
    try {
      ArtifactPtr artifact = run_builder();
      std::vector<std::string> errors;
      result.artifacts = post_process(artifact, errors);
      if (!errors.empty()) throw Error(multi_error(errors), ErrorCode::Build);
      result.ok = true;
      summary.say(fmt::format("Build '{}' finished after {}.", name_, durafmt_string(clock::now() - started)));
    } catch (const Cancelled&) {
      result.cancelled = true;
      result.error = "Build was cancelled.";
      // Packer 1.6.6's words for a build its interrupt stopped (null, docker, amazon-ebs alike).
      summary.say(fmt::format("Build '{}' finished after {}.", name_, durafmt_string(clock::now() - started)));
    } catch (const std::exception& e) {
      result.cancelled = shared_.options->cancel.cancelled();
      result.error = shared_.bus->mask(e.what());
      summary.error(fmt::format("Build '{}' errored after {}: {}", name_, durafmt_string(clock::now() - started), result.error));
    }
    Event end;
    end.kind = EventKind::BuildEnd;
    end.build = name_;
    end.text = result.ok ? "" : result.error;
    shared_.bus->emit(std::move(end));
    return result;
  }

  void provision(Communicator* comm) {
    try {
      run_provisioners(comm);
    } catch (const Cancelled&) {
      throw;
    } catch (const std::exception&) {
      // As Packer: the error-cleanup-provisioner runs on failure unless the user asked to abort.
      ui_.say("Provisioning step had errors: Running the cleanup provisioner, if present...");
      if (plan_.cleanup_provisioner && shared_.options->on_error != OnError::Abort) {
        try {
          run_provisioner(*plan_.cleanup_provisioner, comm);
        } catch (const std::exception& e) {
          ui_.error(fmt::format("Error running the cleanup provisioner: {}", e.what()));
        }
      }
      throw;
    }
  }

  void run_provisioners(Communicator* comm) {
    for (auto& p : plan_.provisioners) run_provisioner(p, comm);
  }

 private:
  RunContext base_context() {
    RunContext ctx;
    ctx.ui = ui_;
    ctx.cancel = shared_.options->cancel;
    ctx.build_name = plan_.builder_block->plugin_build_name();
    ctx.build_type = type_;
    ctx.template_dir = shared_.tmpl->dir;
    ctx.force = shared_.options->force;
    ctx.debug = shared_.options->debug;
    ctx.on_error = shared_.options->on_error;
    ctx.prompt = shared_.options->prompt;
    ctx.environment = shared_.options->environment;
    ctx.interp = build_interp_context(shared_, plan_.builder_block->plugin_build_name(), type_, ui_);
    ctx.interp.build = generated_;
    ctx.interp.build_data_final = true;
    if (shared_.tmpl->hcl2) ctx.interp.missing_build_data = "<unknown>";
    ctx.generated = &generated_;
    return ctx;
  }

  ArtifactPtr run_builder() {
    Event start;
    start.kind = EventKind::BuildStart;
    start.build = name_;
    shared_.bus->emit(std::move(start));
    Hook hook(*this);
    BuilderContext ctx;
    static_cast<RunContext&>(ctx) = base_context();
    ctx.hook = &hook;
    ctx.cancel.throw_if_cancelled();
    return plan_.builder->run(ctx);
  }

  // Re-decodes a provisioner's or post-processor's config now that the builder's generated data
  // ({{build `ID`}}, {{build `SourceAMI`}} …) is known.
  template <typename Plugin>
  static void refresh(Plugin& plugin, const Value& raw, const std::string& path, const InterpContext& interp) {
    Problems problems;
    Config config = decode_config(raw, plugin.schema(), interp, path, problems);
    plugin.prepare(config, problems);
    problems.throw_if_any(ErrorCode::Config);
  }

  void run_provisioner(PreparedProvisioner& p, Communicator* comm) {
    const PluginBlock& block = *p.block;
    // As Packer 1.6.6 wraps provisioners: the pause (or else the timeout) inside the retries, so each
    // attempt pauses again; with pause_before set, timeout is ignored.
    const auto timeout = block.pause_before.count() != 0 ? std::chrono::nanoseconds(0) : block.timeout;
    for (int attempt = 0;; ++attempt) {
      if (block.pause_before.count() != 0) {
        ui_.say(fmt::format("Pausing {} before the next provisioner...", go_duration_string(block.pause_before)));
        if (!shared_.options->cancel.wait_for(std::chrono::duration_cast<std::chrono::milliseconds>(block.pause_before)))
          throw Cancelled();
      }
      if (timeout.count() != 0)
        ui_.say(fmt::format("Setting a {} timeout for the next provisioner...", go_duration_string(timeout)));
      Deadline deadline(shared_.options->cancel, timeout);
      ProvisionerContext ctx;
      static_cast<RunContext&>(ctx) = base_context();
      ctx.cancel = deadline.token();
      ctx.comm = comm;
      ctx.debug_pause(fmt::format("provisioner {} ({})", block.path, block.type));
      try {
        refresh(*p.plugin, p.config, p.block->path, ctx.interp);
        p.plugin->provision(ctx);
        return;
      } catch (const Cancelled&) {
        if (!deadline.expired()) throw;
        ui_.error("Cancelling provisioner after a timeout...");
        throw Error(fmt::format("{} provisioner timed out after {}", block.type, go_duration_string(timeout)), ErrorCode::Build);
      } catch (const std::exception& e) {
        if (deadline.expired()) {
          ui_.error("Cancelling provisioner after a timeout...");
          throw Error(fmt::format("{} provisioner timed out after {}", block.type, go_duration_string(timeout)), ErrorCode::Build);
        }
        int left = block.max_retries - attempt;
        if (left <= 0) {
          if (block.max_retries > 0) ui_.say("retry limit reached.");
          throw;
        }
        ui_.say(fmt::format("Provisioner failed with \"{}\", retrying with {} trie(s) left", e.what(), left));
      }
    }
  }

  std::vector<ArtifactPtr> post_process(const ArtifactPtr& builder_artifact, std::vector<std::string>& errors) {
    std::vector<ArtifactPtr> artifacts;
    if (!builder_artifact) return artifacts;
    bool keep_original = plan_.post_processors.empty();
    for (auto& seq : plan_.post_processors) {
      ArtifactPtr prior = builder_artifact;
      bool completed = true;
      for (size_t i = 0; i < seq.size(); ++i) {
        auto& pp = seq[i];
        shared_.options->cancel.throw_if_cancelled();
        // Packer 1.6.6 names HCL2 post-processors by their (usually empty) name and their type.
        if (!shared_.tmpl->hcl2 && (pp.block->name.empty() || pp.block->name == pp.block->type))
          ui_.say(fmt::format("Running post-processor: {}", pp.block->type));
        else
          ui_.say(fmt::format("Running post-processor: {} (type {})", pp.block->name, pp.block->type));
        PostProcessorContext ctx;
        static_cast<RunContext&>(ctx) = base_context();
        ctx.ui = ui_.with_target(fmt::format("{} ({})", name_, pp.block->type));
        ctx.debug_pause(fmt::format("post-processor {} ({})", pp.block->path, pp.block->type));
        PostProcessResult out;
        try {
          refresh(*pp.plugin, pp.block->config, pp.block->path, ctx.interp);
          out = pp.plugin->post_process(ctx, prior);
        } catch (const Cancelled&) {
          throw;
        } catch (const std::exception& e) {
          errors.push_back(fmt::format("Post-processor failed: {}", e.what()));
          completed = false;
          break;
        }
        if (!out.artifact) {
          completed = false;
          break;
        }
        bool keep = out.keep_input;
        if (pp.block->keep_input_artifact && !(out.keep_input && !*pp.block->keep_input_artifact && out.force_override))
          keep = *pp.block->keep_input_artifact;
        if (i == 0) {
          keep_original = keep_original || keep;
        } else if (keep) {
          artifacts.push_back(prior);
        } else {
          if (auto failure = destroy(prior))
            errors.push_back(fmt::format("Failed cleaning up prior artifact: {}; pp is {}", *failure, pp.block->type));
        }
        prior = out.artifact;
      }
      if (completed) artifacts.push_back(prior);
    }
    if (keep_original) {
      artifacts.insert(artifacts.begin(), builder_artifact);
    } else {
      if (auto failure = destroy(builder_artifact)) {
        // Packer prints the files as Go's %#v does.
        std::vector<std::string> quoted;
        for (const auto& f : builder_artifact->files()) quoted.push_back(go_quote(f));
        std::string files = quoted.empty() ? "[]string(nil)" : fmt::format("[]string{{{}}}", fmt::join(quoted, ", "));
        errors.push_back(fmt::format("Error destroying builder artifact: {}; bad artifact: {}", *failure, files));
      }
    }
    return artifacts;
  }

  // Why an artifact could not be destroyed; nothing when it was.
  static std::optional<std::string> destroy(const ArtifactPtr& artifact) {
    try {
      artifact->destroy();
      return std::nullopt;
    } catch (const std::exception& e) {
      return e.what();
    }
  }

  // Packer's MultiError: "N error(s) occurred:" and each error on a "* " line.
  static std::string multi_error(const std::vector<std::string>& errors) {
    std::string points;
    for (const auto& e : errors) points += (points.empty() ? "* " : "\n* ") + e;
    return fmt::format("{} error(s) occurred:\n\n{}", errors.size(), points);
  }

  const SessionShared& shared_;
  BuildPlan plan_;
  std::string name_;
  std::string type_;
  Ui ui_;
  std::map<std::string, std::string> generated_;
};

void Hook::provision(Communicator* comm) { build_.provision(comm); }
void Hook::run_provisioners(Communicator* comm) { build_.run_provisioners(comm); }

}  // namespace

std::unique_ptr<Build> make_build(const SessionShared& shared, BuildPlan plan) {
  return std::make_unique<BuildImpl>(shared, std::move(plan));
}

}  // namespace kiln::detail

namespace kiln {

void BuilderContext::finish(CleanupStack& cleanup, bool failed) const {
  if (failed && (on_error == OnError::Abort || on_error == OnError::RunCleanupProvisioner)) {
    // Packer 1.6.6 takes an interrupt for a failure here too: cleanup is skipped.
    if (cancel.cancelled()) ui.error("Interrupted, aborting...");
    for (const auto& what : cleanup.release()) ui.error(fmt::format("Leaving {} behind (-on-error)", what));
    return;
  }
  cleanup.unwind();
}

}  // namespace kiln
