#include "comm/ssh/ssh_communicator.hpp"

#include <libssh2.h>
#include <libssh2_sftp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/evp.h>

#include "comm/ssh/libssh2_error.hpp"
#include "comm/ssh/remote_dirs.hpp"
#include "comm/ssh/scp_transfer.hpp"
#include "comm/ssh/tcp_connect.hpp"
#include "comm/ssh/userauth.hpp"
#include "global/global_state.hpp"
#include "kiln/error.hpp"
#include "util/fd.hpp"
#include "util/shell_quote.hpp"

namespace kiln {
namespace {

constexpr size_t kTransferChunk = 1 << 20;  // libssh2 pipelines SFTP writes within one large call

std::string sha256_fingerprint(const char* key, size_t len) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  EVP_Digest(key, len, md, &md_len, EVP_sha256(), nullptr);
  std::string b64(4 * ((md_len + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), md, static_cast<int>(md_len));
  b64.resize(static_cast<size_t>(n));
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return "SHA256:" + b64;
}

}  // namespace

class BastionTunnel;

struct SshCommunicator::Impl {
  SshOptions opts;
  std::unique_ptr<BastionTunnel> tunnel;  // destroyed after the session below is freed
  int fd = -1;
  bool owns_fd = true;
  LIBSSH2_SESSION* session = nullptr;
  LIBSSH2_SFTP* sftp = nullptr;
  std::mutex mutex;  // libssh2 sessions are not thread-safe

  ~Impl() {
    if (sftp) libssh2_sftp_shutdown(sftp);
    if (session) {
      libssh2_session_disconnect(session, "kiln done");
      libssh2_session_free(session);
    }
    if (fd >= 0 && owns_fd) close(fd);
  }

  // Starts the session on an open socket: algorithm choices, then the key exchange.
  void handshake(int socket_fd);
  // Handshakes and authenticates on an open socket (used for the bastion's own session).
  void open(int socket_fd);

  [[noreturn]] void fail(const std::string& what) { throw CommError(fmt::format("ssh {}@{}:{}: {}: {}", opts.username, opts.host, opts.port, what, libssh2_error(session))); }

  // Waits until the socket is ready for what libssh2 is blocked on, or a short slice passes.
  void wait_socket(int ms) {
    int dir = libssh2_session_block_directions(session);
    pollfd p{fd, 0, 0};
    if (dir & LIBSSH2_SESSION_BLOCK_INBOUND) p.events |= POLLIN;
    if (dir & LIBSSH2_SESSION_BLOCK_OUTBOUND) p.events |= POLLOUT;
    poll(&p, 1, ms);
  }

  void authenticate() { kiln::authenticate(session, opts); }

  LIBSSH2_SFTP* sftp_session() {
    if (!sftp) {
      sftp = libssh2_sftp_init(session);
      if (!sftp) fail("cannot start the SFTP subsystem");
    }
    return sftp;
  }

  // Whether files go over SCP: asked for, or SFTP is unavailable and the choice was left to kiln.
  // Call with `mutex` held.
  bool use_scp() {
    if (opts.file_transfer == SshOptions::FileTransfer::Scp || scp_fallback) return true;
    if (opts.file_transfer == SshOptions::FileTransfer::Sftp || sftp) return false;
    sftp = libssh2_sftp_init(session);
    scp_fallback = !sftp;
    return scp_fallback;
  }

  bool use_scp_locked() {
    std::lock_guard lock(mutex);
    return use_scp();
  }

  std::string where() const { return fmt::format("{}@{}:{}", opts.username, opts.host, opts.port); }

  bool scp_fallback = false;
};

// Carries the target's SSH connection through a jump host: a direct-tcpip channel on the bastion's
// session, pumped to one end of a socketpair whose other end the target session uses as its socket.
class BastionTunnel {
 public:
  BastionTunnel(const SshOptions& target) {
    bastion_.opts.host = target.bastion_host;
    bastion_.opts.port = target.bastion_port;
    bastion_.opts.username = target.bastion_username.empty() ? target.username : target.bastion_username;
    bastion_.opts.password = target.bastion_password;
    bastion_.opts.private_key_file = target.bastion_private_key_file;
    bastion_.opts.certificate_file = target.bastion_certificate_file;
    bastion_.opts.agent_auth = target.bastion_agent_auth;
    bastion_.opts.agent_socket = target.agent_socket;
    bastion_.opts.connect_timeout = target.connect_timeout;
    bastion_.open(connect_first_hop(target, bastion_.opts.host, bastion_.opts.port));
    channel_ = libssh2_channel_direct_tcpip(bastion_.session, target.host.c_str(), target.port);
    if (!channel_) bastion_.fail(fmt::format("cannot open a tunnel to {}:{} through the bastion", target.host, target.port));
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair_) != 0) throw CommError("ssh: socketpair failed");
    libssh2_session_set_blocking(bastion_.session, 0);
    pump_ = std::thread([this] { pump(); });
  }
  ~BastionTunnel() {
    stop_ = true;
    if (pump_.joinable()) pump_.join();
    libssh2_channel_free(channel_);
    close(pair_[0]);
    close(pair_[1]);
  }
  // The target session's end; the session does not own it.
  int fd() const { return pair_[0]; }

 private:
  void pump() {
    std::string pending;
    char buf[65536];
    while (!stop_) {
      pollfd p[2] = {{bastion_.fd, POLLIN, 0}, {pair_[1], static_cast<short>(pending.size() < sizeof buf ? POLLIN : 0), 0}};
      poll(p, 2, 50);
      if (pending.size() < sizeof buf && (p[1].revents & (POLLIN | POLLHUP))) {
        ssize_t n = read(pair_[1], buf, sizeof buf);
        if (n <= 0) break;
        pending.append(buf, static_cast<size_t>(n));
      }
      while (!pending.empty()) {
        ssize_t w = libssh2_channel_write(channel_, pending.data(), pending.size());
        if (w == LIBSSH2_ERROR_EAGAIN) break;
        if (w < 0) return shutdown(pair_[1], SHUT_RDWR), void();
        pending.erase(0, static_cast<size_t>(w));
      }
      for (;;) {
        ssize_t n = libssh2_channel_read(channel_, buf, sizeof buf);
        if (n == LIBSSH2_ERROR_EAGAIN || n == 0) break;
        if (n < 0) return shutdown(pair_[1], SHUT_RDWR), void();
        if (send_all(pair_[1], std::string_view(buf, static_cast<size_t>(n))) != 0) return;
      }
      if (libssh2_channel_eof(channel_)) {
        shutdown(pair_[1], SHUT_RDWR);
        return;
      }
    }
  }

  SshCommunicator::Impl bastion_;
  LIBSSH2_CHANNEL* channel_ = nullptr;
  int pair_[2] = {-1, -1};
  std::atomic<bool> stop_{false};
  std::thread pump_;
};

void SshCommunicator::Impl::handshake(int socket_fd) {
  fd = socket_fd;
  session = libssh2_session_init();
  libssh2_session_set_blocking(session, 1);
  libssh2_session_set_timeout(session, static_cast<long>(opts.connect_timeout.count()));
  auto prefer = [&](int method, const std::vector<std::string>& names, const char* key) {
    if (names.empty()) return;
    std::string list = fmt::format("{}", fmt::join(names, ","));
    if (libssh2_session_method_pref(session, method, list.c_str()) != 0) fail(fmt::format("{} is invalid ({})", key, list));
  };
  prefer(LIBSSH2_METHOD_CRYPT_CS, opts.ciphers, "ssh_ciphers");
  prefer(LIBSSH2_METHOD_CRYPT_SC, opts.ciphers, "ssh_ciphers");
  prefer(LIBSSH2_METHOD_KEX, opts.kex_algorithms, "ssh_key_exchange_algorithms");
  if (libssh2_session_handshake(session, fd) != 0) fail("SSH handshake failed");
}

void SshCommunicator::Impl::open(int socket_fd) {
  handshake(socket_fd);
  authenticate();
}

SshCommunicator::SshCommunicator(const SshOptions& options, const CancelToken& cancel) : impl_(std::make_unique<Impl>()) {
  detail::ensure_libssh2();
  Impl& s = *impl_;
  s.opts = options;
  cancel.throw_if_cancelled();
  if (!options.bastion_host.empty()) {
    s.tunnel = std::make_unique<BastionTunnel>(options);
    s.fd = s.tunnel->fd();
    s.owns_fd = false;
  } else {
    s.fd = connect_first_hop(options, options.host, options.port);
  }
  s.handshake(s.fd);
  size_t key_len = 0;
  int key_type = 0;
  const char* key = libssh2_session_hostkey(s.session, &key_len, &key_type);
  if (!options.host_key_fingerprint.empty()) {
    std::string got = key ? sha256_fingerprint(key, key_len) : "";
    if (got != options.host_key_fingerprint)
      throw CommError(fmt::format("ssh {}:{}: host key {} does not match ssh_host_key {}", options.host, options.port, got,
                                  options.host_key_fingerprint));
  }
  s.authenticate();
  libssh2_session_set_timeout(s.session, static_cast<long>(options.read_write_timeout.count()));
  if (options.keep_alive_interval.count() > 0)
    libssh2_keepalive_config(s.session, 1, static_cast<unsigned>(options.keep_alive_interval.count()));
}

SshCommunicator::~SshCommunicator() = default;

int SshCommunicator::exec(const std::string& command, const OutputLineFn& on_output, const CancelToken& cancel) {
  Impl& s = *impl_;
  std::lock_guard lock(s.mutex);
  LIBSSH2_CHANNEL* ch = libssh2_channel_open_session(s.session);
  if (!ch) s.fail(fmt::format("cannot open a channel for \"{}\"", command));
  struct Close {
    LIBSSH2_SESSION* session;
    LIBSSH2_CHANNEL* ch;
    ~Close() {
      libssh2_session_set_blocking(session, 1);
      libssh2_channel_free(ch);
    }
  } closer{s.session, ch};
  if (s.opts.pty && libssh2_channel_request_pty(ch, "xterm") != 0) s.fail("cannot allocate a pty");
  if (libssh2_channel_exec(ch, command.c_str()) != 0) s.fail(fmt::format("cannot start \"{}\"", command));
  libssh2_session_set_blocking(s.session, 0);
  std::string pending[2];
  char buf[32768];
  auto deliver = [&](int stream, bool flush) {
    std::string& p = pending[stream];
    size_t start = 0;
    for (size_t nl; (nl = p.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string_view line(p.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (on_output) on_output(line, stream == 1);
    }
    p.erase(0, start);
    if (flush && !p.empty()) {
      if (on_output) on_output(p, stream == 1);
      p.clear();
    }
  };
  for (;;) {
    bool progressed = false;
    for (int stream = 0; stream < 2; ++stream) {
      ssize_t n = libssh2_channel_read_ex(ch, stream, buf, sizeof buf);
      if (n > 0) {
        pending[stream].append(buf, static_cast<size_t>(n));
        deliver(stream, false);
        progressed = true;
      } else if (n < 0 && n != LIBSSH2_ERROR_EAGAIN) {
        s.fail(fmt::format("reading the output of \"{}\"", command));
      }
    }
    if (libssh2_channel_eof(ch)) break;
    if (cancel.cancelled()) {
      // libssh2 1.10 cannot send signals; closing the channel (in Close) ends the session's command.
      throw Cancelled();
    }
    if (!progressed) s.wait_socket(200);
  }
  deliver(0, true);
  deliver(1, true);
  // The server closes the channel after the exit status. Closing first would race it: with a pty,
  // sshd hangs up the terminal of a command not yet reaped, which then ends "killed by signal HUP".
  while (libssh2_channel_wait_closed(ch) == LIBSSH2_ERROR_EAGAIN) s.wait_socket(200);
  while (libssh2_channel_close(ch) == LIBSSH2_ERROR_EAGAIN) s.wait_socket(200);
  char* signal_name = nullptr;
  libssh2_channel_get_exit_signal(ch, &signal_name, nullptr, nullptr, nullptr, nullptr, nullptr);
  if (signal_name) {
    std::string sig = signal_name;
    libssh2_free(s.session, signal_name);
    throw CommError(fmt::format("remote command \"{}\" was killed by signal {}", command, sig));
  }
  return libssh2_channel_get_exit_status(ch);
}

void SshCommunicator::upload(std::istream& in, uint64_t size, const std::string& remote, const TransferOptions& opts) {
  Impl& s = *impl_;
  std::lock_guard lock(s.mutex);
  long mode = static_cast<long>(opts.mode.value_or(0644));
  if (s.use_scp()) return scp::upload(s.session, s.where(), in, size, remote, static_cast<unsigned>(mode), opts);
  LIBSSH2_SFTP_HANDLE* h = libssh2_sftp_open(s.sftp_session(), remote.c_str(),
                                             LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC, mode);
  if (!h) s.fail(fmt::format("upload to {}: cannot open the remote file", remote));
  struct Close {
    LIBSSH2_SFTP_HANDLE* h;
    ~Close() { libssh2_sftp_close(h); }
  } closer{h};
  std::vector<char> buf(kTransferChunk);
  uint64_t done = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    size_t n = static_cast<size_t>(in.gcount());
    if (n == 0) break;
    for (size_t off = 0; off < n;) {
      ssize_t w = libssh2_sftp_write(h, buf.data() + off, n - off);
      if (w < 0) s.fail(fmt::format("upload to {} failed after {} of {} bytes", remote, done + off, size));
      off += static_cast<size_t>(w);
    }
    done += n;
    if (opts.progress) opts.progress(done, size);
    opts.cancel.throw_if_cancelled();
  }
  // SFTP open honours the umask; set the mode explicitly so it survives.
  LIBSSH2_SFTP_ATTRIBUTES attrs{};
  attrs.flags = LIBSSH2_SFTP_ATTR_PERMISSIONS;
  attrs.permissions = static_cast<unsigned long>(mode);
  libssh2_sftp_fsetstat(h, &attrs);
}

void SshCommunicator::upload_file(const std::filesystem::path& local, const std::string& remote, const TransferOptions& opts) {
  std::ifstream in(local, std::ios::binary);
  if (!in) throw CommError(fmt::format("upload: cannot read {}", local.string()));
  TransferOptions o = opts;
  if (!o.mode) o.mode = static_cast<unsigned>(std::filesystem::status(local).permissions() & std::filesystem::perms::mask);
  upload(in, std::filesystem::file_size(local), remote, o);
}

void SshCommunicator::upload_dir(const std::filesystem::path& local, const std::string& remote, const TransferOptions& opts) {
  namespace fs = std::filesystem;
  Impl& s = *impl_;
  std::function<void(const std::string&, fs::perms)> mkdir;
  if (s.use_scp_locked()) {
    // Without SFTP the remote shell makes the directories, parents included; files go over SCP.
    mkdir = [&](const std::string& dir, fs::perms perms) {
      std::string command =
          fmt::format("mkdir -p {0} && chmod {1:o} {0}", shell_quote(dir), static_cast<unsigned>(perms & fs::perms::mask));
      std::string output;
      if (exec(command, [&](std::string_view line, bool) { output += std::string(line) + " "; }, opts.cancel) != 0)
        throw CommError(fmt::format("upload: cannot create remote directory {}: {}", dir, output));
    };
  } else {
    mkdir = [&](const std::string& dir, fs::perms perms) {
      std::lock_guard lock(s.mutex);
      LIBSSH2_SFTP_ATTRIBUTES attrs{};
      if (libssh2_sftp_stat(s.sftp_session(), dir.c_str(), &attrs) == 0) return;
      if (libssh2_sftp_mkdir(s.sftp_session(), dir.c_str(), static_cast<long>(perms & fs::perms::mask)) != 0)
        s.fail(fmt::format("upload: cannot create remote directory {}", dir));
    };
    // Like mkdir -p: create missing parents of `remote` too.
    for (const auto& dir : remote_dirs(remote))
      mkdir(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                     fs::perms::others_exec);
  }
  mkdir(remote, fs::status(local).permissions());
  for (auto it = fs::recursive_directory_iterator(local); it != fs::recursive_directory_iterator(); ++it) {
    std::string target = remote + "/" + fs::relative(it->path(), local).generic_string();
    if (it->is_directory()) mkdir(target, it->status().permissions());
    else if (it->is_regular_file()) upload_file(it->path(), target, opts);
  }
}

void SshCommunicator::download_file(const std::string& remote, const std::filesystem::path& local, const TransferOptions& opts) {
  Impl& s = *impl_;
  std::lock_guard lock(s.mutex);
  if (s.use_scp()) return scp::download(s.session, s.where(), remote, local, opts);
  LIBSSH2_SFTP_HANDLE* h = libssh2_sftp_open(s.sftp_session(), remote.c_str(), LIBSSH2_FXF_READ, 0);
  if (!h) s.fail(fmt::format("download of {}: cannot open the remote file", remote));
  struct Close {
    LIBSSH2_SFTP_HANDLE* h;
    ~Close() { libssh2_sftp_close(h); }
  } closer{h};
  LIBSSH2_SFTP_ATTRIBUTES attrs{};
  libssh2_sftp_fstat(h, &attrs);
  uint64_t size = (attrs.flags & LIBSSH2_SFTP_ATTR_SIZE) ? attrs.filesize : 0;
  std::ofstream out(local, std::ios::binary | std::ios::trunc);
  if (!out) throw CommError(fmt::format("download: cannot write {}", local.string()));
  std::vector<char> buf(kTransferChunk);
  uint64_t done = 0;
  for (;;) {
    ssize_t n = libssh2_sftp_read(h, buf.data(), buf.size());
    if (n < 0) s.fail(fmt::format("download of {} failed after {} bytes", remote, done));
    if (n == 0) break;
    out.write(buf.data(), n);
    done += static_cast<uint64_t>(n);
    if (opts.progress) opts.progress(done, size);
    opts.cancel.throw_if_cancelled();
  }
  if (attrs.flags & LIBSSH2_SFTP_ATTR_PERMISSIONS)
    std::filesystem::permissions(local, static_cast<std::filesystem::perms>(attrs.permissions & 07777));
}

void SshCommunicator::download_dir(const std::string& remote, const std::filesystem::path& local, const TransferOptions& opts) {
  Impl& s = *impl_;
  std::filesystem::create_directories(local);
  std::vector<std::pair<std::string, bool>> entries;  // name, is_dir
  if (s.use_scp_locked()) {
    entries = list_dir_by_shell(remote, opts.cancel);
  } else {
    std::lock_guard lock(s.mutex);
    LIBSSH2_SFTP_HANDLE* dir = libssh2_sftp_opendir(s.sftp_session(), remote.c_str());
    if (!dir) s.fail(fmt::format("download: cannot list remote directory {}", remote));
    char name[4096];
    LIBSSH2_SFTP_ATTRIBUTES attrs{};
    while (libssh2_sftp_readdir(dir, name, sizeof name, &attrs) > 0) {
      std::string n = name;
      if (n == "." || n == "..") continue;
      entries.emplace_back(n, LIBSSH2_SFTP_S_ISDIR(attrs.permissions));
    }
    libssh2_sftp_closedir(dir);
  }
  for (const auto& [name, is_dir] : entries) {
    if (is_dir) download_dir(remote + "/" + name, local / name, opts);
    else download_file(remote + "/" + name, local / name, opts);
  }
}

std::vector<std::pair<std::string, bool>> SshCommunicator::list_dir_by_shell(const std::string& remote, const CancelToken& cancel) {
  // One "d NAME" or "f NAME" line per entry, dot files included; POSIX sh only.
  std::string command = "cd " + shell_quote(remote) +
                        " && for f in * .[!.]* ..?*; do [ -e \"$f\" ] || continue; "
                        "if [ -d \"$f\" ]; then echo \"d $f\"; else echo \"f $f\"; fi; done";
  std::vector<std::pair<std::string, bool>> entries;
  std::string errors;
  int status = exec(command, [&](std::string_view line, bool is_stderr) {
    if (is_stderr) errors += std::string(line) + " ";
    else if (line.size() > 2) entries.emplace_back(std::string(line.substr(2)), line[0] == 'd');
  }, cancel);
  if (status != 0) throw CommError(fmt::format("download: cannot list remote directory {}: {}", remote, errors));
  return entries;
}

}  // namespace kiln
