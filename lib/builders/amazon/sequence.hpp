// The amazon-ebs run: every step in Packer 1.6.6's order, from pre-validation to tags; its launch and
// provisioning part and its AMI tail are shared with amazon-instance.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "builders/amazon/steps.hpp"
#include "kiln/plugin.hpp"

namespace kiln::amazon {

// Opens the communicator to run.state.host (called only when communicator != "none").
using ConnectFn = std::function<std::unique_ptr<Communicator>(EbsRun& run)>;

// Runs one step, named as Packer's step type (so -debug reads the same): stops when cancelled,
// pauses under -debug, then runs `fn`.
void run_step(EbsRun& run, std::string_view name, const std::function<void(EbsRun&)>& fn);

// Pre-validation, source AMI, key pair, security group, the instance (spot with a spot_price),
// connect, hook->provision, clearing the temporary key. Returns the communicator, still connected
// (null for communicator "none"), for steps that run on the instance after provisioning.
std::unique_ptr<Communicator> launch_and_provision(EbsRun& run, ProvisionHook* hook, const ConnectFn& connect);

// Once the build region's AMI is in run.state.amis: copies, deprecation, deregistration protection,
// attributes and tags; then sets run.state.succeeded.
void finish_ami(EbsRun& run);

// The whole amazon-ebs sequence, pushing undos onto run.cleanup (the caller unwinds or releases it).
void run_sequence(EbsRun& run, ProvisionHook* hook, const ConnectFn& connect);

}  // namespace kiln::amazon
