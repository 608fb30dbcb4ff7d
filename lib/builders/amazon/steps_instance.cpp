// Launching, waiting for, stopping and modifying the source instance.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "builders/amazon/connect.hpp"
#include "builders/amazon/steps.hpp"
#include "builders/amazon/waiter.hpp"
#include "kiln/error.hpp"
#include "util/base64.hpp"
#include "util/read_file.hpp"

namespace kiln::amazon {

using aws::QueryParams;
using aws::xml_text;

namespace {

pugi::xml_node first_instance(const pugi::xml_document& doc) {
  return doc.document_element().child("reservationSet").child("item").child("instancesSet").child("item");
}

std::string instance_state(aws::Ec2Client& ec2, const std::string& id, const CancelToken& cancel) {
  try {
    auto doc = ec2.call("DescribeInstances", QueryParams().add_list("InstanceId", {id}), cancel);
    return xml_text(first_instance(*doc), {"instanceState", "name"});
  } catch (const aws::AwsError& e) {
    if (e.aws_code() == "InvalidInstanceID.NotFound") return {};  // eventual consistency
    throw;
  }
}

void cleanup_volumes(aws::Ec2Client& ec2, const Ui& ui, std::map<std::string, std::string> volumes,
                     const std::vector<std::string>& launch_devices) {
  if (volumes.empty()) {
    ui.say("No volumes to clean up, skipping");
    return;
  }
  ui.say("Cleaning up any extra volumes...");
  std::vector<std::string> ids;
  for (const auto& [id, device] : volumes) ids.push_back(id);
  auto doc = ec2.call("DescribeVolumes", QueryParams().add_filters({{"volume-id", ids}}), CancelToken{});
  int described = 0;
  for (auto v : doc->document_element().child("volumeSet").children("item")) {
    ++described;
    if (xml_text(v, {"status"}) != "available") volumes.erase(xml_text(v, {"volumeId"}));
  }
  if (described == 0) {
    ui.say("No volumes to clean up, skipping");
    return;
  }
  for (const auto& [id, device] : volumes) {
    if (std::find(launch_devices.begin(), launch_devices.end(), device) != launch_devices.end()) continue;
    ui.say(fmt::format("Destroying volume ({})...", id));
    ec2.call("DeleteVolume", QueryParams().add("VolumeId", id), CancelToken{});
  }
}

}  // namespace

void add_block_devices(QueryParams& q, const std::string& prefix, const std::vector<BlockDevice>& devices) {
  for (size_t i = 0; i < devices.size(); ++i) {
    const BlockDevice& d = devices[i];
    std::string p = fmt::format("{}.{}.", prefix, i + 1);
    q.add(p + "DeviceName", d.device_name);
    if (d.no_device) {
      q.add(p + "NoDevice", "");
      continue;
    }
    if (!d.virtual_name.empty()) {
      q.add(p + "VirtualName", d.virtual_name);
      continue;
    }
    q.add(p + "Ebs.DeleteOnTermination", d.delete_on_termination.value_or(false) ? "true" : "false");
    if (!d.volume_type.empty()) q.add(p + "Ebs.VolumeType", d.volume_type);
    if (d.volume_size > 0) q.add(p + "Ebs.VolumeSize", std::to_string(d.volume_size));
    if (d.iops > 0) q.add(p + "Ebs.Iops", std::to_string(d.iops));
    if (d.throughput > 0) q.add(p + "Ebs.Throughput", std::to_string(d.throughput));
    if (!d.snapshot_id.empty()) q.add(p + "Ebs.SnapshotId", d.snapshot_id);
    if (d.encrypted) q.add(p + "Ebs.Encrypted", *d.encrypted ? "true" : "false");
    if (!d.kms_key_id.empty()) q.add(p + "Ebs.KmsKeyId", d.kms_key_id);
  }
}

std::string user_data(const EbsConfig& c) {
  if (c.user_data_file.empty()) return c.user_data;
  try {
    return read_input_file(c.user_data_file, "user data file");
  } catch (const Error& e) {
    throw Error(fmt::format("Problem reading user data file: {}", e.what()), ErrorCode::Build);
  }
}

std::shared_ptr<std::map<std::string, std::string>> push_volume_cleanup(EbsRun& run) {
  auto volumes = std::make_shared<std::map<std::string, std::string>>();
  if (!run.cleanup_extra_volumes) return volumes;
  aws::Ec2Client& ec2 = run.ec2;
  Ui ui = run.ui;
  std::vector<std::string> launch_devices;
  for (const auto& d : run.config.launch_block_device_mappings) launch_devices.push_back(d.device_name);
  run.cleanup.push("extra volumes of the source instance", [&ec2, ui, volumes, launch_devices] {
    cleanup_volumes(ec2, ui, *volumes, launch_devices);
  });
  return volumes;
}

std::map<std::string, std::string> adopt_instance(EbsRun& run, const std::string& id) {
  aws::Ec2Client& ec2 = run.ec2;
  Ui ui = run.ui;
  Polling polling = run.config.polling;
  run.cleanup.push(fmt::format("source instance {}", id), [&ec2, ui, id, polling] {
    ui.say("Terminating the source AWS instance...");
    // Without the build's token: cleanup must finish after a cancel.
    ec2.call("TerminateInstances", QueryParams().add_list("InstanceId", {id}), CancelToken{});
    wait_until({fmt::format("instance ({}) to terminate", id), "terminated", {}}, polling, {},
               [&] { return instance_state(ec2, id, CancelToken{}); });
  });
  run.state.instance.id = id;
  run.ui.message(fmt::format("Instance ID: {}", id));
  run.ui.say(fmt::format("Waiting for instance ({}) to become ready...", id));
  wait_until({fmt::format("instance ({}) to become ready", id), "running", {"terminated", "shutting-down", "stopped"}},
             run.config.polling, run.cancel, [&] { return instance_state(run.ec2, id, run.cancel); });

  auto described = run.ec2.call("DescribeInstances", QueryParams().add_list("InstanceId", {id}));
  auto node = first_instance(*described);
  std::map<std::string, std::string> volumes;
  for (auto bd : node.child("blockDeviceMapping").children("item")) {
    std::string volume = xml_text(bd, {"ebs", "volumeId"});
    if (!volume.empty()) volumes[volume] = xml_text(bd, {"deviceName"});
  }
  const Instance& inst = run.state.instance = instance_from_xml(node);
  if (!inst.public_dns.empty()) run.ui.message(fmt::format("Public DNS: {}", inst.public_dns));
  if (!inst.public_ip.empty()) run.ui.message(fmt::format("Public IP: {}", inst.public_ip));
  if (!inst.private_ip.empty()) run.ui.message(fmt::format("Private IP: {}", inst.private_ip));
  return volumes;
}

void step_run_source_instance(EbsRun& run) {
  const EbsConfig& c = run.config;
  run.ui.say("Launching a source AWS instance...");
  QueryParams q;
  q.add("ImageId", run.state.source.id).add("InstanceType", c.instance_type);
  q.add("MinCount", "1").add("MaxCount", "1");
  if (std::string data = user_data(c); !data.empty()) q.add("UserData", base64(data));
  if (!run.state.key_pair_name.empty()) q.add("KeyName", run.state.key_pair_name);
  if (!c.iam_instance_profile.empty()) q.add("IamInstanceProfile.Name", c.iam_instance_profile);
  q.add("InstanceInitiatedShutdownBehavior", c.shutdown_behavior.empty() ? "stop" : c.shutdown_behavior);
  if (c.ebs_optimized) q.add("EbsOptimized", "true");
  if (!c.availability_zone.empty()) q.add("Placement.AvailabilityZone", c.availability_zone);
  if (c.associate_public_ip_address && !c.subnet_id.empty()) {
    q.add("NetworkInterface.1.DeviceIndex", "0");
    q.add("NetworkInterface.1.AssociatePublicIpAddress", *c.associate_public_ip_address ? "true" : "false");
    q.add("NetworkInterface.1.SubnetId", c.subnet_id);
    q.add("NetworkInterface.1.DeleteOnTermination", "true");
    q.add_list("NetworkInterface.1.SecurityGroupId", run.state.security_group_ids);
  } else {
    if (!c.subnet_id.empty()) q.add("SubnetId", c.subnet_id);
    q.add_list("SecurityGroupId", run.state.security_group_ids);
  }
  add_block_devices(q, "BlockDeviceMapping", c.launch_block_device_mappings);
  add_launch_options(q, c);
  std::map<std::string, std::string> tags = render(run, c.run_tags);
  tags.try_emplace("Name", "Packer Builder");
  q.add_tag_specification("instance", tags);
  q.add_tag_specification("volume", render(run, c.run_volume_tags));

  auto volumes = push_volume_cleanup(run);
  auto doc = run.ec2.call("RunInstances", q, CancelToken{});  // as CreateKeyPair (steps_access.cpp)
  std::string id = xml_text(doc->document_element().child("instancesSet").child("item"), {"instanceId"});
  if (id.empty()) throw Error("RunInstances answered without an instance id", ErrorCode::Build);
  *volumes = adopt_instance(run, id);
}

void step_stop_instance(EbsRun& run) {
  const std::string& id = run.state.instance.id;
  if (run.config.disable_stop_instance) {
    run.ui.say("Automatic instance stop disabled. Please stop instance manually.");
  } else {
    run.ui.say("Stopping the source instance...");
    run.ec2.call("StopInstances", QueryParams().add_list("InstanceId", {id}));
  }
  run.ui.say("Waiting for the instance to stop...");
  wait_until({fmt::format("instance ({}) to stop", id), "stopped", {"terminated"}}, run.config.polling, run.cancel,
             [&] { return instance_state(run.ec2, id, run.cancel); });
}

void step_modify_instance(EbsRun& run) {
  const EbsConfig& c = run.config;
  const std::string& id = run.state.instance.id;
  if (c.sriov_support) {
    run.ui.say("Enabling Enhanced Networking (SR-IOV)...");
    run.ec2.call("ModifyInstanceAttribute",
                 QueryParams().add("InstanceId", id).add("SriovNetSupport.Value", "simple"));
  }
  if (c.ena_support) {
    run.ui.say(fmt::format("{} Enhanced Networking (ENA)...", *c.ena_support ? "Enabling" : "Disabling"));
    run.ec2.call("ModifyInstanceAttribute", QueryParams().add("InstanceId", id).add(
                                                "EnaSupport.Value", *c.ena_support ? "true" : "false"));
  }
}

}  // namespace kiln::amazon
