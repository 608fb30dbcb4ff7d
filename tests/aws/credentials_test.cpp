#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "aws/credentials.hpp"
#include "kiln/error.hpp"
#include "support.hpp"

using namespace kiln;
using namespace kiln::aws;

TEST_CASE("credentials chain: template, then environment, then shared file profile") {
  test::TempDir dir;
  std::string file = dir.path() + "/credentials";
  std::ofstream(file) << "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n"
                         "[build]\n aws_access_key_id=AKIDBUILD\naws_secret_access_key=build-secret\n"
                         "aws_session_token = build-token\n";
  std::map<std::string, std::string> env{{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                         {"AWS_SECRET_ACCESS_KEY", "env-secret"},
                                         {"AWS_SESSION_TOKEN", "env-token"},
                                         {"AWS_SHARED_CREDENTIALS_FILE", file}};
  CredentialSources s;
  s.access_key = "AKIDTEMPLATE";
  s.secret_key = "template-secret";
  Environment e = test::env_of(env);
  s.environment = &e;
  Credentials c = resolve_credentials(s);
  CHECK(c.access_key == "AKIDTEMPLATE");
  CHECK(c.session_token.empty());
  CHECK(c.source == "template");

  s.access_key.clear();
  c = resolve_credentials(s);
  CHECK(c.access_key == "AKIDENV");
  CHECK(c.secret_key == "env-secret");
  CHECK(c.session_token == "env-token");

  env.erase("AWS_ACCESS_KEY_ID");
  e = test::env_of(env);
  c = resolve_credentials(s);
  CHECK(c.access_key == "AKIDDEFAULT");
  CHECK(c.session_token.empty());

  env["AWS_PROFILE"] = "build";
  e = test::env_of(env);
  c = resolve_credentials(s);
  CHECK(c.access_key == "AKIDBUILD");
  CHECK(c.session_token == "build-token");

  s.profile = "default";  // the template's profile wins over AWS_PROFILE
  CHECK(resolve_credentials(s).access_key == "AKIDDEFAULT");

  s.profile = "missing";
  CHECK_THROWS_WITH_AS(resolve_credentials(s), doctest::Contains("profile \"missing\""), RemoteError);
}

TEST_CASE("credentials chain: HOME's ~/.aws/credentials is the default file") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() + "/.aws");
  std::ofstream(dir.path() + "/.aws/credentials") << "[default]\naws_access_key_id=A\naws_secret_access_key=B\n";
  CredentialSources s;
  Environment e = test::env_of({{"HOME", dir.path()}});
  s.environment = &e;
  Credentials c = resolve_credentials(s);
  CHECK(c.access_key == "A");
  CHECK(c.source.find(dir.path() + "/.aws/credentials") != std::string::npos);
  e = test::env_of({});
  CHECK_THROWS_AS(resolve_credentials(s), RemoteError);
}
