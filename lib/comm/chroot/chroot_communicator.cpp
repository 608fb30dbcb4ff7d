#include "comm/chroot/chroot_communicator.hpp"

#include <unistd.h>

#include <fstream>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "util/go_quote.hpp"
#include "util/shell_quote.hpp"

namespace kiln::chroot {

namespace fs = std::filesystem;

fs::path ChrootCommunicator::host_path(const std::string& remote) const {
  return (root_ / fs::path(remote).relative_path()).lexically_normal();
}

// As Packer: the command Go-quoted (so sh expands $ and ` inside it on the host side too).
int ChrootCommunicator::exec(const std::string& command, const OutputLineFn& on_output, const CancelToken& cancel) {
  return shell_.run(fmt::format("chroot {} /bin/sh -c {}", root_.string(), go_quote(command)), on_output, cancel);
}

// As Packer: the data goes to a host temporary file, which the wrapped `cp` copies into the chroot.
void ChrootCommunicator::upload(std::istream& in, uint64_t, const std::string& remote, const TransferOptions& opts) {
  std::string pattern = (fs::path(shell_.environment->temp_dir()) / "packer-amazon-chrootXXXXXX").string();
  int fd = mkstemp(pattern.data());
  if (fd < 0) throw CommError(fmt::format("upload: cannot create a temporary file in {}", shell_.environment->temp_dir()));
  close(fd);
  fs::path temp(pattern);
  struct Remove {
    fs::path p;
    ~Remove() {
      std::error_code ec;
      fs::remove(p, ec);
    }
  } remove{temp};
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << in.rdbuf();
    if (!out.flush()) throw CommError(fmt::format("upload: cannot write {}", temp.string()));
  }
  fs::permissions(temp, static_cast<fs::perms>(opts.mode.value_or(0644)));
  shell_.check(fmt::format("cp {} {}", shell_quote(temp.string()), shell_quote(host_path(remote).string())),
               fmt::format("upload of {} into the chroot failed", remote), opts.cancel);
  if (opts.progress) opts.progress(fs::file_size(host_path(remote)), fs::file_size(host_path(remote)));
}

void ChrootCommunicator::upload_file(const fs::path& local, const std::string& remote, const TransferOptions& opts) {
  std::ifstream in(local, std::ios::binary);
  if (!in) throw CommError(fmt::format("upload: cannot read {}", local.string()));
  TransferOptions with_mode = opts;
  if (!with_mode.mode) with_mode.mode = static_cast<unsigned>(fs::status(local).permissions() & fs::perms::mask);
  upload(in, fs::file_size(local), remote, with_mode);
}

// As Packer: `cp -R 'LOCAL/.' DEST`, so the directory's contents land in DEST.
void ChrootCommunicator::upload_dir(const fs::path& local, const std::string& remote, const TransferOptions& opts) {
  shell_.check(fmt::format("cp -R {} {}", shell_quote((local / ".").string()), shell_quote(host_path(remote).string())),
               fmt::format("upload of {} into the chroot failed", local.string()), opts.cancel);
}

void ChrootCommunicator::download_file(const std::string& remote, const fs::path& local, const TransferOptions& opts) {
  std::error_code ec;
  fs::copy_file(host_path(remote), local, fs::copy_options::overwrite_existing, ec);
  if (ec) throw CommError(fmt::format("download: {}: {}", remote, ec.message()));
  if (opts.progress) opts.progress(fs::file_size(local), fs::file_size(local));
}

void ChrootCommunicator::download_dir(const std::string& remote, const fs::path& local, const TransferOptions&) {
  std::error_code ec;
  fs::create_directories(local, ec);
  if (!ec)
    fs::copy(host_path(remote), local, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
  if (ec) throw CommError(fmt::format("download: {}: {}", remote, ec.message()));
}

}  // namespace kiln::chroot
