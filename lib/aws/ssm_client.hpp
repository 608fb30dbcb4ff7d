// SSM's GetParameter over AWS's JSON protocol (POST, X-Amz-Target, signed for "ssm").
#pragma once

#include <cstdint>
#include <string>

#include "aws/ec2_client.hpp"

namespace kiln::aws {

struct SsmParameter {
  std::string value;
  int64_t version = 0;
  std::string arn;
};

// Sends to options.endpoint, else AWS_ENDPOINT_URL_SSM or AWS_ENDPOINT_URL from options.environment
// (as the AWS SDKs read them), else https://ssm.<region>.amazonaws.com. Retries as Ec2Client does;
// throws AwsError for an error answer (aws_code() is e.g. "ParameterNotFound").
SsmParameter get_ssm_parameter(const Ec2Options& options, const std::string& name, bool with_decryption);

}  // namespace kiln::aws
