#include <fmt/format.h>

#include "kiln/registry.hpp"

namespace kiln {
namespace {

template <class Map, class F>
void add(std::mutex& m, Map& map, const std::string& kind, const std::string& type, F f) {
  std::lock_guard lock(m);
  if (type.empty()) throw Error(fmt::format("a {} type name must not be empty", kind), ErrorCode::Invalid);
  if (!map.emplace(type, std::move(f)).second)
    throw Error(fmt::format("{} type \"{}\" is already registered", kind, type), ErrorCode::Exists);
}

template <class Map>
auto make(std::mutex& m, const Map& map, const std::string& type) -> decltype(map.begin()->second()) {
  typename Map::mapped_type factory;
  {
    std::lock_guard lock(m);
    auto it = map.find(type);
    if (it == map.end()) return nullptr;
    factory = it->second;
  }
  return factory();
}

template <class Map>
std::vector<std::string> names(std::mutex& m, const Map& map) {
  std::lock_guard lock(m);
  std::vector<std::string> out;
  for (const auto& [k, v] : map) out.push_back(k);
  return out;
}

}  // namespace

std::shared_ptr<Registry> Registry::with_builtins() {
  auto r = std::make_shared<Registry>();
  register_builtins(*r);
  return r;
}

void Registry::add_builder(const std::string& type, BuilderFactory f) { add(mutex_, builders_, "builder", type, std::move(f)); }
void Registry::add_provisioner(const std::string& type, ProvisionerFactory f) {
  add(mutex_, provisioners_, "provisioner", type, std::move(f));
}
void Registry::add_post_processor(const std::string& type, PostProcessorFactory f) {
  add(mutex_, post_processors_, "post-processor", type, std::move(f));
}

std::unique_ptr<Builder> Registry::builder(const std::string& type) const { return make(mutex_, builders_, type); }
std::unique_ptr<Provisioner> Registry::provisioner(const std::string& type) const {
  return make(mutex_, provisioners_, type);
}
std::unique_ptr<PostProcessor> Registry::post_processor(const std::string& type) const {
  return make(mutex_, post_processors_, type);
}

std::vector<std::string> Registry::builder_types() const { return names(mutex_, builders_); }
std::vector<std::string> Registry::provisioner_types() const { return names(mutex_, provisioners_); }
std::vector<std::string> Registry::post_processor_types() const { return names(mutex_, post_processors_); }

}  // namespace kiln
