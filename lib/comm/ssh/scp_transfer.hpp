// Single-file transfers over SCP (libssh2's scp_send/scp_recv), for servers without SFTP and
// templates that ask for ssh_file_transfer_method "scp".
#pragma once

#include <libssh2.h>

#include <cstdint>
#include <filesystem>
#include <istream>
#include <string>

#include "kiln/communicator.hpp"

namespace kiln::scp {

// Sends `size` bytes from `in` as the remote file `remote` with `mode`. `where` names the
// connection in errors ("user@host:port"). Throws CommError, or Cancelled from opts.cancel.
void upload(LIBSSH2_SESSION* session, const std::string& where, std::istream& in, uint64_t size, const std::string& remote,
            unsigned mode, const TransferOptions& opts);
// Receives the remote file into `local`, keeping its mode.
void download(LIBSSH2_SESSION* session, const std::string& where, const std::string& remote,
              const std::filesystem::path& local, const TransferOptions& opts);

}  // namespace kiln::scp
