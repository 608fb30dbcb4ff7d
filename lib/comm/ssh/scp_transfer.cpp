#include "comm/ssh/scp_transfer.hpp"

#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "comm/ssh/libssh2_error.hpp"
#include "kiln/error.hpp"

namespace kiln::scp {
namespace {

constexpr size_t kChunk = 256 * 1024;

struct ChannelFree {
  void operator()(LIBSSH2_CHANNEL* ch) const { libssh2_channel_free(ch); }
};
using Channel = std::unique_ptr<LIBSSH2_CHANNEL, ChannelFree>;

}  // namespace

void upload(LIBSSH2_SESSION* session, const std::string& where, std::istream& in, uint64_t size, const std::string& remote,
            unsigned mode, const TransferOptions& opts) {
  Channel ch(libssh2_scp_send64(session, remote.c_str(), static_cast<int>(mode & 0777), static_cast<libssh2_int64_t>(size), 0, 0));
  if (!ch) throw CommError(fmt::format("ssh {}: scp upload to {}: {}", where, remote, libssh2_error(session)));
  std::vector<char> buf(kChunk);
  uint64_t done = 0;
  while (done < size) {
    in.read(buf.data(), static_cast<std::streamsize>(std::min<uint64_t>(buf.size(), size - done)));
    size_t n = static_cast<size_t>(in.gcount());
    if (n == 0) throw CommError(fmt::format("scp upload to {}: the source ended after {} of {} bytes", remote, done, size));
    for (size_t off = 0; off < n;) {
      ssize_t w = libssh2_channel_write(ch.get(), buf.data() + off, n - off);
      if (w < 0)
        throw CommError(fmt::format("ssh {}: scp upload to {} failed after {} of {} bytes: {}", where, remote, done + off, size,
                                    libssh2_error(session)));
      off += static_cast<size_t>(w);
    }
    done += n;
    if (opts.progress) opts.progress(done, size);
    opts.cancel.throw_if_cancelled();
  }
  // The SCP protocol ends a file with a zero byte from the sender (libssh2 leaves it to us); the
  // remote scp treats a missing one as a lost connection and exits with status 1.
  if (libssh2_channel_write(ch.get(), "", 1) != 1)
    throw CommError(fmt::format("ssh {}: scp upload to {}: {}", where, remote, libssh2_error(session)));
  if (libssh2_channel_send_eof(ch.get()) != 0 || libssh2_channel_wait_eof(ch.get()) != 0 ||
      libssh2_channel_wait_closed(ch.get()) != 0)
    throw CommError(fmt::format("ssh {}: scp upload to {}: {}", where, remote, libssh2_error(session)));
  if (int status = libssh2_channel_get_exit_status(ch.get()); status != 0)
    throw CommError(fmt::format("ssh {}: scp upload to {}: remote scp exited with status {}", where, remote, status));
}

void download(LIBSSH2_SESSION* session, const std::string& where, const std::string& remote,
              const std::filesystem::path& local, const TransferOptions& opts) {
  libssh2_struct_stat st{};
  Channel ch(libssh2_scp_recv2(session, remote.c_str(), &st));
  if (!ch) throw CommError(fmt::format("ssh {}: scp download of {}: {}", where, remote, libssh2_error(session)));
  std::ofstream out(local, std::ios::binary | std::ios::trunc);
  if (!out) throw CommError(fmt::format("download: cannot write {}", local.string()));
  uint64_t size = static_cast<uint64_t>(st.st_size), done = 0;
  std::vector<char> buf(kChunk);
  while (done < size) {
    ssize_t n = libssh2_channel_read(ch.get(), buf.data(), static_cast<size_t>(std::min<uint64_t>(buf.size(), size - done)));
    if (n < 0)
      throw CommError(fmt::format("ssh {}: scp download of {} failed after {} of {} bytes: {}", where, remote, done, size,
                                  libssh2_error(session)));
    if (n == 0 && libssh2_channel_eof(ch.get()))
      throw CommError(fmt::format("ssh {}: scp download of {} ended after {} of {} bytes", where, remote, done, size));
    out.write(buf.data(), n);
    done += static_cast<uint64_t>(n);
    if (opts.progress) opts.progress(done, size);
    opts.cancel.throw_if_cancelled();
  }
  out.close();
  std::filesystem::permissions(local, static_cast<std::filesystem::perms>(st.st_mode & 07777));
}

}  // namespace kiln::scp
