#include "aws/signed_post.hpp"

#include <cctype>

#include <fmt/format.h>

#include "aws/retry.hpp"
#include "aws/sigv4.hpp"

namespace kiln::aws {

namespace {
// "EC2 RunInstances, 3 attempts": for the error that ends the tries, which a step's message may not name.
std::string tried(const SignedPost& post, int attempts) {
  std::string service = post.service;
  for (char& c : service) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return fmt::format("{} {}, {} attempt{}", service, post.action, attempts, attempts == 1 ? "" : "s");
}

// The URL as signed: the path percent-encoded as in the canonical request, then the query.
std::string url_of(const SignedPost& post) {
  const net::Url& e = post.endpoint;
  std::string url = e.scheme + "://" + e.authority() + uri_encode(e.path.empty() ? "/" : e.path, true);
  for (size_t i = 0; i < post.query.size(); ++i)
    url += (i ? "&" : "?") + uri_encode(post.query[i].first) + "=" + uri_encode(post.query[i].second);
  return url;
}

}  // namespace

net::Response perform_signed_post(const Ec2Options& options, const SignedPost& post, const CancelToken& cancel,
                                  std::mt19937_64& rng,
                                  const std::function<AwsError(const net::Response&)>& error_of) {
  for (int attempt = 1;; ++attempt) {
    cancel.throw_if_cancelled();
    if (options.on_request) options.on_request(post.action, attempt);
    SignableRequest signable{post.method, post.endpoint.path, post.query, {{"Host", post.endpoint.authority()}},
                             post.body, post.payload_hash};
    for (const auto& header : post.headers) signable.headers.push_back(header);
    sign(signable, options.credentials, options.region, post.service, std::chrono::system_clock::now());
    net::Request req;
    req.method = post.method;
    req.url = url_of(post);
    req.body = post.body;
    if (post.open_body) {
      req.read_body = post.open_body();
      req.body_size = post.body_size;
    }
    req.timeout = options.timeout;
    req.verify_tls = !options.insecure_skip_tls_verify;
    req.environment = options.environment.get();
    for (const auto& [k, v] : signable.headers)
      if (k != "Host") req.headers.emplace_back(k, v);

    std::string reason;
    try {
      net::Response resp = net::perform(req, cancel);
      if (resp.status >= 200 && resp.status < 300) return resp;
      AwsError err = error_of(resp);
      if (!is_retryable(err.aws_code(), resp.status)) throw err;
      if (attempt >= options.retry.max_attempts)
        throw AwsError(err.aws_code(), err.aws_message(), err.request_id(), err.http_status(), tried(post, attempt));
      reason = err.what();
    } catch (const net::TransportError& e) {
      if (!e.transient() || attempt >= options.retry.max_attempts)
        throw net::TransportError(fmt::format("{} [{}]", e.what(), tried(post, attempt)), e.transient());
      reason = e.what();
    }
    auto delay = backoff_delay(options.retry, attempt, rng);
    options.ui.machine("aws.retry", {post.service, post.action, std::to_string(attempt), std::to_string(delay.count()), reason});
    if (!cancel.wait_for(delay)) throw Cancelled();
  }
}

}  // namespace kiln::aws
