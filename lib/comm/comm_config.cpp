#include "comm/comm_config.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "comm/ssh/private_key.hpp"
#include "kiln/error.hpp"
#include "util/expand_user.hpp"

namespace kiln {
namespace {

// Packer's checks of ssh_private_key_file (and its certificate) before it connects; "" when usable.
std::string key_file_problem(const std::string& key_file, const std::string& certificate_file) {
  struct stat st{};
  if (stat(key_file.c_str(), &st) != 0) return fmt::format("stat {}: {}", key_file, std::strerror(errno));
  try {
    if (auto problem = private_key_problem(read_key_file(key_file), key_file); !problem.empty())
      return "Error setting up SSH config: " + problem;
    if (certificate_file.empty()) return {};
    if (auto problem = certificate_problem(read_key_file(certificate_file, "certificate")); !problem.empty())
      return fmt::format("{}: {}", certificate_file, problem);
  } catch (const CommError& e) {
    return e.what();
  }
  return {};
}

// Packer's checks of the jump host's credentials, in its words.
void check_bastion_credentials(const Config& c, const SshOptions& ssh, Problems& problems) {
  if (ssh.bastion_host.empty() || ssh.bastion_agent_auth) return;
  if (ssh.bastion_password.empty() && ssh.bastion_private_key_file.empty())
    problems.add(c.pos("ssh_bastion_host"), c.path(), "ssh_bastion_password or ssh_bastion_private_key_file must be specified");
  else if (!ssh.bastion_private_key_file.empty())
    if (auto problem = key_file_problem(ssh.bastion_private_key_file, ssh.bastion_certificate_file); !problem.empty())
      problems.add(c.pos("ssh_bastion_private_key_file"), c.path(), "ssh_bastion_private_key_file is invalid: " + problem);
}

}  // namespace

std::vector<Field> communicator_fields() {
  std::vector<Field> f = {
      {"communicator", FieldType::String, false, "ssh (default) or none"},
      {"pause_before_connecting", FieldType::Duration},
      {"ssh_host", FieldType::String},
      {"ssh_port", FieldType::Int},
      {"ssh_username", FieldType::String},
      {"ssh_password", FieldType::String},
      {"ssh_private_key_file", FieldType::String},
      {"ssh_agent_auth", FieldType::Bool},
      {"ssh_pty", FieldType::Bool},
      {"ssh_timeout", FieldType::Duration},
      {"ssh_wait_timeout", FieldType::Duration},
      {"ssh_handshake_attempts", FieldType::Int},
      {"ssh_keep_alive_interval", FieldType::Duration},
      {"ssh_read_write_timeout", FieldType::Duration},
      {"ssh_disable_agent_forwarding", FieldType::Bool},
      {"ssh_clear_authorized_keys", FieldType::Bool},
      {"ssh_file_transfer_method", FieldType::String},
      {"ssh_host_key", FieldType::String, false, "kiln: expected host key fingerprint (SHA256:…)"},
      {"ssh_keypair_name", FieldType::String},
      {"temporary_key_pair_name", FieldType::String},
      {"temporary_key_pair_type", FieldType::String},
      {"temporary_key_pair_bits", FieldType::Int},
      {"ssh_ciphers", FieldType::StringList},
      {"ssh_key_exchange_algorithms", FieldType::StringList},
      {"ssh_certificate_file", FieldType::String},
      {"ssh_bastion_host", FieldType::String},
      {"ssh_bastion_port", FieldType::Int},
      {"ssh_bastion_agent_auth", FieldType::Bool},
      {"ssh_bastion_username", FieldType::String},
      {"ssh_bastion_password", FieldType::String},
      {"ssh_bastion_interactive", FieldType::Bool},
      {"ssh_bastion_private_key_file", FieldType::String},
      {"ssh_bastion_certificate_file", FieldType::String},
      {"ssh_proxy_host", FieldType::String},
      {"ssh_proxy_port", FieldType::Int},
      {"ssh_proxy_username", FieldType::String},
      {"ssh_proxy_password", FieldType::String},
      {"ssh_remote_tunnels", FieldType::StringList},
      {"ssh_local_tunnels", FieldType::StringList},
      {"winrm_username", FieldType::String},
      {"winrm_password", FieldType::String},
      {"winrm_host", FieldType::String},
      {"winrm_no_proxy", FieldType::Bool},
      {"winrm_port", FieldType::Int},
      {"winrm_timeout", FieldType::Duration},
      {"winrm_use_ssl", FieldType::Bool},
      {"winrm_insecure", FieldType::Bool},
      {"winrm_use_ntlm", FieldType::Bool},
  };
  return f;
}

CommSettings decode_comm_settings(const Config& c, Problems& problems) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  CommSettings s;
  s.type = c.str("communicator", "ssh");
  if (s.type != "ssh" && s.type != "none") {
    problems.add(c.pos("communicator"), c.path(),
                 fmt::format("communicator \"{}\" is not supported: use \"ssh\" or \"none\"", s.type));
    return s;
  }
  if (s.type == "none") return s;
  s.ssh.host = c.str("ssh_host");
  s.ssh.port = static_cast<int>(c.integer("ssh_port", 22));
  s.ssh.username = c.str("ssh_username");
  s.ssh.password = c.str("ssh_password");
  if (s.ssh.username.empty()) problems.add(c.object().pos(), c.path(), "An ssh_username must be specified");
  // "~/…" paths are the user's, as Packer expands them.
  s.ssh.private_key_file = expand_user(c.str("ssh_private_key_file"), c.environment());
  s.ssh.certificate_file = expand_user(c.str("ssh_certificate_file"), c.environment());
  if (!s.ssh.private_key_file.empty())
    if (auto problem = key_file_problem(s.ssh.private_key_file, s.ssh.certificate_file); !problem.empty())
      problems.add(c.pos("ssh_private_key_file"), c.path(), "ssh_private_key_file is invalid: " + problem);
  s.ssh.agent_auth = c.boolean("ssh_agent_auth");
  s.ssh.agent_socket = c.environment().value("SSH_AUTH_SOCK");
  s.ssh.pty = c.boolean("ssh_pty");
  s.ssh.ciphers = c.strings("ssh_ciphers");
  s.ssh.kex_algorithms = c.strings("ssh_key_exchange_algorithms");
  s.ssh.host_key_fingerprint = c.str("ssh_host_key");
  s.ssh.keep_alive_interval = std::chrono::duration_cast<std::chrono::seconds>(c.duration("ssh_keep_alive_interval", std::chrono::seconds(5)));
  s.ssh.read_write_timeout = duration_cast<milliseconds>(c.duration("ssh_read_write_timeout"));
  s.ssh_timeout = duration_cast<milliseconds>(c.duration("ssh_timeout", c.duration("ssh_wait_timeout", std::chrono::minutes(5))));
  s.pause_before_connecting = duration_cast<milliseconds>(c.duration("pause_before_connecting"));
  s.handshake_attempts = static_cast<int>(c.integer("ssh_handshake_attempts", 10));
  if (s.ssh.port <= 0 || s.ssh.port > 65535) problems.add(c.pos("ssh_port"), c.path(), "ssh_port must be 1-65535");
  s.ssh.bastion_host = c.str("ssh_bastion_host");
  s.ssh.bastion_port = static_cast<int>(c.integer("ssh_bastion_port", 22));
  s.ssh.bastion_username = c.str("ssh_bastion_username");
  s.ssh.bastion_password = c.str("ssh_bastion_password");
  // As Packer: the bastion's key (and certificate) default to the target's.
  s.ssh.bastion_private_key_file =
      expand_user(c.str("ssh_bastion_private_key_file", c.str("ssh_private_key_file")), c.environment());
  s.ssh.bastion_agent_auth = c.boolean("ssh_bastion_agent_auth");
  s.ssh.bastion_certificate_file =
      expand_user(c.str("ssh_bastion_certificate_file", s.ssh.certificate_file), c.environment());
  s.ssh.proxy_host = c.str("ssh_proxy_host");
  s.ssh.proxy_port = static_cast<int>(c.integer("ssh_proxy_port", 1080));
  s.ssh.proxy_username = c.str("ssh_proxy_username");
  s.ssh.proxy_password = c.str("ssh_proxy_password");
  check_bastion_credentials(c, s.ssh, problems);
  // Packer's default is scp; kiln's is SFTP, which pipelines, with SCP when the server lacks SFTP.
  std::string method = c.str("ssh_file_transfer_method");
  if (method == "scp") s.ssh.file_transfer = SshOptions::FileTransfer::Scp;
  else if (method == "sftp") s.ssh.file_transfer = SshOptions::FileTransfer::Sftp;
  else if (!method.empty())
    problems.add(c.pos("ssh_file_transfer_method"), c.path(),
                 fmt::format("ssh_file_transfer_method ('{}') is invalid, valid methods: sftp, scp", method));
  if (!s.ssh.bastion_host.empty() && !s.ssh.proxy_host.empty())
    problems.add(c.pos("ssh_proxy_host"), c.path(), "please specify either ssh_bastion_host or ssh_proxy_host, not both");
  return s;
}

std::unique_ptr<Communicator> connect_communicator(const CommSettings& s, const RunContext& ctx) {
  if (s.type == "none") return nullptr;
  ctx.ui.say(fmt::format("Using {} communicator to connect: {}", s.type, s.ssh.host));  // Packer's StepConnect
  if (s.pause_before_connecting.count() > 0) {
    ctx.ui.say(fmt::format("Pausing {}s before connecting...", s.pause_before_connecting.count() / 1000.0));
    if (!ctx.cancel.wait_for(s.pause_before_connecting)) throw Cancelled();
  }
  if (!s.ssh.password.empty()) ctx.ui.bus()->add_secret(s.ssh.password);
  if (!s.ssh.proxy_password.empty()) ctx.ui.bus()->add_secret(s.ssh.proxy_password);
  if (!s.ssh.bastion_password.empty()) ctx.ui.bus()->add_secret(s.ssh.bastion_password);
  ctx.ui.say("Waiting for SSH to become available...");
  auto deadline = std::chrono::steady_clock::now() + s.ssh_timeout;
  int handshake_failures = 0;
  for (;;) {
    ctx.cancel.throw_if_cancelled();
    try {
      SshOptions opts = s.ssh;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      opts.connect_timeout = std::clamp(left, std::chrono::milliseconds(100), std::chrono::milliseconds(10000));
      auto comm = std::make_unique<SshCommunicator>(opts, ctx.cancel);
      ctx.ui.say("Connected to SSH!");
      return comm;
    } catch (const CommError& e) {
      std::string what = e.what();
      // A credential that cannot be used, or a wrong host key, will not fix itself; connection problems,
      // failed handshakes and refused credentials might (Packer retries the last two).
      bool hopeless = what.find("no authentication method") != std::string::npos ||
                      what.find("encrypted") != std::string::npos || what.find("private key") != std::string::npos ||
                      what.find("host key") != std::string::npos || what.find("is invalid") != std::string::npos;
      bool refused = dynamic_cast<const AuthenticationRefused*>(&e) != nullptr;
      if (hopeless && !refused) throw;
      if (refused || what.find("handshake") != std::string::npos) {
        if (++handshake_failures >= s.handshake_attempts) throw;
      }
      if (std::chrono::steady_clock::now() >= deadline)
        throw CommError(fmt::format("Timeout waiting for SSH after {}s: {}", s.ssh_timeout.count() / 1000.0, what));
      if (!ctx.cancel.wait_for(std::chrono::seconds(1))) throw Cancelled();
    }
  }
}

}  // namespace kiln
