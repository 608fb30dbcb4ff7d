#include "builders/amazon/sequence.hpp"

#include "builders/amazon/connect.hpp"

namespace kiln::amazon {

namespace {

// Packer's StepSetGeneratedData for the amazon builders, plus the instance id.
void set_generated_data(EbsRun& run) {
  if (!run.generated) return;
  auto& g = *run.generated;
  const SourceImage& s = run.state.source;
  g["SourceAMI"] = s.id;
  g["SourceAMIName"] = s.name;
  g["SourceAMIOwner"] = s.owner_id;
  g["SourceAMIOwnerName"] = s.owner_alias;
  g["SourceAMICreationDate"] = s.creation_date;
  g["BuildRegion"] = run.config.region;
  g["ID"] = run.state.instance.id;
  g["Host"] = run.state.host;
}

}  // namespace

void run_step(EbsRun& run, std::string_view name, const std::function<void(EbsRun&)>& fn) {
  run.cancel.throw_if_cancelled();
  if (run.pause) run.pause(name);
  fn(run);
}

std::unique_ptr<Communicator> launch_and_provision(EbsRun& run, ProvisionHook* hook, const ConnectFn& connect) {
  run_step(run, "StepPreValidate", step_pre_validate);
  run_step(run, "StepSourceAMIInfo", step_source_ami_info);
  run_step(run, "StepKeyPair", step_key_pair);
  run_step(run, "StepSecurityGroup", step_security_group);
  if (run.config.is_spot())
    run_step(run, "StepRunSpotInstance", step_run_spot_instance);
  else
    run_step(run, "StepRunSourceInstance", step_run_source_instance);

  std::unique_ptr<Communicator> comm;
  if (run.config.communicator != "none") {
    run.cancel.throw_if_cancelled();
    if (run.pause) run.pause("StepConnect");
    run.state.host = instance_address(run);  // at connect time, as Packer's SSHHost
    comm = connect(run);
  }
  set_generated_data(run);
  if (hook) {
    run.cancel.throw_if_cancelled();
    hook->provision(comm.get());
  }
  if (comm) {
    if (run.pause) run.pause("StepCleanupTempKeys");
    step_cleanup_temp_keys(run, *comm);
  }
  return comm;
}

void finish_ami(EbsRun& run) {
  run_step(run, "StepAMIRegionCopy", step_ami_region_copy);
  run_step(run, "StepEnableDeprecation", step_enable_deprecation);
  run_step(run, "StepEnableDeregistrationProtection", step_enable_deregistration_protection);
  run_step(run, "StepModifyAMIAttributes", step_modify_ami_attributes);
  run_step(run, "StepCreateTags", step_create_tags);
  *run.state.succeeded = true;
}

void run_sequence(EbsRun& run, ProvisionHook* hook, const ConnectFn& connect) {
  launch_and_provision(run, hook, connect).reset();
  // Packer 1.6.6 skips stopping a spot instance (StepStopEBSBackedInstance's Skip).
  if (!run.config.is_spot()) run_step(run, "StepStopEBSBackedInstance", step_stop_instance);
  run_step(run, "StepModifyEBSBackedInstance", step_modify_instance);
  // skip_create_ami (later Packer): a test run of the provisioning; an existing AMI of the same name
  // is left alone too, even with force_deregister.
  if (run.config.skip_create_ami) {
    run.ui.say("skip_create_ami was set: skipping AMI creation, copy, attributes and tags");
    *run.state.succeeded = true;
    return;
  }
  run_step(run, "StepDeregisterAMI", step_deregister_ami);
  run_step(run, "stepCreateAMI", step_create_ami);
  finish_ami(run);
}

}  // namespace kiln::amazon
