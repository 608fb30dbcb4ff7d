#include "builders/amazon/sequence.hpp"

namespace kiln::amazon {

void run_sequence(EbsRun& run, ProvisionHook* hook, const ConnectFn& connect) {
  auto step = [&run](void (*fn)(EbsRun&)) {
    run.cancel.throw_if_cancelled();
    fn(run);
  };
  step(step_pre_validate);
  step(step_source_ami_info);
  step(step_key_pair);
  step(step_security_group);
  step(step_run_source_instance);

  std::unique_ptr<Communicator> comm;
  if (run.config.communicator != "none") {
    run.cancel.throw_if_cancelled();
    comm = connect(run);
  }
  if (hook) {
    run.cancel.throw_if_cancelled();
    hook->provision(comm.get());
  }
  comm.reset();

  step(step_stop_instance);
  step(step_modify_instance);
  step(step_deregister_ami);
  step(step_create_ami);
  step(step_ami_region_copy);
  step(step_modify_ami_attributes);
  step(step_create_tags);
  *run.state.succeeded = true;
}

}  // namespace kiln::amazon
