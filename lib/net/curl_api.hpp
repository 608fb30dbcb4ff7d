// libcurl, loaded when the first request is made rather than when kiln starts: libcurl and the
// libraries it pulls in cost every start several milliseconds and megabytes, and most builds
// (file, null, local provisioners) never speak HTTP. Each member has the type of the libcurl
// function it names without its "curl_" prefix: curl_api().easy_init() calls curl_easy_init().
#pragma once

#include <curl/curl.h>

#define KILN_CURL_FUNCTIONS(X) \
  X(easy_init) X(easy_setopt) X(easy_perform) X(easy_getinfo) X(easy_cleanup) X(easy_strerror) X(slist_append) X(slist_free_all) \
  X(global_init) X(global_cleanup)

namespace kiln::net {

struct CurlApi {
#define KILN_CURL_MEMBER(name) decltype(&::curl_##name) name;
  KILN_CURL_FUNCTIONS(KILN_CURL_MEMBER)
#undef KILN_CURL_MEMBER
};

// Loads libcurl and makes sure curl_global_init ran (kiln::global_init); thread-safe. Throws
// kiln::Error naming the library when it cannot be loaded.
const CurlApi& curl_api();

}  // namespace kiln::net
