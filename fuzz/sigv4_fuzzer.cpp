// SigV4 canonicalisation: path normalisation, percent-encoding and the canonical request of a
// request whose method, path, query, headers and body are all hostile, then the signature.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "aws/sigv4.hpp"
#include "expect.hpp"

using namespace kiln::aws;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  SignableRequest req;
  req.method = in.ConsumeRandomLengthString(16);
  req.path = in.ConsumeRandomLengthString(512);
  for (int n = in.ConsumeIntegralInRange(0, 8); n > 0; --n)
    req.query.emplace_back(in.ConsumeRandomLengthString(64), in.ConsumeRandomLengthString(64));
  req.headers.emplace_back("host", in.ConsumeRandomLengthString(64));
  for (int n = in.ConsumeIntegralInRange(0, 8); n > 0; --n)
    req.headers.emplace_back(in.ConsumeRandomLengthString(64), in.ConsumeRandomLengthString(64));
  bool normalize = in.ConsumeBool();
  req.body = in.ConsumeRemainingBytesAsString();

  std::string normalized = normalize_path(req.path);
  expect(normalized.starts_with('/'), "a normalised path is absolute");
  expect(normalize_path(normalized) == normalized, "normalising a normalised path changes nothing");
  expect(normalized.find("//") == std::string::npos, "a normalised path has no empty segment");
  uri_encode(req.path, true);
  std::string signed_headers;
  canonical_request(req, &signed_headers, normalize);
  Credentials creds;
  creds.access_key = "AKIDEXAMPLE";
  creds.secret_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  sign(req, creds, "us-east-1", normalize ? "ec2" : "s3", std::chrono::system_clock::time_point{});
  return 0;
}
