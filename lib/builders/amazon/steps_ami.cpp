// Creating the AMI, copying it to other regions, sharing and tagging it.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "builders/amazon/steps.hpp"
#include "builders/amazon/waiter.hpp"
#include "kiln/error.hpp"

namespace kiln::amazon {

using aws::QueryParams;
using aws::xml_text;

namespace {

std::vector<std::string> image_snapshots(pugi::xml_node image) {
  std::vector<std::string> out;
  for (auto bd : image.child("blockDeviceMapping").children("item")) {
    std::string snap = xml_text(bd, {"ebs", "snapshotId"});
    if (!snap.empty()) out.push_back(snap);
  }
  return out;
}

}  // namespace

std::vector<std::string> wait_available(aws::Ec2Client& ec2, const std::string& ami, const Polling& polling,
                                        const CancelToken& cancel) {
  std::vector<std::string> snapshots;
  wait_until({fmt::format("AMI ({}) to become ready", ami), "available", {"failed"}, 15, 120}, polling, cancel, [&] {
    try {
      auto doc = ec2.call("DescribeImages", QueryParams().add_list("ImageId", {ami}));
      auto image = doc->document_element().child("imagesSet").child("item");
      snapshots = image_snapshots(image);
      return xml_text(image, {"imageState"});
    } catch (const aws::AwsError& e) {
      if (e.aws_code() == "InvalidAMIID.NotFound") return std::string();
      throw;
    }
  });
  return snapshots;
}

void push_ami_undo(EbsRun& run, aws::Ec2Client& client, const std::string& ami) {
  Ui ui = run.ui;
  run.cleanup.push(fmt::format("AMI {} in {}", ami, client.region()), [succeeded = run.state.succeeded, &client, ui, ami] {
    if (*succeeded) return;
    ui.say("Deregistering the AMI and deleting associated snapshots because of cancellation, or error...");
    deregister_image(client, ami, true, ui, CancelToken{});
  });
}

void deregister_image(aws::Ec2Client& client, const std::string& ami, bool delete_snapshots, const Ui& ui,
                      const CancelToken& cancel) {
  auto doc = client.call("DescribeImages", QueryParams().add_list("ImageId", {ami}), cancel);
  auto snapshots = image_snapshots(doc->document_element().child("imagesSet").child("item"));
  client.call("DeregisterImage", QueryParams().add("ImageId", ami), cancel);
  ui.say(fmt::format("Deregistered AMI id: {}", ami));
  if (!delete_snapshots) return;
  for (const auto& snap : snapshots) {
    client.call("DeleteSnapshot", QueryParams().add("SnapshotId", snap), cancel);
    ui.say(fmt::format("Deleted snapshot: {}", snap));
  }
}

void step_deregister_ami(EbsRun& run) {
  const EbsConfig& c = run.config;
  if (!c.force_deregister) return;
  std::vector<std::string> regions{c.region};
  for (const auto& r : c.ami_regions)
    if (std::find(regions.begin(), regions.end(), r) == regions.end()) regions.push_back(r);
  for (const auto& region : regions) {
    aws::Ec2Client& client = region == c.region ? run.ec2 : run.regional(region);
    auto doc = client.call("DescribeImages",
                           QueryParams().add_list("Owner", {"self"}).add_filters({{"name", {c.ami_name}}}));
    for (auto image : doc->document_element().child("imagesSet").children("item")) {
      std::string id = xml_text(image, {"imageId"});
      client.call("DeregisterImage", QueryParams().add("ImageId", id));
      run.ui.say(fmt::format("Deregistered AMI {}, id: {}", c.ami_name, id));
      if (!c.force_delete_snapshot) continue;
      for (const auto& snap : image_snapshots(image)) {
        client.call("DeleteSnapshot", QueryParams().add("SnapshotId", snap));
        run.ui.say(fmt::format("Deleted snapshot: {}", snap));
      }
    }
  }
}

void step_create_ami(EbsRun& run) {
  const EbsConfig& c = run.config;
  run.ui.say(fmt::format("Creating AMI {} from instance {}", c.ami_name, run.state.instance.id));
  QueryParams q;
  // As Packer, the description is set afterwards with ModifyImageAttribute.
  q.add("InstanceId", run.state.instance.id).add("Name", c.ami_name);
  add_block_devices(q, "BlockDeviceMapping", c.ami_block_device_mappings);
  // Later Packer tags the AMI and its snapshots with the run tags unless skip_ami_run_tags; 1.6.6
  // did not, so only a template that sets skip_ami_run_tags to false gets them.
  if (c.skip_ami_run_tags == false && !c.run_tags.empty()) {
    run.ui.say("Attaching run tags to AMI...");
    auto run_tags = render(run, c.run_tags);
    q.add_tag_specification("image", run_tags);
    q.add_tag_specification("snapshot", run_tags);
  } else if (c.skip_ami_run_tags == true) {
    run.ui.say("Skipping attaching run tags to AMI...");
  }
  auto doc = run.ec2.call("CreateImage", q, CancelToken{});  // as CreateKeyPair (steps_access.cpp)
  std::string ami = xml_text(doc->document_element(), {"imageId"});
  if (ami.empty()) throw Error("CreateImage answered without an image id", ErrorCode::Build);
  push_ami_undo(run, run.ec2, ami);
  run.state.amis[c.region] = ami;
  run.ui.message(fmt::format("AMI: {}", ami));
  run.ui.say("Waiting for AMI to become ready...");
  run.state.snapshots[c.region] = wait_available(run.ec2, ami, c.polling, run.cancel);
}

void step_ami_region_copy(EbsRun& run) {
  const EbsConfig& c = run.config;
  std::set<std::string> targets(c.ami_regions.begin(), c.ami_regions.end());
  bool encrypt = c.encrypt_boot.value_or(false);
  if (!encrypt) targets.erase(c.region);  // the build region already has it
  if (targets.empty()) return;
  std::string source = run.state.amis.at(c.region);
  run.ui.say(fmt::format("Copying/Encrypting AMI ({}) to other regions...", source));
  for (const auto& region : targets) {
    run.ui.message(fmt::format("Copying to: {}", region));
    aws::Ec2Client& client = region == c.region ? run.ec2 : run.regional(region);
    QueryParams q;
    q.add("SourceRegion", c.region).add("SourceImageId", source).add("Name", c.ami_name);
    if (!c.ami_description.empty()) q.add("Description", render(run, c.ami_description));
    if (c.snapshot_copy_duration_minutes > 0) {
      // A time-based copy, which the plugin makes with CopyImageTags too.
      q.add("CopyImageTags", "true");
      q.add("SnapshotCopyCompletionDurationMinutes", std::to_string(c.snapshot_copy_duration_minutes));
    }
    if (encrypt) {
      q.add("Encrypted", "true");
      auto kms = c.region_kms_key_ids.find(region);
      std::string key = kms != c.region_kms_key_ids.end() ? kms->second : (region == c.region ? c.kms_key_id : "");
      if (!key.empty()) q.add("KmsKeyId", key);
    }
    auto doc = client.call("CopyImage", q, CancelToken{});  // as CreateKeyPair (steps_access.cpp)
    std::string ami = xml_text(doc->document_element(), {"imageId"});
    push_ami_undo(run, client, ami);
    run.state.amis[region] = ami;
  }
  run.ui.message("Waiting for all copies to complete...");
  for (const auto& region : targets) {
    aws::Ec2Client& client = region == c.region ? run.ec2 : run.regional(region);
    run.state.snapshots[region] = wait_available(client, run.state.amis[region], c.polling, run.cancel);
  }
  if (encrypt && targets.count(c.region)) {
    // The unencrypted original is replaced by its encrypted copy in the build region.
    run.ui.say("Deregistering the AMI and deleting unencrypted temporary AMIs and snapshots");
    deregister_image(run.ec2, source, true, run.ui, run.cancel);
  }
}

void step_modify_ami_attributes(EbsRun& run) {
  const EbsConfig& c = run.config;
  for (const auto& [region, ami] : run.state.amis) {
    aws::Ec2Client& client = region == c.region ? run.ec2 : run.regional(region);
    if (!c.ami_users.empty() || !c.ami_groups.empty() || !c.ami_product_codes.empty() ||
        !c.ami_description.empty() || !c.ami_org_arns.empty() || !c.ami_ou_arns.empty() || !c.imds_support.empty()) {
      run.ui.say(fmt::format("Modifying attributes on AMI ({})...", ami));
    }
    if (!c.ami_description.empty()) {
      run.ui.message("Modifying: description");
      client.call("ModifyImageAttribute",
                  QueryParams().add("ImageId", ami).add("Description.Value", render(run, c.ami_description)));
    }
    if (!c.ami_users.empty() || !c.ami_groups.empty()) {
      QueryParams q;
      q.add("ImageId", ami);
      int n = 0;
      for (const auto& user : c.ami_users) q.add(fmt::format("LaunchPermission.Add.{}.UserId", ++n), user);
      for (const auto& group : c.ami_groups) q.add(fmt::format("LaunchPermission.Add.{}.Group", ++n), group);
      run.ui.message(fmt::format("Modifying: {}", c.ami_users.empty() ? "groups" : "users"));
      client.call("ModifyImageAttribute", q);
    }
    if (!c.ami_product_codes.empty()) {
      run.ui.message("Modifying: product codes");
      client.call("ModifyImageAttribute",
                  QueryParams().add("ImageId", ami).add_list("ProductCode", c.ami_product_codes));
    }
    // Later Packer's sharing with organizations and IMDS requirement, one call each as the plugin.
    // The AMI is captured by name: clang before 16 cannot capture a structured binding.
    auto share = [&, &ami = ami](const std::vector<std::string>& arns, const char* field, const char* what) {
      if (arns.empty()) return;
      QueryParams q;
      q.add("ImageId", ami);
      q.add_list(field, arns);
      for (size_t i = 0; i < arns.size(); ++i) q.add(fmt::format("LaunchPermission.Add.{}.{}", i + 1, field), arns[i]);
      run.ui.message(fmt::format("Modifying: {}", what));
      client.call("ModifyImageAttribute", q);
    };
    share(c.ami_org_arns, "OrganizationArn", "ami org arns");
    share(c.ami_ou_arns, "OrganizationalUnitArn", "ami ou arns");
    if (!c.imds_support.empty()) {
      run.ui.message("Modifying: imds_support");
      client.call("ModifyImageAttribute", QueryParams().add("ImageId", ami).add("ImdsSupport.Value", c.imds_support));
    }
    if (c.snapshot_users.empty() && c.snapshot_groups.empty()) continue;
    for (const auto& snap : run.state.snapshots[region]) {
      run.ui.say(fmt::format("Modifying attributes on snapshot ({})...", snap));
      QueryParams q;
      q.add("SnapshotId", snap).add("Attribute", "createVolumePermission").add("OperationType", "add");
      q.add_list("UserId", c.snapshot_users);
      q.add_list("UserGroup", c.snapshot_groups);
      client.call("ModifySnapshotAttribute", q);
    }
  }
}

void step_create_tags(EbsRun& run) {
  const EbsConfig& c = run.config;
  if (c.tags.empty() && c.snapshot_tags.empty()) return;
  for (const auto& [region, ami] : run.state.amis) {
    aws::Ec2Client& client = region == c.region ? run.ec2 : run.regional(region);
    run.ui.say(fmt::format("Adding tags to AMI ({})...", ami));
    const auto& snapshots = run.state.snapshots[region];
    for (const auto& snap : snapshots) run.ui.say(fmt::format("Tagging snapshot: {}", snap));
    if (!c.tags.empty()) {
      run.ui.say("Creating AMI tags");
      client.call("CreateTags", QueryParams().add_list("ResourceId", {ami}).add_tags(render(run, c.tags)));
    }
    if (!c.snapshot_tags.empty() && !snapshots.empty()) {
      run.ui.say("Creating snapshot tags");
      client.call("CreateTags",
                  QueryParams().add_list("ResourceId", snapshots).add_tags(render(run, c.snapshot_tags)));
    }
  }
}

}  // namespace kiln::amazon
