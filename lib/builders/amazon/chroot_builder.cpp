#include "builders/amazon/chroot_builder.hpp"

#include "builders/amazon/artifact.hpp"
#include "builders/amazon/chroot_steps.hpp"
#include "builders/amazon/clients.hpp"
#include "comm/chroot/chroot_communicator.hpp"

namespace kiln::amazon {

namespace {

// Packer's amazon generated data, plus the chroot's Device and MountPath.
void set_generated_data(ChrootRun& run, std::map<std::string, std::string>* generated) {
  if (!generated) return;
  const SourceImage& s = run.ami.state.source;
  auto& g = *generated;
  g["SourceAMI"] = s.id;
  g["SourceAMIName"] = s.name;
  g["SourceAMIOwner"] = s.owner_id;
  g["SourceAMIOwnerName"] = s.owner_alias;
  g["SourceAMICreationDate"] = s.creation_date;
  g["BuildRegion"] = run.config.ami.region;
  g["Device"] = run.state.device;
  g["MountPath"] = run.state.mount_path;
}

// The steps in Packer 1.6.6's order; names are its step types, so -debug reads the same.
void run_chroot_sequence(ChrootRun& run, BuilderContext& ctx) {
  auto step = [&](std::string_view name, auto fn) {
    run.ami.cancel.throw_if_cancelled();
    ctx.debug_pause(name);
    fn();
  };
  EbsRun& ami = run.ami;
  step("StepPreValidate", [&] { step_pre_validate(ami); });
  step("StepInstanceInfo", [&] { step_instance_info(run); });
  if (!run.config.from_scratch) {
    step("StepSourceAMIInfo", [&] { step_source_ami_info(ami); });
    step("StepCheckRootDevice", [&] { step_check_root_device(run); });
  }
  step("StepFlock", [&] { step_flock(run); });
  step("StepPrepareDevice", [&] { step_prepare_device(run); });
  step("StepCreateVolume", [&] { step_create_volume(run); });
  step("StepAttachVolume", [&] { step_attach_volume(run); });
  step("StepEarlyUnflock", [&] { step_early_unflock(run); });
  step("StepPreMountCommands", [&] { step_pre_mount_commands(run); });
  step("StepMountDevice", [&] { step_mount_device(run); });
  step("StepPostMountCommands", [&] { step_post_mount_commands(run); });
  step("StepMountExtra", [&] { step_mount_extra(run); });
  step("StepCopyFiles", [&] { step_copy_files(run); });
  set_generated_data(run, ctx.generated);
  step("StepChrootProvision", [&] {
    if (!ctx.hook) return;
    chroot::ChrootCommunicator comm(run.state.mount_path, run.shell);
    ctx.hook->run_provisioners(&comm);  // as Packer's StepChrootProvision: the hook, not a provisioning step
  });
  step("StepEarlyCleanup", [&] { step_early_cleanup(run); });
  step("StepSnapshot", [&] { step_snapshot(run); });
  step("StepDeregisterAMI", [&] { step_deregister_ami(ami); });
  step("StepRegisterAMI", [&] { step_register_ami(run); });
  step("StepAMIRegionCopy", [&] { step_ami_region_copy(ami); });
  step("StepModifyAMIAttributes", [&] { step_modify_ami_attributes(ami); });
  step("StepCreateTags", [&] { step_create_tags(ami); });
  *ami.state.succeeded = true;
}

}  // namespace

std::vector<std::string> ChrootBuilder::generated_data_keys() const {
  return {"SourceAMIName", "BuildRegion", "SourceAMI", "SourceAMICreationDate", "SourceAMIOwner", "SourceAMIOwnerName",
          "Device", "MountPath"};
}

ArtifactPtr ChrootBuilder::run(BuilderContext& ctx) {
  ChrootConfig c = config_;
  ctx.ui.say("Reading this instance's identity from the instance metadata service...");
  aws::InstanceIdentity self = aws::instance_identity(*ctx.environment, ctx.cancel);
  // Without one from the template, the environment or the profile, the instance's own region (Packer
  // 1.6.6 fails there instead).
  if (c.ami.region.empty()) c.ami.region = self.region;
  if (c.ami.region.empty())
    throw Error("region must be specified (in the template, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, "
                "or the instance identity document)",
                ErrorCode::Build);

  auto clients = std::make_shared<Ec2Clients>(build_ec2_options(c.ami, ctx));

  CleanupStack cleanup(ctx.ui);
  EbsRun ami{c.ami, clients->get(c.ami.region),
             [clients](const std::string& r) -> aws::Ec2Client& { return clients->get(r); },
             cleanup, ctx.ui, ctx.cancel, {}, ctx.generated, {}, ctx.interp};
  InterpContext wrapper_ctx = ctx.interp;
  chroot::HostShell shell{[wrapper_ctx, wrapper = c.command_wrapper](const std::string& command) mutable {
                            wrapper_ctx.data = {{"Command", command}};
                            return interpolate(wrapper, wrapper_ctx);
                          },
                          ctx.environment.get()};
  ChrootRun run{c, ami, shell, {}};
  run.state.self = self;
  try {
    run_chroot_sequence(run, ctx);
  } catch (...) {
    ctx.finish(cleanup, true);
    throw;
  }
  ctx.finish(cleanup, false);
  return std::make_shared<AmiArtifact>(ami.state.amis, clients, ctx.ui, kChrootBuilderId);
}

}  // namespace kiln::amazon
