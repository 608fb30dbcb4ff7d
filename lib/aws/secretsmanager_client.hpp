// Secrets Manager's GetSecretValue over AWS's JSON protocol (signed for "secretsmanager").
#pragma once

#include <string>

#include "aws/ec2_client.hpp"

namespace kiln::aws {

struct SecretVersion {
  std::string name;
  std::string arn;
  std::string version_id;
  bool has_string = false;   // the secret was stored as a string (SecretString) …
  std::string secret_string;
  std::string secret_binary;  // … or as bytes: SecretBinary, base64 as the answer carries it
};

struct SecretQuery {
  std::string secret_id;      // name or ARN
  std::string version_id;     // sent when set
  std::string version_stage;  // sent when set (AWS's default is AWSCURRENT)
};

// Endpoint as call_json_api chooses it (AWS_ENDPOINT_URL_SECRETS_MANAGER); throws AwsError for an
// error answer (aws_code() is e.g. "ResourceNotFoundException").
SecretVersion get_secret_value(const Ec2Options& options, const SecretQuery& query);

}  // namespace kiln::aws
