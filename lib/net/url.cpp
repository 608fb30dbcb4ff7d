#include "net/url.hpp"

#include <fmt/format.h>

#include "kiln/error.hpp"

namespace kiln::net {

std::string Url::authority() const {
  bool ipv6 = host.find(':') != std::string::npos;
  std::string h = ipv6 ? "[" + host + "]" : host;
  bool default_port = port == 0 || (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  return default_port ? h : fmt::format("{}:{}", h, port);
}

std::string Url::str() const { return scheme + "://" + authority() + path; }

Url parse_url(const std::string& text) {
  Url u;
  std::string rest = text;
  auto sep = rest.find("://");
  if (sep == std::string::npos) {
    u.scheme = "https";
  } else {
    u.scheme = rest.substr(0, sep);
    rest = rest.substr(sep + 3);
  }
  if (u.scheme != "http" && u.scheme != "https")
    throw Error(fmt::format("unsupported URL scheme in \"{}\"", text), ErrorCode::Invalid);
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  u.path = slash == std::string::npos ? "/" : rest.substr(slash);
  std::string port;
  if (!authority.empty() && authority[0] == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) throw Error(fmt::format("bad URL \"{}\"", text), ErrorCode::Invalid);
    u.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') port = authority.substr(close + 2);
  } else {
    auto colon = authority.rfind(':');
    u.host = authority.substr(0, colon);
    if (colon != std::string::npos) port = authority.substr(colon + 1);
  }
  if (u.host.empty()) throw Error(fmt::format("URL \"{}\" has no host", text), ErrorCode::Invalid);
  if (!port.empty()) {
    try {
      size_t used = 0;
      u.port = std::stoi(port, &used);
      if (used != port.size() || u.port <= 0 || u.port > 65535) throw std::invalid_argument(port);
    } catch (const std::exception&) {
      throw Error(fmt::format("bad port in URL \"{}\"", text), ErrorCode::Invalid);
    }
  }
  return u;
}

}  // namespace kiln::net
