// Just enough URL handling for API endpoints: scheme://host[:port][/path].
#pragma once

#include <string>

namespace kiln::net {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // without brackets for IPv6
  int port = 0;        // 0 when not given
  std::string path;    // "/" when not given

  // host, plus ":port" when a non-default port was given (what the Host header carries).
  std::string authority() const;
  std::string str() const;
};

// Parses `text`; a missing scheme means https (as the AWS SDKs do). Throws kiln::Error(Invalid).
Url parse_url(const std::string& text);

}  // namespace kiln::net
