// One AWS API call over HTTP POST: signed with SigV4, sent, and tried again as the retry policy
// says (throttling, 5xx, transient transport errors), with an "aws.retry" machine line per retry.
// The EC2 (query/XML) and JSON-protocol clients differ only in headers and how they read answers;
// S3 also sends other methods, a query, and bodies streamed from files.
#pragma once

#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "aws/ec2_client.hpp"
#include "aws/error.hpp"
#include "aws/sigv4.hpp"
#include "net/http.hpp"

namespace kiln::aws {

struct SignedPost {
  std::string service;  // signing scope and the retry line's label: "ec2", "ssm", "s3"
  std::string action;   // for on_request and the retry line
  net::Url endpoint;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Host and the signature's
  std::string body;
  std::string method = "POST";
  Pairs query;  // decoded; encoded into the URL as it is signed
  // A body streamed instead of `body`: open_body makes a fresh reader for each attempt (see
  // net::Request::read_body), body_size bytes whose SHA-256 is payload_hash.
  std::function<std::function<size_t(char*, size_t)>()> open_body;
  uint64_t body_size = 0;
  std::string payload_hash;
};

// The first 2xx answer. A non-2xx answer becomes `error_of(answer)`, thrown when it is not
// retryable or the attempts are used up; a cancel throws Cancelled.
net::Response perform_signed_post(const Ec2Options& options, const SignedPost& post, const CancelToken& cancel,
                                  std::mt19937_64& rng,
                                  const std::function<AwsError(const net::Response&)>& error_of);

}  // namespace kiln::aws
