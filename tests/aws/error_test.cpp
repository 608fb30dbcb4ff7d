#include <doctest/doctest.h>

#include "aws/error.hpp"

using kiln::aws::parse_error_response;

TEST_CASE("error answers: code, message and request id as EC2 and other Query services send them") {
  auto ec2 = parse_error_response(400, "<Response><Errors><Error><Code>InvalidAMIID.NotFound</Code><Message>no such image"
                                       "</Message></Error></Errors><RequestID>r-1</RequestID></Response>");
  CHECK(ec2.aws_code() == "InvalidAMIID.NotFound");
  CHECK(ec2.aws_message() == "no such image");
  CHECK(ec2.request_id() == "r-1");
  auto query = parse_error_response(403, "<ErrorResponse><Error><Code>AccessDenied</Code></Error><RequestId>r-2</RequestId></ErrorResponse>");
  CHECK(query.aws_code() == "AccessDenied");
  CHECK(query.request_id() == "r-2");
}

TEST_CASE("error answers: anything else, an Error without a Code included, is named by its HTTP status") {
  auto no_code = parse_error_response(400, "<Response><Errors><Error><Message>x</Message></Error></Errors></Response>");
  CHECK(no_code.aws_code() == "HTTP400");
  CHECK(no_code.aws_message() == "<Response><Errors><Error><Message>x</Message></Error></Errors></Response>");
  CHECK(parse_error_response(503, "Service Unavailable\r\n").aws_message() == "Service Unavailable");
  CHECK(parse_error_response(500, "").aws_message() == "empty response");
  CHECK(parse_error_response(500, "").aws_code() == "HTTP500");
}
