// A build after Session::prepare: the plugin instances with their decoded configurations.
#pragma once

#include <memory>
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

// What every build of one session shares.
struct SessionShared {
  const Template* tmpl = nullptr;
  const BuildOptions* options = nullptr;
  std::shared_ptr<EventBus> bus;
  std::shared_ptr<const RunConstants> run;
  std::map<std::string, std::string> user_vars;
};

// The interpolation context of one build (user variables, build name and type, template dir).
InterpContext build_interp_context(const SessionShared& shared, const std::string& build_name,
                                   const std::string& build_type, const Ui& ui);

std::unique_ptr<Build> make_build(const SessionShared& shared, BuildPlan plan);

}  // namespace kiln::detail
