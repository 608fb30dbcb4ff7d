// The amazon-chroot steps (Packer 1.6.6's builder/amazon/chroot and its SDK's chroot steps). Each
// step that creates something registers its undo right away; the undos of the volume's attachment
// and the mounts also run early, in the success path, before the snapshot (StepEarlyCleanup).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "aws/imds.hpp"
#include "builders/amazon/chroot_config.hpp"
#include "builders/amazon/steps.hpp"
#include "comm/chroot/host_shell.hpp"

namespace kiln::amazon {

// An undo that runs at most once, from the cleanup stack or earlier through run(); one that threw
// stays pending for the stack to try again, as Packer's CleanupFunc.
class EarlyUndo {
 public:
  EarlyUndo() = default;
  EarlyUndo(CleanupStack& cleanup, std::string what, std::function<void()> undo);
  void run() const;

 private:
  std::shared_ptr<std::function<void()>> undo_;
};

struct ChrootState {
  aws::InstanceIdentity self;     // from the instance metadata service
  std::string availability_zone;  // of this instance, where the volume is made
  std::string device;             // where the volume appears
  std::string volume_id;
  std::string mount_path;         // absolute, once mounted
  std::string snapshot_id;
  EarlyUndo lock, copied_files, extra_mounts, root_mount, attachment;
};

struct ChrootRun {
  const ChrootConfig& config;
  EbsRun& ami;  // the shared amazon steps' run (EC2 clients, cleanup, source image, AMIs)
  chroot::HostShell shell;
  ChrootState state;
};

void step_instance_info(ChrootRun& run);
void step_check_root_device(ChrootRun& run);
// Packer's host-wide lock (/var/lock/packer-chroot/lock) around choosing and attaching the device.
void step_flock(ChrootRun& run);
void step_prepare_device(ChrootRun& run);
void step_create_volume(ChrootRun& run);
void step_attach_volume(ChrootRun& run);
void step_early_unflock(ChrootRun& run);
void step_pre_mount_commands(ChrootRun& run);
void step_mount_device(ChrootRun& run);
void step_post_mount_commands(ChrootRun& run);
void step_mount_extra(ChrootRun& run);
void step_copy_files(ChrootRun& run);
void step_early_cleanup(ChrootRun& run);
void step_snapshot(ChrootRun& run);
void step_register_ami(ChrootRun& run);

}  // namespace kiln::amazon
