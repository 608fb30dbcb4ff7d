// amazon-chroot's EC2 side: this instance, the root volume made from the source AMI's root snapshot
// (or empty), its attachment to this instance, the snapshot, and the AMI registered from it.
#include <fmt/format.h>

#include <chrono>
#include <random>

#include "builders/amazon/chroot_steps.hpp"
#include "builders/amazon/waiter.hpp"
#include "kiln/error.hpp"
#include "kiln/interpolate.hpp"

namespace kiln::amazon {

using aws::QueryParams;
using aws::xml_text;

namespace {

// A field of the volume as DescribeVolumes shows it, e.g. {"attachmentSet", "item", "status"}.
std::string volume_field(aws::Ec2Client& ec2, const std::string& volume, std::initializer_list<const char*> path,
                         const CancelToken& cancel) {
  auto doc = ec2.call("DescribeVolumes", QueryParams().add_list("VolumeId", {volume}), cancel);
  return xml_text(doc->document_element().child("volumeSet").child("item"), path);
}

// The SDK's VolumeAvailable waiter (and Packer's detach waiter, which waits for the same state).
void wait_volume_available(aws::Ec2Client& ec2, const Polling& polling, const std::string& volume,
                           const CancelToken& cancel) {
  wait_until({fmt::format("volume {} to become available", volume), "available", {"deleted"}, 15, 40}, polling, cancel,
             [&] { return volume_field(ec2, volume, {"status"}, cancel); });
}

// Go's Time.String() layout, which Packer's snapshot description uses.
constexpr const char* kGoTimeString = "2006-01-02 15:04:05.999999999 -0700 MST";

std::string random_alnum(size_t n) {
  static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::random_device rd;
  std::string out;
  for (size_t i = 0; i < n; ++i) out += alphabet[rd() % (sizeof alphabet - 1)];
  return out;
}

}  // namespace

void step_instance_info(ChrootRun& run) {
  run.ami.ui.say("Gathering information about this EC2 instance...");
  auto doc = run.ami.ec2.call("DescribeInstances", QueryParams().add_list("InstanceId", {run.state.self.instance_id}));
  auto instance = doc->document_element().child("reservationSet").child("item").child("instancesSet").child("item");
  if (!instance) throw Error("Error getting instance data: no instance found.", ErrorCode::Build);
  run.state.availability_zone = xml_text(instance, {"placement", "availabilityZone"});
}

void step_check_root_device(ChrootRun& run) {
  run.ami.ui.say("Checking the root device on source AMI...");
  if (run.ami.state.source.root_device_type != "ebs")
    throw Error("The root device of the source AMI must be EBS-backed.", ErrorCode::Build);
}

void step_create_volume(ChrootRun& run) {
  const ChrootConfig& c = run.config;
  QueryParams q;
  q.add("AvailabilityZone", run.state.availability_zone);
  if (c.from_scratch) {
    if (c.root_volume_type == "io1") throw Error("Cannot use io1 volume when building from scratch", ErrorCode::Build);
    q.add("Size", std::to_string(c.root_volume_size));
    q.add("VolumeType", c.root_volume_type.empty() ? "gp2" : c.root_volume_type);
  } else {
    const SourceImage& image = run.ami.state.source;
    const BlockDevice* root = nullptr;
    for (const auto& d : image.block_devices)
      if (d.device_name == image.root_device_name) root = &d;
    run.ami.ui.say("Creating the root volume...");
    if (!root) throw Error("Couldn't find root device!", ErrorCode::Build);
    std::string type = root->volume_type;
    int64_t iops = root->iops;
    if (!c.root_volume_type.empty() && c.root_volume_type != root->volume_type) {
      if (c.root_volume_type == "io1")
        throw Error(fmt::format("Root volume type cannot be io1, because existing root volume type was {}",
                                root->volume_type),
                    ErrorCode::Build);
      type = c.root_volume_type;
      iops = 0;
    }
    q.add("Size", std::to_string(std::max(root->volume_size, c.root_volume_size)));
    q.add("SnapshotId", root->snapshot_id);
    if (!type.empty()) q.add("VolumeType", type);
    if (iops > 0) q.add("Iops", std::to_string(iops));
    if (c.root_volume_encrypt_boot == true)
      q.add("Encrypted", "true");
    else if (root->encrypted)
      q.add("Encrypted", *root->encrypted ? "true" : "false");
    if (!c.root_volume_kms_key_id.empty())
      q.add("KmsKeyId", c.root_volume_kms_key_id);
    else if (!root->kms_key_id.empty())
      q.add("KmsKeyId", root->kms_key_id);
  }
  if (!c.root_volume_tags.empty()) {
    auto tags = render(run.ami, c.root_volume_tags);
    q.add_tag_specification("volume", tags);
    for (const auto& [k, v] : tags) run.ami.ui.message(fmt::format("Adding tag: \"{}\": \"{}\"", k, v));
  }
  // Not cancellable: once EC2 has made it, the undo must know its id.
  auto doc = run.ami.ec2.call("CreateVolume", q, CancelToken{});
  run.state.volume_id = xml_text(doc->document_element(), {"volumeId"});
  if (run.state.volume_id.empty()) throw Error("CreateVolume answered without a volume id", ErrorCode::Build);
  aws::Ec2Client& ec2 = run.ami.ec2;
  Ui ui = run.ami.ui;
  run.ami.cleanup.push(fmt::format("EBS volume {}", run.state.volume_id), [&ec2, ui, volume = run.state.volume_id] {
    ui.say("Deleting the created EBS volume...");
    ec2.call("DeleteVolume", QueryParams().add("VolumeId", volume), CancelToken{});
  });
  run.ami.ui.message(fmt::format("Volume ID: {}", run.state.volume_id));
  wait_volume_available(ec2, run.config.ami.polling, run.state.volume_id, run.ami.cancel);
}

void step_attach_volume(ChrootRun& run) {
  // EC2 names Xen devices sdX; the kernel shows them as xvdX.
  std::string attach_as = run.state.device;
  if (auto at = attach_as.find("/xvd"); at != std::string::npos) attach_as.replace(at, 4, "/sd");
  run.ami.ui.say(fmt::format("Attaching the root volume to {}", attach_as));
  const std::string volume = run.state.volume_id;
  run.ami.ec2.call("AttachVolume", QueryParams()
                                       .add("Device", attach_as)
                                       .add("InstanceId", run.state.self.instance_id)
                                       .add("VolumeId", volume),
                   CancelToken{});
  aws::Ec2Client& ec2 = run.ami.ec2;
  run.state.attachment = EarlyUndo(run.ami.cleanup, fmt::format("attachment of volume {}", volume),
                                   [&ec2, ui = run.ami.ui, polling = run.config.ami.polling, volume] {
                                     ui.say("Detaching EBS volume...");
                                     ec2.call("DetachVolume", QueryParams().add("VolumeId", volume), CancelToken{});
                                     wait_volume_available(ec2, polling, volume, CancelToken{});
                                   });
  wait_until({fmt::format("volume {} to be attached", volume), "attached", {}, 15, 40}, run.config.ami.polling,
             run.ami.cancel, [&] {
               return volume_field(run.ami.ec2, volume, {"attachmentSet", "item", "status"}, run.ami.cancel);
             });
  // EC2 reports the attachment before the kernel has the device: wait for it too (Packer does not).
  const std::string& device = run.config.nvme_device_path.empty() ? run.state.device : run.config.nvme_device_path;
  for (int i = 0; !std::filesystem::exists(device); ++i) {
    if (i == 120) throw Error(fmt::format("Error waiting for volume: {} did not appear in 60 s", device), ErrorCode::Build);
    if (!run.ami.cancel.wait_for(std::chrono::milliseconds(500))) throw Cancelled();
  }
}

void step_snapshot(ChrootRun& run) {
  run.ami.ui.say("Creating snapshot...");
  auto doc = run.ami.ec2.call("CreateSnapshot",
                              QueryParams()
                                  .add("Description", "Packer: " + format_go_time(std::chrono::system_clock::now(), kGoTimeString))
                                  .add("VolumeId", run.state.volume_id),
                              CancelToken{});
  std::string snapshot = xml_text(doc->document_element(), {"snapshotId"});
  if (snapshot.empty()) throw Error("CreateSnapshot answered without a snapshot id", ErrorCode::Build);
  run.state.snapshot_id = snapshot;
  aws::Ec2Client& ec2 = run.ami.ec2;
  Ui ui = run.ami.ui;
  run.ami.cleanup.push(fmt::format("snapshot {}", snapshot), [&ec2, ui, snapshot, done = run.ami.state.succeeded] {
    if (*done) return;
    ui.say("Removing snapshot since we cancelled or halted...");
    ec2.call("DeleteSnapshot", QueryParams().add("SnapshotId", snapshot), CancelToken{});
  });
  run.ami.ui.message(fmt::format("Snapshot ID: {}", snapshot));
  wait_until({fmt::format("snapshot {} to complete", snapshot), "completed", {"error"}, 15, 40},
             run.config.ami.polling, run.ami.cancel, [&] {
               auto d = run.ami.ec2.call("DescribeSnapshots", QueryParams().add_list("SnapshotId", {snapshot}));
               return xml_text(d->document_element().child("snapshotSet").child("item"), {"status"});
             });
  run.ami.state.snapshots[run.config.ami.region] = {snapshot};
}

void step_register_ami(ChrootRun& run) {
  const ChrootConfig& c = run.config;
  const EbsConfig& a = c.ami;
  const SourceImage& image = run.ami.state.source;
  run.ami.ui.say("Registering the AMI...");
  // With encrypt_boot the registered AMI is only the source of the encrypted copy, which takes the name.
  std::string name = a.encrypt_boot.value_or(false) ? random_alnum(7) : a.ami_name;

  bool new_mappings = c.from_scratch || !a.ami_block_device_mappings.empty();
  std::vector<BlockDevice> mappings = new_mappings ? a.ami_block_device_mappings : image.block_devices;
  std::string root_device = new_mappings ? c.root_device_name : image.root_device_name;
  for (auto& d : mappings) {
    if (d.device_name == root_device) {
      d.snapshot_id = run.state.snapshot_id;
      d.virtual_name.clear();
      d.no_device = false;
      if (new_mappings || c.root_volume_size > d.volume_size) d.volume_size = c.root_volume_size;
    }
    d.encrypted.reset();  // the snapshot carries its encryption
  }
  QueryParams q;
  q.add("Name", name);
  std::string virtualization = c.from_scratch || !a.ami_virtualization_type.empty() ? a.ami_virtualization_type
                                                                                      : image.virtualization_type;
  q.add("Architecture", c.from_scratch ? c.architecture : image.architecture);
  q.add("RootDeviceName", root_device);
  q.add("VirtualizationType", virtualization);
  if (!c.from_scratch && a.ami_virtualization_type != "hvm") {
    if (!image.kernel_id.empty()) q.add("KernelId", image.kernel_id);
    if (!image.ramdisk_id.empty()) q.add("RamdiskId", image.ramdisk_id);
  }
  add_block_devices(q, "BlockDeviceMapping", mappings);
  if (a.sriov_support) q.add("SriovNetSupport", "simple");
  if (a.ena_support == true) q.add("EnaSupport", "true");

  auto doc = run.ami.ec2.call("RegisterImage", q, CancelToken{});
  std::string ami = xml_text(doc->document_element(), {"imageId"});
  if (ami.empty()) throw Error("RegisterImage answered without an image id", ErrorCode::Build);
  aws::Ec2Client& ec2 = run.ami.ec2;
  Ui ui = run.ami.ui;
  // Packer leaves the AMI of a failed build; kiln deregisters it (the snapshot's own undo deletes that).
  run.ami.cleanup.push(fmt::format("AMI {} in {}", ami, ec2.region()), [&ec2, ui, ami, done = run.ami.state.succeeded] {
    if (*done) return;
    deregister_image(ec2, ami, false, ui, CancelToken{});
  });
  run.ami.ui.say(fmt::format("AMI: {}", ami));
  run.ami.state.amis[a.region] = ami;
  run.ami.ui.say("Waiting for AMI to become ready...");
  wait_until({fmt::format("AMI ({}) to become ready", ami), "available", {"failed"}, 15, 120}, a.polling,
             run.ami.cancel, [&] {
               auto d = run.ami.ec2.call("DescribeImages", QueryParams().add_list("ImageId", {ami}));
               return xml_text(d->document_element().child("imagesSet").child("item"), {"imageState"});
             });
}

}  // namespace kiln::amazon
