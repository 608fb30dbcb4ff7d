// The amazon-ebs run: every step in Packer 1.6.6's order, from pre-validation to tags.
#pragma once

#include <functional>
#include <memory>

#include "builders/amazon/steps.hpp"
#include "kiln/plugin.hpp"

namespace kiln::amazon {

// Opens the communicator to run.state.host (called only when communicator != "none").
using ConnectFn = std::function<std::unique_ptr<Communicator>(EbsRun& run)>;

// Runs the steps, pushing undos onto run.cleanup (the caller unwinds or releases it), calls
// hook->provision with the connected communicator, and sets run.state.succeeded at the end.
void run_sequence(EbsRun& run, ProvisionHook* hook, const ConnectFn& connect);

}  // namespace kiln::amazon
