// An error answer from an AWS API: code, message and request id, as the service sent them.
#pragma once

#include <string>

#include "kiln/error.hpp"

namespace kiln::aws {

class AwsError : public RemoteError {
 public:
  // `tried`, when given, ends the text: which call gave up and after how many attempts.
  AwsError(std::string code, std::string message, std::string request_id, long http_status, const std::string& tried = "");
  const std::string& aws_code() const { return code_; }
  const std::string& aws_message() const { return message_; }
  const std::string& request_id() const { return request_id_; }
  long http_status() const { return http_status_; }

 private:
  std::string code_, message_, request_id_;
  long http_status_;
};

// Parses an EC2/Query error body (<Response><Errors><Error><Code>…). A body that is not such XML
// yields code "HTTP<status>" with the start of the body as the message.
AwsError parse_error_response(long http_status, const std::string& body);

}  // namespace kiln::aws
