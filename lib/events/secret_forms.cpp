#include "events/secret_forms.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "util/base64.hpp"

namespace kiln {
namespace {

constexpr size_t kShortestForm = 8;

std::string percent_encoded(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string json_escaped(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += {'\\', static_cast<char>(c)};
    else if (c < 0x20) out += fmt::format("\\u{:04x}", c);
    else out += static_cast<char>(c);
  }
  return out;
}

// The characters of base64(shift zero bytes + secret) that only the secret's bits make up.
std::string base64_core(const std::string& secret, size_t shift, bool url) {
  std::string in(shift, '\0');
  in += secret;
  std::string encoded = url ? base64url(in) : base64(in);
  size_t first = (shift * 8 + 5) / 6;  // characters holding bits of the leading zero bytes
  size_t whole = in.size() * 8 / 6;    // characters made of complete bits
  return whole > first ? encoded.substr(first, whole - first) : std::string();
}

}  // namespace

std::vector<std::string> secret_forms(const std::string& secret) {
  std::vector<std::string> forms{secret};
  auto add = [&forms](std::string form) {
    if (form.size() >= kShortestForm && std::find(forms.begin(), forms.end(), form) == forms.end())
      forms.push_back(std::move(form));
  };
  add(percent_encoded(secret));
  add(json_escaped(secret));
  for (size_t shift = 0; shift < 3; ++shift)
    for (bool url : {false, true}) add(base64_core(secret, shift, url));
  return forms;
}

}  // namespace kiln
