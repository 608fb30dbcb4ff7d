#include "aws/s3_client.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "aws/error.hpp"
#include "aws/sigv4.hpp"
#include "util/fd.hpp"

namespace kiln::aws {
namespace {

struct FileRange {
  std::string path;
  uint64_t offset = 0;
  uint64_t length = 0;
};

std::shared_ptr<Fd> open_file(const std::string& path) {
  auto fd = std::make_shared<Fd>(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd->fd < 0) throw Error(fmt::format("open {}: {}", path, std::strerror(errno)), ErrorCode::Build);
  return fd;
}

// Reads exactly the range's bytes at `pos` into buf (up to n); 0 at its end.
size_t read_range(int fd, uint64_t& pos, uint64_t end, char* buf, size_t n, const std::string& path) {
  size_t want = static_cast<size_t>(std::min<uint64_t>(n, end - pos));
  if (want == 0) return 0;
  ssize_t got;
  do got = ::pread(fd, buf, want, static_cast<off_t>(pos));
  while (got < 0 && errno == EINTR);
  if (got <= 0) throw Error(fmt::format("read {}: {}", path, got < 0 ? std::strerror(errno) : "file shrank"), ErrorCode::Build);
  pos += static_cast<uint64_t>(got);
  return static_cast<size_t>(got);
}

std::string range_sha256(const FileRange& r, const CancelToken& cancel) {
  auto fd = open_file(r.path);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!md || EVP_DigestInit_ex(md.get(), EVP_sha256(), nullptr) != 1) throw Error("SHA-256 failed");
  std::vector<char> buf(1 << 20);
  uint64_t pos = r.offset;
  while (size_t n = read_range(fd->fd, pos, r.offset + r.length, buf.data(), buf.size(), r.path)) {
    cancel.throw_if_cancelled();
    EVP_DigestUpdate(md.get(), buf.data(), n);
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(md.get(), out, &len);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", out[i]);
  return hex;
}

// A fresh reader over the range for net::Request::read_body, with its own descriptor.
std::function<size_t(char*, size_t)> range_reader(const FileRange& r) {
  auto fd = open_file(r.path);
  auto pos = std::make_shared<uint64_t>(r.offset);
  return [fd, pos, r](char* buf, size_t n) { return read_range(fd->fd, *pos, r.offset + r.length, buf, n, r.path); };
}

void add_encryption(SignedPost& post, const S3Upload& upload) {
  if (upload.server_side_encryption.empty()) return;
  post.headers.emplace_back("X-Amz-Server-Side-Encryption", upload.server_side_encryption);
  if (upload.server_side_encryption == "aws:kms" && !upload.kms_key_id.empty())
    post.headers.emplace_back("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id", upload.kms_key_id);
}

// The body streamed from `r`, signed by its hash.
void stream_body(SignedPost& post, const FileRange& r, const CancelToken& cancel) {
  post.payload_hash = range_sha256(r, cancel);
  post.headers.emplace_back("X-Amz-Content-SHA256", post.payload_hash);
  post.open_body = [r] { return range_reader(r); };
  post.body_size = r.length;
}

void xml_body(SignedPost& post, std::string body) {
  post.headers.emplace_back("Content-Type", "application/xml");
  post.headers.emplace_back("X-Amz-Content-SHA256", hex_sha256(body));
  post.body = std::move(body);
}

pugi::xml_document parse_xml(const net::Response& resp, const std::string& action) {
  pugi::xml_document doc;
  if (!doc.load_string(resp.body.c_str()))
    throw AwsError("SerializationError", action + " answer is not XML", resp.header("x-amz-request-id"), resp.status);
  return doc;
}

}  // namespace

S3Client::S3Client(Ec2Options options) : options_(std::move(options)), rng_(std::random_device{}()) {
  endpoint_ = options_.endpoint;
  if (endpoint_.empty() && options_.environment)
    for (const char* name : {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"})
      if (auto v = options_.environment->get(name); v && !v->empty()) {
        endpoint_ = *v;
        break;
      }
  // The timeout covers a whole transfer, here a part or a file below the part size: minutes on a slow link.
  options_.timeout = std::max<std::chrono::milliseconds>(options_.timeout, std::chrono::minutes(30));
}

SignedPost S3Client::request(const std::string& method, const std::string& bucket, const std::string& key,
                             Pairs query, const std::string& action) const {
  // Virtual-hosted on AWS, unless a dot in the name would not match the wildcard certificate.
  bool hosted = endpoint_.empty() && bucket.find('.') == std::string::npos;
  net::Url url = net::parse_url(hosted ? fmt::format("https://{}.s3.{}.amazonaws.com/", bucket, options_.region)
                                : endpoint_.empty() ? fmt::format("https://s3.{}.amazonaws.com/", options_.region)
                                                    : endpoint_);
  if (!url.path.empty() && url.path.back() == '/') url.path.pop_back();
  url.path += hosted ? "/" + key : "/" + bucket + "/" + key;
  SignedPost post{"s3", action, url, {}, ""};
  post.method = method;
  post.query = std::move(query);
  return post;
}

net::Response S3Client::send(SignedPost& post, const CancelToken& cancel) {
  if (post.payload_hash.empty() && post.body.empty()) post.headers.emplace_back("X-Amz-Content-SHA256", hex_sha256(""));
  return perform_signed_post(options_, post, cancel, rng_,
                             [](const net::Response& r) { return parse_error_response(r.status, r.body); });
}

void S3Client::upload_file(const std::string& path, const std::string& bucket, const std::string& key,
                           const S3Upload& upload) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw Error(fmt::format("stat {}: {}", path, std::strerror(errno)), ErrorCode::Build);
  auto size = static_cast<uint64_t>(st.st_size);
  if (size < upload.part_size) put_object(path, size, bucket, key, upload);
  else multipart(path, size, bucket, key, upload);
}

void S3Client::put_object(const std::string& path, uint64_t size, const std::string& bucket, const std::string& key,
                          const S3Upload& upload) {
  SignedPost put = request("PUT", bucket, key, {}, "PutObject");
  add_encryption(put, upload);
  stream_body(put, {path, 0, size}, options_.cancel);
  send(put, options_.cancel);
}

void S3Client::multipart(const std::string& path, uint64_t size, const std::string& bucket, const std::string& key,
                         const S3Upload& upload) {
  SignedPost create = request("POST", bucket, key, {{"uploads", ""}}, "CreateMultipartUpload");
  add_encryption(create, upload);
  std::string upload_id =
      parse_xml(send(create, options_.cancel), "CreateMultipartUpload").child("InitiateMultipartUploadResult").child_value("UploadId");
  if (upload_id.empty()) throw AwsError("SerializationError", "CreateMultipartUpload answer has no UploadId", "", 200);
  try {
    std::string parts;
    int number = 1;
    for (uint64_t offset = 0; offset < size; offset += upload.part_size, ++number) {
      SignedPost part = request("PUT", bucket, key, {{"partNumber", std::to_string(number)}, {"uploadId", upload_id}},
                                "UploadPart");
      stream_body(part, {path, offset, std::min(upload.part_size, size - offset)}, options_.cancel);
      std::string etag = send(part, options_.cancel).header("ETag");
      parts += fmt::format("<Part><ETag>{}</ETag><PartNumber>{}</PartNumber></Part>", etag, number);
    }
    SignedPost complete = request("POST", bucket, key, {{"uploadId", upload_id}}, "CompleteMultipartUpload");
    xml_body(complete, "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + parts +
                           "</CompleteMultipartUpload>");
    net::Response done = send(complete, options_.cancel);
    // S3 may answer 200 and still fail the completion, with an Error document.
    if (std::string_view(parse_xml(done, "CompleteMultipartUpload").document_element().name()) == "Error")
      throw parse_error_response(done.status, done.body);
  } catch (...) {
    try {  // not cancellable: the parts would otherwise be stored (and billed) until someone aborts them
      SignedPost abort = request("DELETE", bucket, key, {{"uploadId", upload_id}}, "AbortMultipartUpload");
      send(abort, CancelToken{});
    } catch (const std::exception&) {
      // the upload's own error is the one to report
    }
    throw;
  }
}

void S3Client::delete_object(const std::string& bucket, const std::string& key, const CancelToken& cancel) {
  SignedPost del = request("DELETE", bucket, key, {}, "DeleteObject");
  send(del, cancel);
}

}  // namespace kiln::aws
