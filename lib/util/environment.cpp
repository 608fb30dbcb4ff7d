#include "kiln/environment.hpp"

extern char** environ;

namespace kiln {

std::shared_ptr<const Environment> Environment::capture() {
  std::map<std::string, std::string, std::less<>> vars;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    // The first definition wins, as getenv() finds it.
    if (eq != std::string_view::npos) vars.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return std::make_shared<const Environment>(std::move(vars));
}

std::optional<std::string> Environment::get(std::string_view name) const {
  auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

std::string Environment::temp_dir() const {
  std::string dir = value("TMPDIR");
  return dir.empty() ? "/tmp" : dir;
}

std::vector<std::string> Environment::entries(const std::map<std::string, std::string>& extra) const {
  std::map<std::string, std::string, std::less<>> merged = vars_;
  for (const auto& [k, v] : extra) merged[k] = v;
  std::vector<std::string> out;
  out.reserve(merged.size());
  for (const auto& [k, v] : merged) out.push_back(k + "=" + v);
  return out;
}

}  // namespace kiln
