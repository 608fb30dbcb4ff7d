// {{aws_secretsmanager `name` `key`}}: a Secrets Manager secret read as Packer 1.6.6 reads it.
#pragma once

#include <string>

#include "kiln/environment.hpp"

namespace kiln::tmpl {

// The AWSCURRENT version of secret `name`, with the region, credentials and endpoint
// (AWS_ENDPOINT_URL_SECRETS_MANAGER) from `environment` as the AWS SDK's default chain finds them,
// then picked as secret_value does. Throws kiln::Error with 1.6.6's messages.
std::string read_aws_secret(const std::string& name, const std::string& key, const EnvironmentPtr& environment);

// 1.6.6's reading of a secret string: text that is not JSON is the value; JSON must be an object of
// strings, whose `key` member is the value ("" key: its only member, an error when it has several).
std::string secret_value(const std::string& secret_string, const std::string& key);

}  // namespace kiln::tmpl
