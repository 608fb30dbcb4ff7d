// One call to an AWS service that speaks the JSON protocol (SSM, Secrets Manager): a signed POST
// with X-Amz-Target, a JSON body, a JSON answer; {"__type": …} error answers become AwsError.
#pragma once

#include <string>

#include <rapidjson/document.h>

#include "aws/ec2_client.hpp"

namespace kiln::aws {

struct JsonService {
  std::string signing_name;   // SigV4 scope and host prefix: "ssm", "secretsmanager"
  std::string target_prefix;  // X-Amz-Target is "<prefix>.<action>": "AmazonSSM", "secretsmanager"
  std::string endpoint_env;   // the SDKs' per-service variable: "AWS_ENDPOINT_URL_SSM"
};

// Sends to options.endpoint, else service.endpoint_env or AWS_ENDPOINT_URL from options.environment
// (as the AWS SDKs read them), else https://<signing_name>.<region>.amazonaws.com. Retries as Ec2Client
// does; throws AwsError for an error answer and for an answer that is not a JSON object.
rapidjson::Document call_json_api(const Ec2Options& options, const JsonService& service, const std::string& action,
                                  const std::string& body);

// The string member `name` of `object`, or "" when absent or not a string.
std::string json_string(const rapidjson::Value& object, const char* name);

}  // namespace kiln::aws
