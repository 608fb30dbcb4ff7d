// The "chroot" communicator of Packer's chroot builders: commands run through the host's `chroot`
// into a mounted root (wrapped by command_wrapper), files are copied in with the host's `cp` and
// read straight from the mount.
#pragma once

#include "comm/chroot/host_shell.hpp"
#include "kiln/communicator.hpp"

namespace kiln::chroot {

class ChrootCommunicator : public Communicator {
 public:
  ChrootCommunicator(std::filesystem::path root, HostShell shell) : root_(std::move(root)), shell_(std::move(shell)) {}

  int exec(const std::string& command, const OutputLineFn& on_output, const CancelToken& cancel) override;
  void upload(std::istream& in, uint64_t size, const std::string& remote, const TransferOptions& opts) override;
  void upload_file(const std::filesystem::path& local, const std::string& remote, const TransferOptions& opts) override;
  void upload_dir(const std::filesystem::path& local, const std::string& remote, const TransferOptions& opts) override;
  void download_file(const std::string& remote, const std::filesystem::path& local, const TransferOptions& opts) override;
  void download_dir(const std::string& remote, const std::filesystem::path& local, const TransferOptions& opts) override;

 private:
  // `remote` (a path inside the chroot) as a host path under the mount.
  std::filesystem::path host_path(const std::string& remote) const;

  std::filesystem::path root_;
  HostShell shell_;
};

}  // namespace kiln::chroot
