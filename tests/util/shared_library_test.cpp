// Libraries loaded on first use: what a missing library or symbol says, and the real loaders.
#include <doctest/doctest.h>

#include <string>

#include "kiln/error.hpp"
#include "net/curl_api.hpp"
#include "util/libarchive_api.hpp"
#include "util/shared_library.hpp"

using namespace kiln;

namespace {

std::string message_of(void (*attempt)()) {
  try {
    attempt();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a library that cannot be loaded is named with what needs it") {
  std::string message = message_of([] { open_shared_library("libkiln-absent.so.9", "the test"); });
  CHECK(message.find("cannot load libkiln-absent.so.9") != std::string::npos);
  CHECK(message.find("the test need it") != std::string::npos);
}

TEST_CASE("a missing symbol is named with its library") {
  void* libc = open_shared_library("libc.so.6", "the test");
  CHECK(shared_library_symbol(libc, "libc.so.6", "getpid") != nullptr);
  std::string message = message_of([] {
    shared_library_symbol(open_shared_library("libc.so.6", "the test"), "libc.so.6", "kiln_no_such_symbol");
  });
  CHECK(message == "libc.so.6 lacks kiln_no_such_symbol");
}

TEST_CASE("libcurl and libarchive load on first use and work") {
  const net::CurlApi& curl = net::curl_api();
  CURL* handle = curl.easy_init();
  REQUIRE(handle != nullptr);
  CHECK(std::string(curl.easy_strerror(CURLE_OK)) == "No error");
  curl.easy_cleanup(handle);
  CHECK(&net::curl_api() == &curl);  // loaded once

  archive* a = libarchive().read_new();
  REQUIRE(a != nullptr);
  CHECK(libarchive().read_support_format_tar(a) == ARCHIVE_OK);
  libarchive().read_free(a);
}
