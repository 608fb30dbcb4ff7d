#include "net/curl_api.hpp"

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "util/shared_library.hpp"

namespace kiln::net {
namespace {

CurlApi load() {
  constexpr const char* kSoname = "libcurl.so.4";
  void* library = open_shared_library(kSoname, "HTTP requests (AWS, the Docker Engine API)");
  CurlApi api{};
  resolve_symbol(library, kSoname, "curl_easy_init", api.easy_init);
  resolve_symbol(library, kSoname, "curl_easy_setopt", api.easy_setopt);
  resolve_symbol(library, kSoname, "curl_easy_perform", api.easy_perform);
  resolve_symbol(library, kSoname, "curl_easy_getinfo", api.easy_getinfo);
  resolve_symbol(library, kSoname, "curl_easy_cleanup", api.easy_cleanup);
  resolve_symbol(library, kSoname, "curl_easy_strerror", api.easy_strerror);
  resolve_symbol(library, kSoname, "curl_slist_append", api.slist_append);
  resolve_symbol(library, kSoname, "curl_slist_free_all", api.slist_free_all);
  CURLcode (*global_init)(long) = nullptr;
  resolve_symbol(library, kSoname, "curl_global_init", global_init);
  if (CURLcode rc = global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK)
    throw Error(fmt::format("curl_global_init failed with code {}", static_cast<int>(rc)));
  return api;
}

}  // namespace

const CurlApi& curl_api() {
  static const CurlApi api = load();  // a throw leaves it unset: the next call tries again
  return api;
}

}  // namespace kiln::net
