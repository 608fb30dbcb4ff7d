#include "comm/ssh/userauth.hpp"

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "comm/ssh/libssh2_error.hpp"
#include "comm/ssh/private_key.hpp"
#include "kiln/error.hpp"

namespace kiln {
namespace {

// Packer answers every keyboard-interactive prompt with ssh_password; libssh2 hands the callback
// the session's abstract pointer, which holds the password while the call runs.
void answer_with_password(const char*, int, const char*, int, int num_prompts, const LIBSSH2_USERAUTH_KBDINT_PROMPT*,
                          LIBSSH2_USERAUTH_KBDINT_RESPONSE* responses, void** abstract) {
  const auto& password = *static_cast<const std::string*>(*abstract);
  for (int i = 0; i < num_prompts; ++i) {
    // libssh2 frees each answer with its default allocator, free().
    responses[i].text = static_cast<char*>(std::malloc(password.size()));
    if (!responses[i].text) return;
    std::memcpy(responses[i].text, password.data(), password.size());
    responses[i].length = static_cast<unsigned>(password.size());
  }
}

class Attempts {
 public:
  Attempts(LIBSSH2_SESSION* session, const SshOptions& opts) : session_(session), opts_(opts) {
    const char* list = libssh2_userauth_list(session, opts.username.data(), static_cast<unsigned>(opts.username.size()));
    if (list) offered_ = list;
  }

  bool done() const { return libssh2_userauth_authenticated(session_) != 0; }

  // Whether the server offers `method`; records it as skipped when it does not.
  bool offered(const std::string& method, const std::string& label) {
    for (size_t start = 0; start <= offered_.size();) {
      size_t comma = offered_.find(',', start);
      if (comma == std::string::npos) comma = offered_.size();
      if (offered_.compare(start, comma - start, method) == 0) return true;
      start = comma + 1;
    }
    failures_.push_back(fmt::format("{} not tried: the server does not offer {}", label, method));
    return false;
  }

  // `label` names the attempt: "authentication with key F", "password authentication".
  void failed(const std::string& label) { failed(label, libssh2_error(session_)); }
  void failed(const std::string& label, const std::string& why) { failures_.push_back(fmt::format("{} failed: {}", label, why)); }

  [[noreturn]] void throw_all() const {
    std::string tried;
    for (const auto& f : failures_) tried += (tried.empty() ? "" : "; ") + f;
    throw AuthenticationRefused(fmt::format("ssh {}@{}:{}: {} (the server offers {})", opts_.username, opts_.host,
                                            opts_.port, tried, offered_.empty() ? "no method" : offered_));
  }

 private:
  LIBSSH2_SESSION* session_;
  const SshOptions& opts_;
  std::string offered_;
  std::vector<std::string> failures_;
};

void try_agent(LIBSSH2_SESSION* session, const std::string& user, const std::string& socket, Attempts& attempts) {
  const std::string label = "authentication with ssh_agent_auth";
  if (socket.empty()) return attempts.failed(label, "SSH_AUTH_SOCK is not set");
  LIBSSH2_AGENT* agent = libssh2_agent_init(session);
  if (!agent) return attempts.failed(label);
  // libssh2 would read SSH_AUTH_SOCK from the live environment.
  libssh2_agent_set_identity_path(agent, socket.c_str());
  struct Free {
    LIBSSH2_AGENT* agent;
    ~Free() {
      libssh2_agent_disconnect(agent);
      libssh2_agent_free(agent);
    }
  } free_agent{agent};
  if (libssh2_agent_connect(agent) != 0) return attempts.failed(label + " (connecting to the agent)");
  if (libssh2_agent_list_identities(agent) != 0) return attempts.failed(label + " (listing the agent's keys)");
  libssh2_agent_publickey *id = nullptr, *prev = nullptr;
  std::vector<std::string> refused;
  while (libssh2_agent_get_identity(agent, &id, prev) == 0) {
    if (libssh2_agent_userauth(agent, user.c_str(), id) == 0) return;
    refused.push_back(id->comment && *id->comment ? id->comment : "(no comment)");
    prev = id;
  }
  attempts.failed(label, refused.empty() ? "the agent holds no keys"
                                         : fmt::format("the server refused all {} of the agent's keys ({})", refused.size(),
                                                       fmt::join(refused, ", ")));
}

void try_key(LIBSSH2_SESSION* session, const SshOptions& opts, Attempts& attempts) {
  std::string key = opts.private_key, label = "authentication with key (temporary key pair)";
  if (!opts.private_key_file.empty()) {
    key = read_key_file(opts.private_key_file);
    label = "authentication with key " + opts.private_key_file;
    if (auto problem = private_key_problem(key, opts.private_key_file); !problem.empty())
      throw CommError(fmt::format("ssh: ssh_private_key_file is invalid: {}", problem));
  }
  std::string certificate;
  if (!opts.certificate_file.empty()) {
    certificate = read_key_file(opts.certificate_file, "certificate");
    label += " and certificate " + opts.certificate_file;
    if (auto problem = certificate_problem(certificate); !problem.empty())
      throw CommError(fmt::format("ssh: ssh_certificate_file {} is invalid: {}", opts.certificate_file, problem));
  }
  // With no public key given, libssh2 derives it from the private key.
  if (libssh2_userauth_publickey_frommemory(session, opts.username.data(), opts.username.size(),
                                            certificate.empty() ? nullptr : certificate.data(), certificate.size(),
                                            key.data(), key.size(), nullptr) != 0)
    attempts.failed(label);
}

}  // namespace

void authenticate(LIBSSH2_SESSION* session, const SshOptions& opts) {
  const std::string& user = opts.username;
  bool have_key = !opts.private_key_file.empty() || !opts.private_key.empty();
  if (!opts.agent_auth && !have_key && opts.password.empty())
    throw CommError("ssh: no authentication method: set ssh_password, ssh_private_key_file or ssh_agent_auth");
  Attempts attempts(session, opts);
  if (attempts.done()) return;  // the server took "none"
  if (opts.agent_auth && attempts.offered("publickey", "authentication with ssh_agent_auth")) {
    try_agent(session, user, opts.agent_socket, attempts);
    if (attempts.done()) return;
  }
  if (have_key && attempts.offered("publickey", "authentication with a key")) {
    try_key(session, opts, attempts);
    if (attempts.done()) return;
  }
  if (!opts.password.empty()) {
    if (attempts.offered("password", "password authentication")) {
      if (libssh2_userauth_password_ex(session, user.data(), static_cast<unsigned>(user.size()), opts.password.data(),
                                       static_cast<unsigned>(opts.password.size()), nullptr) == 0)
        return;
      attempts.failed("password authentication");
    }
    if (attempts.offered("keyboard-interactive", "keyboard-interactive authentication with ssh_password")) {
      void** abstract = libssh2_session_abstract(session);
      void* saved = *abstract;
      *abstract = const_cast<std::string*>(&opts.password);
      int rc = libssh2_userauth_keyboard_interactive_ex(session, user.data(), static_cast<unsigned>(user.size()),
                                                        answer_with_password);
      *abstract = saved;
      if (rc == 0) return;
      attempts.failed("keyboard-interactive authentication with ssh_password");
    }
  }
  attempts.throw_all();
}

}  // namespace kiln
