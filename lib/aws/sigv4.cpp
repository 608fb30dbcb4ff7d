#include "aws/sigv4.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <ctime>
#include <map>

#include "kiln/error.hpp"
#include "util/go_path.hpp"

namespace kiln::aws {

namespace {

std::string to_hex(const unsigned char* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

std::string hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len))
    throw Error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Trims the value and collapses each run of whitespace to one space, as SigV4 specifies.
std::string canonical_value(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

std::string uri_encode(std::string_view s, bool keep_slash) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/'))
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string hex_sha256(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr)) throw Error("SHA-256 failed");
  return to_hex(md, len);
}

std::string amz_date(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// SigV4's canonical URI: the path cleaned as Go's path.Clean, keeping a trailing slash.
std::string normalize_path(std::string_view path) {
  std::string out = go_clean_rooted_path(path);
  if (out != "/" && path.ends_with('/')) out += '/';
  return out;
}

std::string canonical_request(const SignableRequest& req, std::string* signed_headers, bool normalize) {
  std::vector<std::pair<std::string, std::string>> query;
  for (const auto& [k, v] : req.query) query.emplace_back(uri_encode(k), uri_encode(v));
  std::sort(query.begin(), query.end());
  std::string canon_query;
  for (const auto& [k, v] : query) {
    if (!canon_query.empty()) canon_query += '&';
    canon_query += k + '=' + v;
  }

  // Repeated headers join their values with commas, in the order given.
  std::map<std::string, std::string> headers;
  for (const auto& [k, v] : req.headers) {
    auto& slot = headers[lower(k)];
    if (!slot.empty()) slot += ',';
    slot += canonical_value(v);
  }
  std::string canon_headers, names;
  for (const auto& [k, v] : headers) {
    canon_headers += k + ':' + v + '\n';
    if (!names.empty()) names += ';';
    names += k;
  }
  if (signed_headers) *signed_headers = names;

  std::string path = normalize ? normalize_path(req.path) : req.path.empty() ? "/" : req.path;
  path = uri_encode(path, true);
  return fmt::format("{}\n{}\n{}\n{}\n{}\n{}", req.method, path, canon_query, canon_headers, names,
                     req.payload_hash.empty() ? hex_sha256(req.body) : req.payload_hash);
}

std::string string_to_sign(std::string_view date, std::string_view scope, std::string_view canonical) {
  return fmt::format("AWS4-HMAC-SHA256\n{}\n{}\n{}", date, scope, hex_sha256(canonical));
}

std::string signature(std::string_view secret, std::string_view date, std::string_view region,
                      std::string_view service, std::string_view sts) {
  std::string key = hmac("AWS4" + std::string(secret), date);
  key = hmac(key, region);
  key = hmac(key, service);
  key = hmac(key, "aws4_request");
  std::string sig = hmac(key, sts);
  return to_hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
}

std::string sign(SignableRequest& req, const Credentials& creds, std::string_view region,
                 std::string_view service, std::chrono::system_clock::time_point now) {
  std::string date;
  for (const auto& [k, v] : req.headers)
    if (lower(k) == "x-amz-date") date = v;
  if (date.empty()) {
    date = amz_date(now);
    req.headers.emplace_back("X-Amz-Date", date);
  }
  if (!creds.session_token.empty()) req.headers.emplace_back("X-Amz-Security-Token", creds.session_token);

  std::string day = date.substr(0, 8);
  std::string scope = fmt::format("{}/{}/{}/aws4_request", day, region, service);
  std::string names;
  std::string canonical = canonical_request(req, &names, service != "s3");
  std::string sig = signature(creds.secret_key, day, region, service, string_to_sign(date, scope, canonical));
  std::string auth = fmt::format("AWS4-HMAC-SHA256 Credential={}/{}, SignedHeaders={}, Signature={}",
                                 creds.access_key, scope, names, sig);
  req.headers.emplace_back("Authorization", auth);
  return auth;
}

}  // namespace kiln::aws
