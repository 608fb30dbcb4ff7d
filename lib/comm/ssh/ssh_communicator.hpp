// The SSH communicator on libssh2: commands over exec channels, files over SFTP or SCP.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kiln/communicator.hpp"
#include "kiln/error.hpp"

namespace kiln {

struct SshOptions {
  std::string host;
  int port = 22;
  std::string username;
  std::string password;
  std::string private_key_file;
  std::string private_key;  // PEM text, used when private_key_file is empty (e.g. a temporary key pair)
  std::string certificate_file;  // OpenSSH certificate of that key, offered instead of the bare key
  bool agent_auth = false;
  std::string agent_socket;  // SSH_AUTH_SOCK of the run's environment snapshot
  bool pty = false;
  std::chrono::seconds keep_alive_interval{5};
  std::chrono::milliseconds read_write_timeout{0};  // 0 = none
  std::chrono::milliseconds connect_timeout{10000};
  // Jump host: when set, the connection to host:port is tunnelled through it (direct-tcpip).
  std::string bastion_host;
  int bastion_port = 22;
  std::string bastion_username;
  std::string bastion_password;
  std::string bastion_private_key_file;
  std::string bastion_certificate_file;
  bool bastion_agent_auth = false;  // the bastion takes the agent's keys (agent_socket)
  // SOCKS5 proxy for the first hop (the bastion when there is one, else the host); empty: none.
  std::string proxy_host;
  int proxy_port = 1080;
  std::string proxy_username;
  std::string proxy_password;
  // How files move. Auto: SFTP (pipelined, the fastest), or SCP when the server has no SFTP subsystem.
  enum class FileTransfer { Auto, Sftp, Scp } file_transfer = FileTransfer::Auto;
  // Algorithms offered, in order of preference (ssh_ciphers, ssh_key_exchange_algorithms); empty: libssh2's.
  std::vector<std::string> ciphers;
  std::vector<std::string> kex_algorithms;
  // Expected host key SHA256 fingerprint ("SHA256:…" as ssh-keygen prints); empty accepts any (as Packer).
  std::string host_key_fingerprint;
};

class BastionTunnel;

// The server refused every credential offered. Packer counts this as a failed handshake and tries
// again (ssh_handshake_attempts): a new cloud instance may install its key after sshd listens.
class AuthenticationRefused : public CommError {
 public:
  using CommError::CommError;
};

class SshCommunicator : public Communicator {
 public:
  // Connects and authenticates once; throws CommError saying what failed.
  explicit SshCommunicator(const SshOptions& options, const CancelToken& cancel = {});
  ~SshCommunicator() override;

  int exec(const std::string& command, const OutputLineFn& on_output, const CancelToken& cancel) override;
  void upload(std::istream& in, uint64_t size, const std::string& remote, const TransferOptions& opts) override;
  void upload_file(const std::filesystem::path& local, const std::string& remote, const TransferOptions& opts) override;
  void upload_dir(const std::filesystem::path& local, const std::string& remote, const TransferOptions& opts) override;
  void download_file(const std::string& remote, const std::filesystem::path& local, const TransferOptions& opts) override;
  void download_dir(const std::string& remote, const std::filesystem::path& local, const TransferOptions& opts) override;

 private:
  // Entries of a remote directory (name, is_dir) listed by the remote shell.
  std::vector<std::pair<std::string, bool>> list_dir_by_shell(const std::string& remote, const CancelToken& cancel);

  friend class BastionTunnel;  // opens its own session on the jump host
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiln
