#include "net/curl_api.hpp"

#include "global/global_state.hpp"
#include "util/shared_library.hpp"

namespace kiln::net {
namespace {

CurlApi load() {
  constexpr const char* kSoname = "libcurl.so.4";
  void* library = open_shared_library(kSoname, "HTTP requests (AWS, the Docker Engine API)");
  CurlApi api{};
#define KILN_CURL_RESOLVE(name) resolve_symbol(library, kSoname, "curl_" #name, api.name);
  KILN_CURL_FUNCTIONS(KILN_CURL_RESOLVE)
#undef KILN_CURL_RESOLVE
  return api;
}

}  // namespace

const CurlApi& curl_api() {
  static const CurlApi api = load();  // a throw leaves it unset: the next call tries again
  detail::ensure_curl(api);
  return api;
}

}  // namespace kiln::net
