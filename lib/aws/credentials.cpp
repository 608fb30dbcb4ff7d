#include "aws/credentials.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>

#include "kiln/error.hpp"

namespace kiln::aws {

namespace {

std::string trim(std::string s) {
  auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

// Reads profile `profile` from an INI-style shared credentials file; empty when absent.
Credentials from_file(const std::string& path, const std::string& profile) {
  std::ifstream in(path);
  Credentials c;
  if (!in) return c;
  std::string line;
  bool in_profile = false;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      in_profile = trim(line.substr(1, line.find(']') - 1)) == profile;
      continue;
    }
    if (!in_profile) continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (key == "aws_access_key_id") c.access_key = value;
    if (key == "aws_secret_access_key") c.secret_key = value;
    if (key == "aws_session_token") c.session_token = value;
  }
  return c;
}

}  // namespace

Credentials resolve_credentials(const CredentialSources& s) {
  auto env = [&](const std::string& name) -> std::string {
    if (s.getenv) return s.getenv(name).value_or("");
    const char* v = std::getenv(name.c_str());
    return v ? v : "";
  };
  if (!s.access_key.empty() && !s.secret_key.empty())
    return Credentials{s.access_key, s.secret_key, s.token, "template"};
  if (std::string id = env("AWS_ACCESS_KEY_ID"), secret = env("AWS_SECRET_ACCESS_KEY"); !id.empty() && !secret.empty())
    return Credentials{id, secret, env("AWS_SESSION_TOKEN"), "environment"};

  std::string profile = !s.profile.empty() ? s.profile : env("AWS_PROFILE");
  if (profile.empty()) profile = "default";
  std::string file = !s.shared_credentials_file.empty() ? s.shared_credentials_file : env("AWS_SHARED_CREDENTIALS_FILE");
  if (file.empty() && !env("HOME").empty()) file = env("HOME") + "/.aws/credentials";
  if (!file.empty()) {
    Credentials c = from_file(file, profile);
    if (!c.access_key.empty() && !c.secret_key.empty()) {
      c.source = fmt::format("shared credentials file {} (profile {})", file, profile);
      return c;
    }
  }
  throw RemoteError(fmt::format(
      "no valid credential sources found for AWS: set access_key and secret_key in the template, "
      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, or profile \"{}\" in {}",
      profile, file.empty() ? "~/.aws/credentials" : file));
}

}  // namespace kiln::aws
