#include "aws/ec2_client.hpp"

#include <fmt/format.h>

#include "aws/error.hpp"
#include "aws/signed_post.hpp"

namespace kiln::aws {

Ec2Client::Ec2Client(Ec2Options options)
    : options_(std::move(options)),
      endpoint_(net::parse_url(options_.endpoint.empty()
                                   ? fmt::format("https://ec2.{}.amazonaws.com/", options_.region)
                                   : options_.endpoint)),
      rng_(std::random_device{}()) {
  if (options_.region.empty()) throw Error("EC2 client needs a region", ErrorCode::Invalid);
  if (auto bus = options_.ui.bus()) {  // the three Packer 1.6.6 masks
    bus->add_secret(options_.credentials.access_key);
    bus->add_secret(options_.credentials.secret_key);
    if (!options_.credentials.session_token.empty()) bus->add_secret(options_.credentials.session_token);
  }
}

std::unique_ptr<pugi::xml_document> Ec2Client::call(const std::string& action, const QueryParams& params,
                                                    const CancelToken& cancel) {
  QueryParams all;
  all.add("Action", action).add("Version", kEc2ApiVersion);
  for (const auto& [k, v] : params.pairs()) all.add(k, v);
  const std::string body = all.form_body();

  SignedPost post{"ec2", action, endpoint_, {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}}, body};
  net::Response resp = perform_signed_post(options_, post, cancel, rng_, [](const net::Response& answer) {
    return parse_error_response(answer.status, answer.body);
  });
  auto doc = std::make_unique<pugi::xml_document>();
  pugi::xml_parse_result ok = doc->load_buffer(resp.body.data(), resp.body.size());
  if (!ok)
    throw AwsError("SerializationError", fmt::format("{} answer is not XML: {}", action, ok.description()),
                   resp.header("x-amzn-RequestId"), resp.status);
  return doc;
}

std::string xml_text(pugi::xml_node node, std::initializer_list<const char*> path) {
  for (const char* name : path) node = node.child(name);
  return node.child_value();
}

}  // namespace kiln::aws
