// libcurl, loaded when the first request is made rather than when kiln starts: libcurl and the
// libraries it pulls in cost every start several milliseconds and megabytes, and most builds
// (file, null, local provisioners) never speak HTTP.
#pragma once

#include <curl/curl.h>

namespace kiln::net {

struct CurlApi {
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  void (*easy_cleanup)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

// Loads libcurl and runs curl_global_init once (thread-safe); throws kiln::Error naming the
// library when it cannot be loaded.
const CurlApi& curl_api();

}  // namespace kiln::net
