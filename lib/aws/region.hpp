// The AWS region, looked up as Packer's AWS SDK session does.
#pragma once

#include <string>

#include "kiln/environment.hpp"

namespace kiln::aws {

struct RegionSources {
  std::string region;   // the template's `region`
  std::string profile;  // the template's `profile`
  // The run's environment snapshot; nullptr = an empty environment.
  const Environment* environment = nullptr;
};

// The template's region, else AWS_REGION, else AWS_DEFAULT_REGION, else the `region` of the profile
// (template `profile`, else AWS_PROFILE, else "default") in the shared config file (AWS_CONFIG_FILE,
// else ~/.aws/config), where the section is "[NAME]" or "[profile NAME]"; "" when none sets one.
std::string resolve_region(const RegionSources& sources);

}  // namespace kiln::aws
