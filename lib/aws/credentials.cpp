#include "aws/credentials.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "aws/shared_files.hpp"
#include "kiln/error.hpp"

namespace kiln::aws {

namespace {

// Profile `profile` of a shared credentials file; empty when absent.
Credentials from_file(const std::string& path, const std::string& profile) {
  auto values = read_ini_section(path, profile);
  return Credentials{values["aws_access_key_id"], values["aws_secret_access_key"], values["aws_session_token"], {}};
}

}  // namespace

Credentials resolve_credentials(const CredentialSources& s) {
  auto env = [&](const char* name) { return s.environment ? s.environment->value(name) : std::string(); };
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
