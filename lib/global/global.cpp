#include <libssh2.h>

#include <atomic>
#include <mutex>

#include <fmt/format.h>

#include "global/global_state.hpp"
#include "kiln/error.hpp"
#include "kiln/global.hpp"

namespace kiln {
namespace {

struct GlobalState {
  std::mutex mutex;
  int references = 0;
  std::atomic<bool> libssh2_up{false};
  std::atomic<const net::CurlApi*> curl{nullptr};  // set once curl_global_init succeeded
};

GlobalState& state() {
  static GlobalState s;
  return s;
}

void libssh2_locked(GlobalState& s) {
  if (s.libssh2_up) return;
  if (int rc = libssh2_init(0); rc != 0) throw Error(fmt::format("libssh2_init failed with code {}", rc));
  s.libssh2_up = true;
}

}  // namespace

namespace detail {

void ensure_libssh2() {
  GlobalState& s = state();
  if (s.libssh2_up.load(std::memory_order_acquire)) return;
  std::lock_guard lock(s.mutex);
  libssh2_locked(s);
}

void ensure_curl(const net::CurlApi& api) {
  GlobalState& s = state();
  if (s.curl.load(std::memory_order_acquire)) return;
  std::lock_guard lock(s.mutex);
  if (s.curl) return;
  if (CURLcode rc = api.global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK)
    throw Error(fmt::format("curl_global_init failed with code {}", static_cast<int>(rc)));
  s.curl = &api;
}

}  // namespace detail

int global_init() {
  GlobalState& s = state();
  int references;
  {
    std::lock_guard lock(s.mutex);
    libssh2_locked(s);
    references = ++s.references;
  }
  try {
    net::curl_api();  // loads libcurl and runs curl_global_init here rather than on a build thread
  } catch (const Error&) {
    // No libcurl: builds that make HTTP requests report it when they do.
  }
  return references;
}

int global_shutdown() {
  GlobalState& s = state();
  std::lock_guard lock(s.mutex);
  if (s.references == 0) return 0;
  if (--s.references > 0) return s.references;
  if (const net::CurlApi* curl = s.curl.exchange(nullptr)) curl->global_cleanup();
  if (s.libssh2_up.exchange(false)) libssh2_exit();
  return 0;
}

}  // namespace kiln
