#include "postprocessors/vagrant/vagrant_providers.hpp"

#include <cctype>
#include <cstdint>
#include <map>

#include <fmt/format.h>

#include "hcl/functions/json.hpp"  // strings escaped as Go's encoding/json escapes them
#include "kiln/error.hpp"
#include "postprocessors/vagrant/box_files.hpp"

namespace kiln::vagrant {
namespace {

// strconv.ParseUint as 1.6.6 calls it, ignoring the error: 0 for a non-number, the maximum when too large.
uint64_t go_parse_uint_or_zero(const std::string& digits) {
  if (digits.empty()) return 0;
  uint64_t value = 0;
  bool overflow = false;
  for (char c : digits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return 0;
    auto d = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - d) / 10) overflow = true;
    value = value * 10 + d;
  }
  return overflow ? UINT64_MAX : value;
}

// A qemu disk_size ("96M", "40960M", "8G", "1024") in MiB as 1.6.6's libvirt provider reads it:
// the last letter is the unit (B K M G T P E, any case; none means M).
uint64_t disk_size_in_mib(const std::string& size) {
  if (size.empty()) return 0;
  char unit = size.back();
  std::string digits = size;
  if (std::isdigit(static_cast<unsigned char>(unit))) {
    unit = 'm';
  } else {
    digits.pop_back();
  }
  uint64_t value = go_parse_uint_or_zero(digits);
  switch (std::tolower(static_cast<unsigned char>(unit))) {
    case 'b': return value / 1024 / 1024;
    case 'k': return value / 1024;
    case 'm': return value;
    case 'g': return value * 1024;
    case 't': return value * 1024 * 1024;
    case 'p': return value * 1024 * 1024 * 1024;
    case 'e': return value * 1024 * 1024 * 1024 * 1024;
    default: throw Error(fmt::format("Unknown size unit {}", unit), ErrorCode::Build);
  }
}

// The libvirt driver for the qemu accelerator the artifact was built with.
std::string libvirt_driver(const std::string& accelerator) {
  if (accelerator == "none" || accelerator == "tcg" || accelerator == "hvf") return "qemu";
  if (accelerator == "kvm") return "kvm";
  throw Error(fmt::format("Unknown libvirt domain type: {}", accelerator), ErrorCode::Build);
}

// Copies the disk named diskName as box.img; the box's virtual_size is disk_size in GiB, rounded up.
ProviderBox libvirt_box(const Artifact& input, const std::string& dir, const Ui& ui, const CancelToken& cancel) {
  std::string disk = input.state("diskName");
  for (const auto& path : input.files()) {
    if (path.ends_with("/" + disk)) {
      ui.message(fmt::format("Copying from artifact: {}", path));
      copy_contents(dir + "/box.img", path, cancel);
    }
  }
  uint64_t mib = disk_size_in_mib(input.state("diskSize"));
  uint64_t gib = mib / 1024 + (mib % 1024 > 0 ? 1 : 0);
  std::string driver = libvirt_driver(input.state("domainType"));
  ProviderBox box;
  box.metadata_json =
      fmt::format("{{\"format\":{},\"provider\":\"libvirt\",\"virtual_size\":{}}}\n", hcl::functions::json_quote(input.state("diskType")), gib);
  box.vagrantfile = fmt::format(
      "\nVagrant.configure(\"2\") do |config|\n"
      "  config.vm.provider :libvirt do |libvirt|\n"
      "    libvirt.driver = \"{}\"\n"
      "  end\n"
      "end\n",
      driver);
  return box;
}

// The image the docker post-processors named (repository:tag).
ProviderBox docker_box(const Artifact& input) {
  ProviderBox box;
  box.metadata_json = "{\"provider\":\"docker\"}\n";
  box.vagrantfile = fmt::format(
      "\nVagrant.configure(\"2\") do |config|\n"
      "\tconfig.vm.provider :docker do |docker, override|\n"
      "\t\tdocker.image = \"{}\"\n"
      "\tend\n"
      "end\n",
      input.id());
  return box;
}

// One region_config line per "region:ami" of the artifact id, regions in byte order (Go's template
// ranges over a map sorted by key; a region named twice keeps its last AMI).
ProviderBox aws_box(const Artifact& input) {
  std::map<std::string, std::string> images;
  std::string id = input.id();
  size_t start = 0;
  while (true) {
    size_t comma = id.find(',', start);
    std::string part = id.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t colon = part.find(':');
    if (colon == std::string::npos || part.find(':', colon + 1) != std::string::npos)
      throw Error(fmt::format("Poorly formatted artifact ID: {}", id), ErrorCode::Build);
    images[part.substr(0, colon)] = part.substr(colon + 1);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  ProviderBox box;
  box.metadata_json = "{\"provider\":\"aws\"}\n";
  box.vagrantfile = "\nVagrant.configure(\"2\") do |config|\n  config.vm.provider \"aws\" do |aws|\n    ";
  for (const auto& [region, ami] : images)
    box.vagrantfile += fmt::format("\n\taws.region_config \"{}\", ami: \"{}\"\n\t", region, ami);
  box.vagrantfile += "\n  end\nend\n";
  box.keep_input = true;  // the box names the AMIs: deleting them would leave it useless
  return box;
}

}  // namespace

const std::vector<std::string>& known_providers() {
  static const std::vector<std::string> providers{"aws",    "azure",     "digitalocean", "docker",   "google", "hyperv",
                                                  "libvirt", "lxc",      "parallels",    "scaleway", "virtualbox", "vmware"};
  return providers;
}

std::optional<std::string> provider_for_builder(const std::string& builder_id) {
  static const std::map<std::string, std::string> builtins{
      {"mitchellh.amazonebs", "aws"},
      {"mitchellh.amazon.instance", "aws"},
      {"mitchellh.virtualbox", "virtualbox"},
      {"mitchellh.vmware", "vmware"},
      {"mitchellh.vmware-esx", "vmware"},
      {"pearkes.digitalocean", "digitalocean"},
      {"packer.googlecompute", "google"},
      {"hashicorp.scaleway", "scaleway"},
      {"packer.parallels", "parallels"},
      {"MSOpenTech.hyperv", "hyperv"},
      {"transcend.qemu", "libvirt"},
      {"ustream.lxc", "lxc"},
      {"Azure.ResourceManagement.VMImage", "azure"},
      {"packer.post-processor.docker-import", "docker"},
      {"packer.post-processor.docker-tag", "docker"},
      {"packer.post-processor.docker-push", "docker"},
  };
  auto found = builtins.find(builder_id);
  if (found == builtins.end()) return std::nullopt;
  return found->second;
}

bool builds_boxes_for(const std::string& provider) {
  return provider == "libvirt" || provider == "docker" || provider == "aws";
}

ProviderBox process_provider(const std::string& provider, const Artifact& input, const std::string& dir, const Ui& ui,
                             const CancelToken& cancel) {
  if (provider == "libvirt") return libvirt_box(input, dir, ui, cancel);
  if (provider == "docker") return docker_box(input);
  if (provider == "aws") return aws_box(input);
  throw Error(fmt::format("no Vagrant box processing for the '{}' provider", provider), ErrorCode::Build);
}

}  // namespace kiln::vagrant
