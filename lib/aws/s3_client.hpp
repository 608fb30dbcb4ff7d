// S3 over its REST API with kiln's SigV4: files uploaded as the AWS SDK's upload manager does (one
// PutObject below the part size, else a multipart upload), streamed from disk, and objects deleted.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "aws/ec2_client.hpp"
#include "aws/signed_post.hpp"

namespace kiln::aws {

struct S3Upload {
  std::string server_side_encryption;  // "AES256" or "aws:kms"; empty: the bucket's default
  std::string kms_key_id;              // with "aws:kms"
  // Files of at least this size go up in parts of this size (the upload manager's default, 5 MiB,
  // is also S3's smallest part); each part is read twice, to hash it and to send it, never held.
  uint64_t part_size = 5 * 1024 * 1024;
};

class S3Client {
 public:
  // Sends to options.endpoint, else AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL from options.environment,
  // with path-style addresses there; else https://<bucket>.s3.<region>.amazonaws.com.
  explicit S3Client(Ec2Options options);

  // Throws AwsError, net::TransportError or Cancelled; a failed multipart upload is aborted first.
  void upload_file(const std::string& path, const std::string& bucket, const std::string& key, const S3Upload& upload);
  // With its own token: cleanup after a cancel passes CancelToken{}.
  void delete_object(const std::string& bucket, const std::string& key, const CancelToken& cancel);

 private:
  SignedPost request(const std::string& method, const std::string& bucket, const std::string& key, Pairs query,
                     const std::string& action) const;
  net::Response send(SignedPost& post, const CancelToken& cancel);
  void put_object(const std::string& path, uint64_t size, const std::string& bucket, const std::string& key,
                  const S3Upload& upload);
  void multipart(const std::string& path, uint64_t size, const std::string& bucket, const std::string& key,
                 const S3Upload& upload);

  Ec2Options options_;
  std::string endpoint_;  // empty: AWS's, virtual-hosted
  std::mt19937_64 rng_;
};

}  // namespace kiln::aws
