#include "builders/qemu/iso_fetch.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <openssl/sha.h>

#include "builders/qemu/iso_checksum.hpp"
#include "builders/qemu/iso_location.hpp"
#include "net/http.hpp"
#include "util/progress_throttle.hpp"

namespace kiln::qemu {
namespace {

std::string sha1_hex(const std::string& text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::string hex;
  for (unsigned char b : digest) hex += fmt::format("{:02x}", b);
  return hex;
}

void download(const std::string& url, const std::string& target, const BuilderContext& ctx) {
  std::filesystem::create_directories(std::filesystem::path(target).parent_path());
  std::string partial = target + ".part";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(fmt::format("cannot write {}", partial));
    uint64_t done = 0;
    ProgressFn report = throttled([&](uint64_t bytes, uint64_t) { ctx.ui.progress(url, bytes, 0); });
    net::Request req;
    req.url = url;
    req.environment = ctx.environment.get();
    req.timeout = std::chrono::hours(24);
    req.write_body = [&](const char* data, size_t n) {
      out.write(data, static_cast<std::streamsize>(n));
      if (!out) throw Error(fmt::format("cannot write {}", partial));
      done += n;
      report(done, 0);
    };
    try {
      net::Response resp = net::perform(req, ctx.cancel);
      if (resp.status < 200 || resp.status > 299) throw Error(fmt::format("bad response code: {}", resp.status));
    } catch (...) {
      out.close();
      std::filesystem::remove(partial);
      throw;
    }
    ctx.ui.progress(url, done, done);
  }
  std::filesystem::rename(partial, target);
}

// One URL: its local path after the checksum check (downloading it first when remote).
std::string fetch_one(const QemuConfig& c, const std::string& url, const BuilderContext& ctx) {
  IsoLocation where = locate(url);
  bool check = c.iso_checksum != "none";
  if (where.local) {
    if (!std::filesystem::exists(where.path)) throw Error(fmt::format("source path error: stat {}: no such file or directory", where.path));
    if (check) verify_checksum(where.path, c.iso_checksum, ctx.cancel);
    return where.path;
  }
  std::string target = cache_path(c, url, *ctx.environment);
  if (check && std::filesystem::exists(target)) {
    try {
      verify_checksum(target, c.iso_checksum, ctx.cancel);
      return target;
    } catch (const Cancelled&) {
      throw;
    } catch (const Error&) {
      // a stale or partial cache entry: downloaded again below
    }
  }
  download(url, target, ctx);
  if (check) {
    try {
      verify_checksum(target, c.iso_checksum, ctx.cancel);
    } catch (const Cancelled&) {
      throw;
    } catch (const Error&) {
      ctx.ui.say(fmt::format("Checksum did not match, removing {}", target));
      std::filesystem::remove(target);
      throw;
    }
  }
  return target;
}

}  // namespace

std::string cache_path(const QemuConfig& c, const std::string& url, const Environment& env) {
  std::string key = sha1_hex(c.iso_checksum != "none" && !c.iso_checksum.empty() ? c.iso_checksum : url);
  std::string ext = c.iso_target_extension.empty() ? "" : "." + c.iso_target_extension;
  if (c.iso_target_path.empty()) {
    std::string dir = env.value("PACKER_CACHE_DIR");
    return (dir.empty() ? std::string("packer_cache") : dir) + "/" + key + ext;
  }
  if (std::filesystem::path(c.iso_target_path).has_extension()) return c.iso_target_path;
  std::string dir = c.iso_target_path.ends_with('/') ? c.iso_target_path : c.iso_target_path + "/";
  return dir + key + (ext.empty() ? ".iso" : ext);
}

namespace {

// iso_skip_cache (Packer's stepSetISO): qemu reads the ISO over http itself, from the last URL
// whose server answers a HEAD with Accept-Ranges: bytes.
std::string byte_serving_url(const QemuConfig& c, const BuilderContext& ctx) {
  std::string chosen;
  for (const auto& url : c.iso_urls) {
    net::Request req;
    req.method = "HEAD";
    req.url = url;
    req.headers = {{"User-Agent", "Packer"}};
    req.environment = ctx.environment.get();
    try {
      net::Response resp = net::perform(req, ctx.cancel);
      if (resp.status >= 200 && resp.status < 300 && resp.header("Accept-Ranges") == "bytes") chosen = url;
    } catch (const net::TransportError&) {
    }
  }
  if (chosen.empty())
    throw Error("No byte serving support. The HTTP server must support Accept-Ranges=bytes", ErrorCode::Build);
  return chosen;
}

}  // namespace

std::string fetch_iso(const QemuConfig& c, const BuilderContext& ctx) {
  if (c.iso_skip_cache) return byte_serving_url(c, ctx);
  std::vector<std::string> errors;
  ctx.ui.say("Retrieving ISO");
  for (const auto& url : c.iso_urls) {
    ctx.cancel.throw_if_cancelled();
    ctx.ui.say(fmt::format("Trying {}", url));
    try {
      std::string path = fetch_one(c, url, ctx);
      ctx.ui.say(fmt::format("{} => {}", url, path));
      return path;
    } catch (const Cancelled&) {
      throw;
    } catch (const std::exception& e) {
      ctx.ui.say(fmt::format("Download failed {}", e.what()));
      errors.push_back(e.what());
    }
  }
  std::string joined;
  for (const auto& e : errors) joined += (joined.empty() ? "" : " ") + e;
  throw Error(fmt::format("error downloading ISO: [{}]", joined), ErrorCode::Build);
}

}  // namespace kiln::qemu
