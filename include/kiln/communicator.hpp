// How provisioners reach the machine being built: ssh, docker exec, or (for tests) local.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include "kiln/cancel.hpp"

namespace kiln {

// One line of a command's output, without its newline. `is_stderr` tells the stream.
using OutputLineFn = std::function<void(std::string_view line, bool is_stderr)>;
// Progress of a transfer: bytes done so far and the total (0 when unknown).
using ProgressFn = std::function<void(uint64_t done, uint64_t total)>;

struct TransferOptions {
  CancelToken cancel;
  ProgressFn progress;               // may be empty
  std::optional<unsigned> mode;      // file mode for uploads; default 0644 (or the source's mode)
};

class Communicator {
 public:
  virtual ~Communicator() = default;

  // Runs `command` through the remote shell, streaming output line by line.
  // Returns the exit status. Throws CommError when the connection drops or the command is
  // killed by a signal (the message says which), Cancelled when `cancel` fires.
  virtual int exec(const std::string& command, const OutputLineFn& on_output, const CancelToken& cancel) = 0;

  // Uploads `size` bytes read from `in` to the remote file `remote` (created or truncated).
  virtual void upload(std::istream& in, uint64_t size, const std::string& remote, const TransferOptions& opts) = 0;
  // Uploads a local file, keeping its mode unless opts.mode is set.
  virtual void upload_file(const std::filesystem::path& local, const std::string& remote,
                           const TransferOptions& opts) = 0;
  // Uploads the *contents* of local directory `local` into remote directory `remote`
  // (created when missing), recursively, keeping file modes.
  virtual void upload_dir(const std::filesystem::path& local, const std::string& remote,
                          const TransferOptions& opts) = 0;
  // Downloads the remote file to `local` (created or truncated).
  virtual void download_file(const std::string& remote, const std::filesystem::path& local,
                             const TransferOptions& opts) = 0;
  // Downloads the *contents* of remote directory `remote` into local directory `local`.
  virtual void download_dir(const std::string& remote, const std::filesystem::path& local,
                            const TransferOptions& opts) = 0;
};

}  // namespace kiln
