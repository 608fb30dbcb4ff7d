// Type name → factory, for built-ins and user plugins alike (C, C++ or Python).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kiln/plugin.hpp"

namespace kiln {

using BuilderFactory = std::function<std::unique_ptr<Builder>()>;
using ProvisionerFactory = std::function<std::unique_ptr<Provisioner>()>;
using PostProcessorFactory = std::function<std::unique_ptr<PostProcessor>()>;

class Registry {
 public:
  // A registry holding every built-in plugin.
  static std::shared_ptr<Registry> with_builtins();

  // Throws kiln::Error(Invalid) when the type is already registered.
  void add_builder(const std::string& type, BuilderFactory f);
  void add_provisioner(const std::string& type, ProvisionerFactory f);
  void add_post_processor(const std::string& type, PostProcessorFactory f);

  // nullptr when unknown.
  std::unique_ptr<Builder> builder(const std::string& type) const;
  std::unique_ptr<Provisioner> provisioner(const std::string& type) const;
  std::unique_ptr<PostProcessor> post_processor(const std::string& type) const;

  std::vector<std::string> builder_types() const;
  std::vector<std::string> provisioner_types() const;
  std::vector<std::string> post_processor_types() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, BuilderFactory> builders_;
  std::map<std::string, ProvisionerFactory> provisioners_;
  std::map<std::string, PostProcessorFactory> post_processors_;
};

// Registers the built-in plugins into `r` (lib/registry/builtins.cpp).
void register_builtins(Registry& r);

}  // namespace kiln
