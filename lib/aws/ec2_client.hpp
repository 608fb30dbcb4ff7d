// EC2 over the Query protocol: signed form POSTs, XML answers, typed errors, standard retries.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <string>

#include <pugixml.hpp>

#include "aws/credentials.hpp"
#include "aws/query.hpp"
#include "aws/retry.hpp"
#include "kiln/cancel.hpp"
#include "kiln/environment.hpp"
#include "kiln/events.hpp"
#include "net/url.hpp"

namespace kiln::aws {

inline constexpr const char* kEc2ApiVersion = "2016-11-15";

struct Ec2Options {
  std::string region;
  std::string endpoint;  // custom_endpoint_ec2; empty = https://ec2.<region>.amazonaws.com
  Credentials credentials;
  bool insecure_skip_tls_verify = false;
  RetryPolicy retry;
  // Proxy variables are read from it (the run's snapshot); nullptr = no proxy.
  EnvironmentPtr environment;
  std::chrono::milliseconds timeout{60000};
  Ui ui;  // receives an "aws.retry" machine event before each retry
  // Called before every attempt with the action and attempt number (tests, benchmarks); may be empty.
  std::function<void(const std::string& action, int attempt)> on_request;
  CancelToken cancel;
};

class Ec2Client {
 public:
  explicit Ec2Client(Ec2Options options);

  // Sends `action` (Action and Version are added) and returns the parsed answer. Retries
  // throttling, 5xx and transient network failures per the policy; throws AwsError for an
  // error answer, net::TransportError when no answer came, Cancelled on cancel.
  std::unique_ptr<pugi::xml_document> call(const std::string& action, const QueryParams& params = {}) {
    return call(action, params, options_.cancel);
  }
  // The same with another token: cleanup calls pass CancelToken{} so they run after a cancel.
  std::unique_ptr<pugi::xml_document> call(const std::string& action, const QueryParams& params,
                                           const CancelToken& cancel);

  const std::string& region() const { return options_.region; }
  const net::Url& endpoint() const { return endpoint_; }

 private:
  Ec2Options options_;
  net::Url endpoint_;
  std::mt19937_64 rng_;
};

// Child element text by path, e.g. text(node, "instanceState", "name"); "" when absent.
std::string xml_text(pugi::xml_node node, std::initializer_list<const char*> path);

}  // namespace kiln::aws
