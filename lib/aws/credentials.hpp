// AWS credentials and Packer's lookup order for them.
#pragma once

#include <string>

#include "kiln/environment.hpp"

namespace kiln::aws {

struct Credentials {
  std::string access_key;
  std::string secret_key;
  std::string session_token;  // empty when not temporary credentials
  std::string source;         // "template", "environment", "shared credentials file (profile x)"
};

struct CredentialSources {
  // Template values (access_key, secret_key, token, profile).
  std::string access_key;
  std::string secret_key;
  std::string token;
  std::string profile;
  std::string shared_credentials_file;  // template value; else AWS_SHARED_CREDENTIALS_FILE
  // The run's environment snapshot; nullptr = an empty environment.
  const Environment* environment = nullptr;
};

// Resolves credentials as Packer 1.6.6 does: the template's access_key/secret_key (+token),
// then AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (+AWS_SESSION_TOKEN), then the shared
// credentials file (shared_credentials_file, AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials) for profile
// (template `profile`, else AWS_PROFILE, else "default"). Throws kiln::RemoteError naming what
// was tried when none yields a key pair.
Credentials resolve_credentials(const CredentialSources& sources);

}  // namespace kiln::aws
