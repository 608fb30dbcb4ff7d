// The amazon-ebs step sequence (Packer 1.6.6 order). Each step that creates something pushes
// its undo onto run.cleanup right after creating it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "aws/ec2_client.hpp"
#include "aws/error.hpp"
#include "builders/amazon/config.hpp"
#include "kiln/cleanup.hpp"
#include "kiln/communicator.hpp"
#include "kiln/events.hpp"
#include "kiln/interpolate.hpp"

namespace kiln::amazon {

struct SourceImage {
  std::string id;
  std::string name;
  std::string owner_id;
  std::string owner_alias;
  std::string creation_date;
  std::string root_device_name;
  std::string virtualization_type;
  // What amazon-chroot builds from: the root device and the image's mappings.
  std::string root_device_type;
  std::string architecture;
  std::string kernel_id, ramdisk_id;
  std::vector<BlockDevice> block_devices;
};

struct Instance {
  std::string id;
  std::string vpc_id;  // "" outside a VPC (EC2-Classic)
  std::string public_ip, private_ip, public_dns, private_dns;
  std::string architecture;            // "x86_64", "arm64" …
  std::string spot_instance_request_id;  // spot instances only
};

// What the steps learn and create, in the order they do.
struct EbsState {
  SourceImage source;
  std::string key_pair_name;      // temporary or given
  std::string private_key;        // PEM, when kiln has one
  std::string key_type = "rsa";   // of the temporary key pair
  std::vector<std::string> security_group_ids;
  Instance instance;
  std::string host;               // where the communicator connects
  std::map<std::string, std::string> amis;                     // region → AMI id
  std::map<std::string, std::vector<std::string>> snapshots;   // region → snapshot ids
  // Set last; AMI undos only act while it is false. Shared so undos never outlive it.
  std::shared_ptr<bool> succeeded = std::make_shared<bool>(false);
};

struct EbsRun {
  const EbsConfig& config;
  aws::Ec2Client& ec2;
  // Clients for other regions (ami_regions copies); same credentials and endpoint.
  std::function<aws::Ec2Client&(const std::string& region)> regional;
  CleanupStack& cleanup;
  Ui ui;
  CancelToken cancel;
  EbsState state;
  // {{build `…`}} data for the provisioners (SourceAMI, BuildRegion, ID …); may be null.
  std::map<std::string, std::string>* generated = nullptr;
  // Called with each step's name before it runs (-debug pauses there); may be empty.
  std::function<void(std::string_view)> pause;
  // The build's template context ({{user}}, {{build_name}} …) for the late fields.
  InterpContext interp;
  // Packer's StepCleanupVolumes (amazon-ebs; amazon-instance has none).
  bool cleanup_extra_volumes = true;
};

// Renders a late field (tags, the AMI description) as Packer's amazon builders do, with
// {{ .BuildRegion }}, {{ .SourceAMI }}, {{ .SourceAMIName }}, {{ .SourceAMIOwner }},
// {{ .SourceAMIOwnerName }} and {{ .SourceAMICreationDate }} from the source image.
std::string render(const EbsRun& run, const std::string& text);
// The same for each key and value of a tag map.
std::map<std::string, std::string> render(const EbsRun& run, const std::map<std::string, std::string>& tags);

// A name Packer-style: "packer_" + a time-ordered unique id.
std::string temporary_name();

void step_pre_validate(EbsRun& run);
void step_source_ami_info(EbsRun& run);
void step_key_pair(EbsRun& run);
void step_security_group(EbsRun& run);
// After provisioning: with ssh_clear_authorized_keys, removes the temporary key pair's line from
// the instance's authorized_keys (the user's, then root's through sudo), as Packer.
void step_cleanup_temp_keys(EbsRun& run, Communicator& comm);
void step_run_source_instance(EbsRun& run);
// user_data, or the contents of user_data_file.
std::string user_data(const EbsConfig& c);
// Packer's StepCleanupVolumes (when run.cleanup_extra_volumes): an undo that, after termination,
// deletes the volumes (id → device, filled by the launch) left available that were not asked for
// in launch_block_device_mappings.
std::shared_ptr<std::map<std::string, std::string>> push_volume_cleanup(EbsRun& run);
// After a launch: pushes the instance's termination (and the wait for it) as an undo, waits until
// it runs and reads its addresses into run.state.instance. Returns its EBS volumes (id → device).
std::map<std::string, std::string> adopt_instance(EbsRun& run, const std::string& id);
// With a spot_price: a launch template and an instant spot fleet of one instance (Packer 1.6.6's
// StepRunSpotInstance); the undos terminate the instance, then delete the template.
void step_run_spot_instance(EbsRun& run);
void step_stop_instance(EbsRun& run);
void step_modify_instance(EbsRun& run);
void step_deregister_ami(EbsRun& run);
void step_create_ami(EbsRun& run);
void step_ami_region_copy(EbsRun& run);
void step_modify_ami_attributes(EbsRun& run);
void step_create_tags(EbsRun& run);

// RunInstances parameters for the current plugin's launch options (metadata_options, placement,
// capacity reservations, licenses, credits, enclaves); none for a template that sets none of them.
void add_launch_options(aws::QueryParams& q, const EbsConfig& c);
// With deprecate_at / deregistration_protection (later Packer): marks every AMI of the build.
void step_enable_deprecation(EbsRun& run);
void step_enable_deregistration_protection(EbsRun& run);

// BlockDeviceMapping.N.* parameters (RunInstances, CreateImage).
void add_block_devices(aws::QueryParams& q, const std::string& prefix, const std::vector<BlockDevice>& devices);

// Waits for `ami` to be available and returns its snapshots.
std::vector<std::string> wait_available(aws::Ec2Client& ec2, const std::string& ami, const Polling& polling,
                                        const CancelToken& cancel);
// Deregisters the AMI (and its snapshots) on unwinding unless the build succeeded.
void push_ami_undo(EbsRun& run, aws::Ec2Client& client, const std::string& ami);

// Deregisters `ami` in `client`'s region and, when asked, deletes its snapshots.
void deregister_image(aws::Ec2Client& client, const std::string& ami, bool delete_snapshots, const Ui& ui,
                      const CancelToken& cancel);

}  // namespace kiln::amazon
