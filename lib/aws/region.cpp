#include "aws/region.hpp"


#include "aws/shared_files.hpp"

namespace kiln::aws {

std::string resolve_region(const RegionSources& s) {
  auto env = [&](const char* name) { return s.environment ? s.environment->value(name) : std::string(); };
  if (!s.region.empty()) return s.region;
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"})
    if (std::string r = env(name); !r.empty()) return r;

  std::string file = env("AWS_CONFIG_FILE");
  if (file.empty() && !env("HOME").empty()) file = env("HOME") + "/.aws/config";
  if (file.empty()) return {};
  std::string profile = !s.profile.empty() ? s.profile : env("AWS_PROFILE");
  if (profile.empty()) profile = "default";
  // The SDK looks for the bare name first, then the config file's usual "profile NAME".
  for (const std::string& section : {profile, "profile " + profile}) {
    auto values = read_ini_section(file, section);
    if (auto it = values.find("region"); it != values.end() && !it->second.empty()) return it->second;
  }
  return {};
}

}  // namespace kiln::aws
