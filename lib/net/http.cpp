#include "net/http.hpp"

#include <arpa/inet.h>
#include <strings.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <memory>

#include <fmt/format.h>

#include "net/curl_api.hpp"
#include "net/url.hpp"

namespace kiln::net {

namespace {

size_t on_body(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

struct BodySink {
  const std::function<void(const char*, size_t)>* write;
  std::exception_ptr failure;
};

size_t on_body_piece(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  try {
    (*sink->write)(data, size * n);
    return size * n;
  } catch (...) {
    sink->failure = std::current_exception();
    return 0;  // curl stops with CURLE_WRITE_ERROR
  }
}

size_t on_read(char* data, size_t size, size_t n, void* user) {
  try {
    return (*static_cast<const std::function<size_t(char*, size_t)>*>(user))(data, size * n);
  } catch (...) {
    return CURL_READFUNC_ABORT;  // the transfer fails: curl reports "aborted by callback"
  }
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  std::string_view line(data, size * n);
  auto* headers = static_cast<Headers*>(user);
  if (line.starts_with("HTTP/")) {
    headers->clear();  // a new response (after 100-continue or a redirect)
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
    return std::string(s);
  };
  headers->emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  return size * n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const CancelToken*>(user)->cancelled() ? 1 : 0;
}

bool is_transient(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

bool is_loopback(const std::string& host) {
  if (host == "localhost") return true;  // Go compares exactly: "LOCALHOST" is proxied
  unsigned char addr[16];
  if (inet_pton(AF_INET, host.c_str(), addr) == 1) return addr[0] == 127;
  if (inet_pton(AF_INET6, host.c_str(), addr) != 1) return false;
  static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(v4_mapped, v4_mapped + 12, addr)) return addr[12] == 127;
  return std::all_of(addr, addr + 15, [](unsigned char b) { return b == 0; }) && addr[15] == 1;
}

// The first of `names` set to a non-empty value, or "".
std::string env_any(const Environment& env, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (std::string v = env.value(name); !v.empty()) return v;
  return {};
}

// kiln goes through the proxy Packer would use (Go's http.ProxyFromEnvironment): HTTPS_PROXY or
// https_proxy for https URLs, HTTP_PROXY or http_proxy for http ones (upper case first, and never
// in a CGI request), none for localhost and loopback addresses, none for hosts NO_PROXY or no_proxy
// matches. libcurl would read the environment itself but by other rules (lower case first,
// HTTP_PROXY never, ALL_PROXY too, loopback proxied), so kiln picks the variables as Go does and
// libcurl applies them; NO_PROXY's matching stays libcurl's (see docs/aws.md for how it differs).
void use_proxy_from_environment(CURL* c, const std::string& url, const Environment& env) {
  Url u = parse_url(url);
  std::string proxy;
  if (is_loopback(u.host))
    proxy = "";
  else if (u.scheme == "https")
    proxy = env_any(env, {"HTTPS_PROXY", "https_proxy"});
  else if (!env.get("REQUEST_METHOD"))
    proxy = env_any(env, {"HTTP_PROXY", "http_proxy"});
  curl_api().easy_setopt(c, CURLOPT_PROXY, proxy.c_str());  // "": no proxy, whatever else is set
  // Always set: unset, libcurl would read the live process's NO_PROXY instead of the snapshot's.
  std::string no_proxy = env_any(env, {"NO_PROXY", "no_proxy"});
  curl_api().easy_setopt(c, CURLOPT_NOPROXY, no_proxy.c_str());
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_api().easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_api().slist_free_all(l); }
};

}  // namespace

std::string Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  return {};
}

Response perform(const Request& req, const CancelToken& cancel) {
  cancel.throw_if_cancelled();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_api().easy_init());
  if (!curl) throw TransportError("curl_easy_init failed", false);
  CURL* c = curl.get();

  std::unique_ptr<curl_slist, SlistDeleter> list;
  for (const auto& [k, v] : req.headers) {
    std::string line = v.empty() ? k + ";" : k + ": " + v;
    curl_slist* next = curl_api().slist_append(list.get(), line.c_str());
    if (!next) throw TransportError("out of memory building headers", false);
    (void)list.release();
    list.reset(next);
  }
  // Suppress curl's automatic "Expect: 100-continue" on larger bodies.
  list.reset(curl_api().slist_append(list.release(), "Expect:"));

  Response resp;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_api().easy_setopt(c, CURLOPT_URL, req.url.c_str());
  curl_api().easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  if (req.method == "HEAD") curl_api().easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (req.read_body) {
    curl_api().easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_api().easy_setopt(c, CURLOPT_READFUNCTION, on_read);
    curl_api().easy_setopt(c, CURLOPT_READDATA, &req.read_body);
    curl_api().easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(req.body_size));
  } else if (!req.body.empty() || req.method == "POST" || req.method == "PUT") {
    curl_api().easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
    curl_api().easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
  }
  curl_api().easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
  BodySink sink{&req.write_body, nullptr};
  if (req.write_body) {
    curl_api().easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body_piece);
    curl_api().easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  } else {
    curl_api().easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_api().easy_setopt(c, CURLOPT_WRITEDATA, &resp.body);
  }
  curl_api().easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_api().easy_setopt(c, CURLOPT_HEADERDATA, &resp.headers);
  curl_api().easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_api().easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_api().easy_setopt(c, CURLOPT_XFERINFODATA, &cancel);
  curl_api().easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(req.timeout.count()));
  curl_api().easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(req.connect_timeout.count()));
  curl_api().easy_setopt(c, CURLOPT_SSL_VERIFYPEER, req.verify_tls ? 1L : 0L);
  curl_api().easy_setopt(c, CURLOPT_SSL_VERIFYHOST, req.verify_tls ? 2L : 0L);
  curl_api().easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_api().easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  static const Environment no_proxy_variables;
  use_proxy_from_environment(c, req.url, req.environment ? *req.environment : no_proxy_variables);

  CURLcode rc = curl_api().easy_perform(c);
  if (sink.failure) std::rethrow_exception(sink.failure);
  if (rc == CURLE_ABORTED_BY_CALLBACK && cancel.cancelled()) throw Cancelled();
  if (rc != CURLE_OK) {
    const char* detail = errbuf[0] ? errbuf : curl_api().easy_strerror(rc);
    throw TransportError(fmt::format("{} {}: {}", req.method, req.url, detail), is_transient(rc));
  }
  curl_api().easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp.status);
  return resp;
}

}  // namespace kiln::net
