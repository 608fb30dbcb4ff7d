// A build after Session::prepare: the plugin instances with their decoded configurations.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "kiln/build.hpp"

namespace kiln::detail {

struct PreparedProvisioner {
  const PluginBlock* block = nullptr;
  Value config;  // the block's config with this build's override merged in
  std::unique_ptr<Provisioner> plugin;
};

struct PreparedPostProcessor {
  const PluginBlock* block = nullptr;
  std::unique_ptr<PostProcessor> plugin;
};

struct BuildPlan {
  const PluginBlock* builder_block = nullptr;
  std::unique_ptr<Builder> builder;
  std::vector<PreparedProvisioner> provisioners;
  std::optional<PreparedProvisioner> cleanup_provisioner;
  std::vector<std::vector<PreparedPostProcessor>> post_processors;
};

// Keys seen before, for messages given once (thread-safe: builds run in parallel).
class SeenKeys {
 public:
  // True the first time `key` is given.
  bool first(const std::string& key) {
    std::lock_guard lock(mutex_);
    return seen_.insert(key).second;
  }

 private:
  std::mutex mutex_;
  std::set<std::string> seen_;
};

// What every build of one session shares.
struct SessionShared {
  const Template* tmpl = nullptr;
  const BuildOptions* options = nullptr;
  std::shared_ptr<EventBus> bus;
  std::shared_ptr<const RunConstants> run;
  std::map<std::string, std::string> user_vars;
  // (build, variable) pairs already warned about as undefined {{user}} variables.
  std::shared_ptr<SeenKeys> undefined_user_warned = std::make_shared<SeenKeys>();
};

// The interpolation context of one build (user variables, build name and type, template dir).
InterpContext build_interp_context(const SessionShared& shared, const std::string& build_name,
                                   const std::string& build_type, const Ui& ui);

std::unique_ptr<Build> make_build(const SessionShared& shared, BuildPlan plan);

}  // namespace kiln::detail
