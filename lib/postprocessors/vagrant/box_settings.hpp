// The vagrant post-processor's settings, and their per-provider `override` as Packer 1.6.6 applies
// it (mapstructure.Decode of override[provider] over the configuration: the keys it names replace
// the settings, other keys are ignored, a wrongly typed value fails the post-processor).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiln/value.hpp"

namespace kiln::vagrant {

struct BoxSettings {
  std::string output;
  int64_t compression_level = -1;  // Go's int: 64 bits
  std::vector<std::string> include;
  std::string vagrantfile_template;
  bool vagrantfile_template_generated = false;
  std::string provider_override;
};

// `base` with override[provider] applied, when `overrides` (the "override" object) has it. Throws
// "Error overriding config for PROVIDER: N error(s) decoding: …" worded as mapstructure words it.
BoxSettings settings_for(const BoxSettings& base, const Value* overrides, const std::string& provider);

}  // namespace kiln::vagrant
