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

void run_sequence(EbsRun& run, ProvisionHook* hook, const ConnectFn& connect) {
  // Names are Packer's step types, so -debug output reads the same.
  auto step = [&run](std::string_view name, void (*fn)(EbsRun&)) {
    run.cancel.throw_if_cancelled();
    if (run.pause) run.pause(name);
    fn(run);
  };
  step("StepPreValidate", step_pre_validate);
  step("StepSourceAMIInfo", step_source_ami_info);
  step("StepKeyPair", step_key_pair);
  step("StepSecurityGroup", step_security_group);
  step("StepRunSourceInstance", step_run_source_instance);

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
  comm.reset();

  step("StepStopEBSBackedInstance", step_stop_instance);
  step("StepModifyEBSBackedInstance", step_modify_instance);
  // skip_create_ami (later Packer): a test run of the provisioning; an existing AMI of the same name
  // is left alone too, even with force_deregister.
  if (run.config.skip_create_ami) {
    run.ui.say("skip_create_ami was set: skipping AMI creation, copy, attributes and tags");
  } else {
    step("StepDeregisterAMI", step_deregister_ami);
    step("stepCreateAMI", step_create_ami);
    step("StepAMIRegionCopy", step_ami_region_copy);
    step("StepEnableDeprecation", step_enable_deprecation);
    step("StepEnableDeregistrationProtection", step_enable_deregistration_protection);
    step("StepModifyAMIAttributes", step_modify_ami_attributes);
    step("StepCreateTags", step_create_tags);
  }
  *run.state.succeeded = true;
}

}  // namespace kiln::amazon
