#include "aws/error.hpp"

#include <fmt/format.h>

#include <pugixml.hpp>

namespace kiln::aws {

namespace {
std::string describe(const std::string& code, const std::string& message, const std::string& request_id,
                     long status, const std::string& tried) {
  std::string out = fmt::format("{}: {}", code, message);
  if (status) out += fmt::format(" (status code: {}", status);
  if (!request_id.empty()) out += fmt::format("{} request id: {}", status ? "," : " (", request_id);
  if (status || !request_id.empty()) out += ")";
  if (!tried.empty()) out += fmt::format(" [{}]", tried);
  return out;
}
}  // namespace

AwsError::AwsError(std::string code, std::string message, std::string request_id, long http_status,
                   const std::string& tried)
    : RemoteError(describe(code, message, request_id, http_status, tried)),
      code_(std::move(code)),
      message_(std::move(message)),
      request_id_(std::move(request_id)),
      http_status_(http_status) {}

AwsError parse_error_response(long http_status, const std::string& body) {
  pugi::xml_document doc;
  if (doc.load_buffer(body.data(), body.size())) {
    // EC2 answers <Response><Errors><Error>…</Error></Errors><RequestID>; other Query services
    // answer <ErrorResponse><Error>…</Error><RequestId>.
    pugi::xml_node root = doc.document_element();
    pugi::xml_node error = root.child("Errors").child("Error");
    if (!error) error = root.child("Error");
    if (!error && std::string_view(root.name()) == "Error") error = root;
    // An Error without a Code is read like any other body, so that every AwsError has a code.
    if (error && *error.child_value("Code")) {
      std::string request_id = root.child_value("RequestID");
      if (request_id.empty()) request_id = root.child_value("RequestId");
      return AwsError(error.child_value("Code"), error.child_value("Message"), request_id, http_status);
    }
  }
  std::string snippet = body.substr(0, 200);
  while (!snippet.empty() && (snippet.back() == '\n' || snippet.back() == '\r')) snippet.pop_back();
  return AwsError(fmt::format("HTTP{}", http_status), snippet.empty() ? "empty response" : snippet, "", http_status);
}

}  // namespace kiln::aws
