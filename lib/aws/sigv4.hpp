// AWS Signature Version 4 (HMAC-SHA256) for a request held in memory.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/credentials.hpp"

namespace kiln::aws {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct SignableRequest {
  std::string method;  // "GET", "POST"
  std::string path;    // not yet encoded, e.g. "/"
  Pairs query;         // decoded names and values
  Pairs headers;       // must include host
  std::string body;
  std::string payload_hash;  // when set, signed instead of the body's SHA-256 (a body streamed from a file)
};

// RFC 3986 percent-encoding of everything but unreserved characters (and '/' when keep_slash).
std::string uri_encode(std::string_view s, bool keep_slash = false);
std::string hex_sha256(std::string_view data);
// "20150830T123600Z"
std::string amz_date(std::chrono::system_clock::time_point t);

// The path as signed: RFC 3986 dot segments removed and runs of '/' collapsed, as every service but
// S3 expects (botocore's rule; S3 signs the path as sent). "" becomes "/".
std::string normalize_path(std::string_view path);

// The canonical request; `signed_headers` receives "host;x-amz-date". With `normalize`, the path is
// normalize_path()'d first (all services but S3).
std::string canonical_request(const SignableRequest& req, std::string* signed_headers = nullptr,
                              bool normalize = true);
std::string string_to_sign(std::string_view amz_date, std::string_view scope, std::string_view canonical);
// Hex signature of `sts` with the key derived from secret, date (YYYYMMDD), region, service.
std::string signature(std::string_view secret, std::string_view date, std::string_view region,
                      std::string_view service, std::string_view sts);

// Adds x-amz-date (unless present), x-amz-security-token (with a session token) and
// Authorization to req.headers, and returns the Authorization value. The path is normalised unless
// `service` is "s3".
std::string sign(SignableRequest& req, const Credentials& creds, std::string_view region,
                 std::string_view service, std::chrono::system_clock::time_point now);

}  // namespace kiln::aws
