// Pre-validation and source AMI lookup.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <random>

#include "builders/amazon/steps.hpp"
#include "kiln/error.hpp"

namespace kiln::amazon {

using aws::QueryParams;
using aws::xml_text;

std::string temporary_name() {
  static std::atomic<uint32_t> counter{0};
  auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch());
  std::random_device rd;
  return fmt::format("packer_{:016x}-{:04x}-{:08x}", static_cast<uint64_t>(now.count()), counter++ & 0xffff, rd());
}

void step_pre_validate(EbsRun& run) {
  const EbsConfig& c = run.config;
  if (!c.skip_region_validation) {
    auto doc = run.ec2.call("DescribeRegions", QueryParams().add("AllRegions", "true"));
    std::vector<std::string> known;
    for (auto item : doc->document_element().child("regionInfo").children("item"))
      known.push_back(xml_text(item, {"regionName"}));
    std::vector<std::string> wanted{c.region};
    wanted.insert(wanted.end(), c.ami_regions.begin(), c.ami_regions.end());
    for (const auto& r : wanted)
      if (std::find(known.begin(), known.end(), r) == known.end())
        throw Error(fmt::format("error validating regions: Invalid region: {}", r), ErrorCode::Build);
  }
  if (c.force_deregister) {
    run.ui.say("Force Deregister flag found, skipping prevalidating AMI Name");
    return;
  }
  if (c.skip_create_ami) {
    run.ui.say("skip_create_ami was set; not prevalidating AMI name");
    return;
  }
  run.ui.say(fmt::format("Prevalidating AMI Name: {}", c.ami_name));
  auto doc = run.ec2.call("DescribeImages", QueryParams().add_filters({{"name", {c.ami_name}}}));
  auto item = doc->document_element().child("imagesSet").child("item");
  if (item)
    throw Error(fmt::format("Error: AMI Name: '{}' is used by an existing AMI: {}", xml_text(item, {"name"}),
                            xml_text(item, {"imageId"})),
                ErrorCode::Build);
}

void step_source_ami_info(EbsRun& run) {
  const EbsConfig& c = run.config;
  QueryParams q;
  if (!c.source_ami.empty()) q.add_list("ImageId", {c.source_ami});
  q.add_filters(c.source_ami_filter.filters);
  q.add_list("Owner", c.source_ami_filter.owners);
  auto doc = run.ec2.call("DescribeImages", q);
  std::vector<pugi::xml_node> images;
  for (auto item : doc->document_element().child("imagesSet").children("item")) images.push_back(item);
  if (images.empty()) throw Error("No AMI was found matching filters", ErrorCode::Build);
  if (images.size() > 1 && !c.source_ami_filter.most_recent)
    throw Error(
        "Your query returned more than one result. Please try a more specific search, or set most_recent to true.",
        ErrorCode::Build);
  // creationDate is ISO 8601 UTC, so text order is time order.
  auto chosen = *std::max_element(images.begin(), images.end(), [](pugi::xml_node a, pugi::xml_node b) {
    return xml_text(a, {"creationDate"}) < xml_text(b, {"creationDate"});
  });
  SourceImage& s = run.state.source;
  s.id = xml_text(chosen, {"imageId"});
  s.name = xml_text(chosen, {"name"});
  s.root_device_name = xml_text(chosen, {"rootDeviceName"});
  s.virtualization_type = xml_text(chosen, {"virtualizationType"});
  s.owner_id = xml_text(chosen, {"imageOwnerId"});
  s.owner_alias = xml_text(chosen, {"imageOwnerAlias"});
  s.creation_date = xml_text(chosen, {"creationDate"});
  s.root_device_type = xml_text(chosen, {"rootDeviceType"});
  s.architecture = xml_text(chosen, {"architecture"});
  s.kernel_id = xml_text(chosen, {"kernelId"});
  s.ramdisk_id = xml_text(chosen, {"ramdiskId"});
  for (auto item : chosen.child("blockDeviceMapping").children("item")) {
    BlockDevice d;
    d.device_name = xml_text(item, {"deviceName"});
    d.virtual_name = xml_text(item, {"virtualName"});
    d.no_device = item.child("noDevice") != nullptr;
    if (auto ebs = item.child("ebs")) {
      d.snapshot_id = xml_text(ebs, {"snapshotId"});
      d.volume_size = std::atoll(xml_text(ebs, {"volumeSize"}).c_str());
      d.volume_type = xml_text(ebs, {"volumeType"});
      d.iops = std::atoll(xml_text(ebs, {"iops"}).c_str());
      d.kms_key_id = xml_text(ebs, {"kmsKeyId"});
      if (std::string v = xml_text(ebs, {"encrypted"}); !v.empty()) d.encrypted = v == "true";
      if (std::string v = xml_text(ebs, {"deleteOnTermination"}); !v.empty()) d.delete_on_termination = v == "true";
    }
    s.block_devices.push_back(d);
  }
  run.ui.message(fmt::format("Found Image ID: {}", s.id));
  bool enhanced = c.ena_support.value_or(false) || c.sriov_support;
  if (enhanced && !c.ami_virtualization_type.empty() && c.ami_virtualization_type != "hvm")
    throw Error(fmt::format("Cannot enable enhanced networking, AMIVirtType '{}' is not HVM", c.ami_virtualization_type),
                ErrorCode::Build);
  if (enhanced && c.ami_virtualization_type.empty() && s.virtualization_type != "hvm")
    throw Error(fmt::format("Cannot enable enhanced networking, source AMI '{}' is not HVM", s.id), ErrorCode::Build);
}

}  // namespace kiln::amazon
