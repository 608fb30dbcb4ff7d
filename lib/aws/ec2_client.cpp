#include "aws/ec2_client.hpp"

#include <fmt/format.h>

#include "aws/error.hpp"
#include "aws/sigv4.hpp"
#include "net/http.hpp"

namespace kiln::aws {

Ec2Client::Ec2Client(Ec2Options options)
    : options_(std::move(options)),
      endpoint_(net::parse_url(options_.endpoint.empty()
                                   ? fmt::format("https://ec2.{}.amazonaws.com/", options_.region)
                                   : options_.endpoint)),
      rng_(std::random_device{}()) {
  if (options_.region.empty()) throw Error("EC2 client needs a region", ErrorCode::Invalid);
  if (auto bus = options_.ui.bus()) {
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

  for (int attempt = 1;; ++attempt) {
    cancel.throw_if_cancelled();
    if (options_.on_request) options_.on_request(action, attempt);
    SignableRequest signable{"POST", endpoint_.path, {},
                             {{"Host", endpoint_.authority()},
                              {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                             body};
    sign(signable, options_.credentials, options_.region, "ec2", std::chrono::system_clock::now());
    net::Request req;
    req.method = "POST";
    req.url = endpoint_.str();
    req.body = body;
    req.timeout = options_.timeout;
    req.verify_tls = !options_.insecure_skip_tls_verify;
    req.environment = options_.environment.get();
    for (const auto& [k, v] : signable.headers)
      if (k != "Host") req.headers.emplace_back(k, v);

    std::string reason;
    try {
      net::Response resp = net::perform(req, cancel);
      if (resp.status >= 200 && resp.status < 300) {
        auto doc = std::make_unique<pugi::xml_document>();
        pugi::xml_parse_result ok = doc->load_buffer(resp.body.data(), resp.body.size());
        if (!ok)
          throw AwsError("SerializationError", fmt::format("{} answer is not XML: {}", action, ok.description()),
                         resp.header("x-amzn-RequestId"), resp.status);
        return doc;
      }
      AwsError err = parse_error_response(resp.status, resp.body);
      if (!is_retryable(err.aws_code(), resp.status) || attempt >= options_.retry.max_attempts) throw err;
      reason = err.what();
    } catch (const net::TransportError& e) {
      if (!e.transient() || attempt >= options_.retry.max_attempts) throw;
      reason = e.what();
    }
    auto delay = backoff_delay(options_.retry, attempt, rng_);
    options_.ui.machine("aws.retry", {"ec2", action, std::to_string(attempt), std::to_string(delay.count()), reason});
    if (!cancel.wait_for(delay)) throw Cancelled();
  }
}

std::string xml_text(pugi::xml_node node, std::initializer_list<const char*> path) {
  for (const char* name : path) node = node.child(name);
  return node.child_value();
}

}  // namespace kiln::aws
