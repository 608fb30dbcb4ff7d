// The EC2 instance metadata service, reached as the AWS SDKs reach it: an IMDSv2 session token
// first (PUT /latest/api/token), the plain IMDSv1 GET when the service refuses tokens.
#pragma once

#include <string>

#include "kiln/cancel.hpp"
#include "kiln/environment.hpp"

namespace kiln::aws {

// What the instance identity document says about the instance kiln runs on.
struct InstanceIdentity {
  std::string instance_id;
  std::string region;
  std::string availability_zone;
};

// The service at AWS_EC2_METADATA_SERVICE_ENDPOINT (from `env`, the run's snapshot), else
// http://169.254.169.254. Throws kiln::Error when it cannot be reached or answers no document.
InstanceIdentity instance_identity(const Environment& env, const CancelToken& cancel);

}  // namespace kiln::aws
