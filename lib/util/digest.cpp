#include "util/digest.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "kiln/error.hpp"
#include "util/fd.hpp"

namespace kiln {
namespace {

const EVP_MD* digest_for(const std::string& type) {
  if (type == "md5") return EVP_md5();
  if (type == "sha1") return EVP_sha1();
  if (type == "sha224") return EVP_sha224();
  if (type == "sha256") return EVP_sha256();
  if (type == "sha384") return EVP_sha384();
  if (type == "sha512") return EVP_sha512();
  return nullptr;
}

struct CtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

}  // namespace

bool digest_supported(const std::string& type) { return digest_for(type) != nullptr; }

std::vector<std::string> file_digests(const std::string& path, const std::vector<std::string>& types,
                                      const CancelToken& cancel, const ProgressFn& progress) {
  std::vector<std::unique_ptr<EVP_MD_CTX, CtxFree>> contexts;
  for (const auto& t : types) {
    const EVP_MD* md = digest_for(t);
    if (!md) throw Error(fmt::format("unsupported checksum type \"{}\"", t), ErrorCode::Invalid);
    contexts.emplace_back(EVP_MD_CTX_new());
    EVP_DigestInit_ex(contexts.back().get(), md, nullptr);
  }
  Fd in(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0) throw Error(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  posix_fadvise(in.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::error_code ec;
  uint64_t total = std::filesystem::file_size(path, ec), done = 0;
  std::vector<unsigned char> buf(1 << 20);
  for (;;) {
    ssize_t n = read(in.fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    if (n == 0) break;
    for (auto& c : contexts) EVP_DigestUpdate(c.get(), buf.data(), static_cast<size_t>(n));
    done += static_cast<uint64_t>(n);
    if (progress) progress(done, total);
    if (cancel.cancelled()) throw Cancelled();
  }
  std::vector<std::string> out;
  for (auto& c : contexts) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(c.get(), md, &len);
    std::string hex;
    for (unsigned i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
    out.push_back(std::move(hex));
  }
  return out;
}

}  // namespace kiln
