// The Vagrant providers Packer 1.6.6's vagrant post-processor knows, and what kiln builds boxes for:
// libvirt (qemu), docker (docker-import/-tag/-push) and aws (amazon-ebs/-instance) — each turns an
// artifact into the provider's part of the Vagrantfile, the box's metadata and any files of the box.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiln/artifact.hpp"
#include "kiln/cancel.hpp"
#include "kiln/events.hpp"

namespace kiln::vagrant {

struct ProviderBox {
  std::string vagrantfile;    // the provider's Vagrantfile section
  std::string metadata_json;  // metadata.json as Go's json.Encoder writes it
  bool keep_input = false;    // the provider needs the input artifact (an AMI) kept
};

// Every provider name 1.6.6 accepts for provider_override, sorted.
const std::vector<std::string>& known_providers();

// The provider 1.6.6 picks for an artifact of `builder_id`, if any.
std::optional<std::string> provider_for_builder(const std::string& builder_id);

// Whether kiln has the provider's processing (libvirt, docker, aws).
bool builds_boxes_for(const std::string& provider);

// Runs the provider's processing of `input`, copying its files into the box directory `dir`.
// Throws for artifacts the provider refuses, as 1.6.6 does.
ProviderBox process_provider(const std::string& provider, const Artifact& input, const std::string& dir, const Ui& ui,
                             const CancelToken& cancel);

}  // namespace kiln::vagrant
