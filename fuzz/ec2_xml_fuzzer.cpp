// EC2 Query answers as kiln reads them: an error body (code, message, request id) for any HTTP
// status, and a DescribeInstances answer read into an instance and its SSH address.
#include <cstddef>
#include <cstdint>
#include <string>

#include <pugixml.hpp>

#include "aws/ec2_client.hpp"
#include "aws/error.hpp"
#include "builders/amazon/connect.hpp"
#include "expect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  long status = 400 + data[0] % 200;
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  kiln::aws::AwsError error = kiln::aws::parse_error_response(status, body);
  expect(!error.aws_code().empty(), "an error answer always has a code");
  expect(error.http_status() == status, "the error keeps its HTTP status");

  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return 0;
  pugi::xml_node root = doc.document_element();
  for (pugi::xml_node reservation : root.child("reservationSet").children("item")) {
    for (pugi::xml_node item : reservation.child("instancesSet").children("item")) {
      kiln::amazon::Instance instance = kiln::amazon::instance_from_xml(item);
      for (const char* interface : {"", "public_ip", "private_ip", "public_dns", "private_dns"})
        kiln::amazon::pick_address(interface, instance);
      kiln::aws::xml_text(item, {"instanceState", "name"});
    }
  }
  return 0;
}
