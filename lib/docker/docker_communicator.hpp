// The "docker" communicator: commands through the exec API, files through the archive API (tar).
#pragma once

#include "docker/engine.hpp"
#include "kiln/communicator.hpp"

namespace kiln::docker {

class DockerCommunicator : public Communicator {
 public:
  DockerCommunicator(const Engine& engine, std::string container, std::string exec_user)
      : engine_(engine), container_(std::move(container)), user_(std::move(exec_user)) {}

  int exec(const std::string& command, const OutputLineFn& on_output, const CancelToken& cancel) override;
  void upload(std::istream& in, uint64_t size, const std::string& remote, const TransferOptions& opts) override;
  void upload_file(const std::filesystem::path& local, const std::string& remote, const TransferOptions& opts) override;
  void upload_dir(const std::filesystem::path& local, const std::string& remote, const TransferOptions& opts) override;
  void download_file(const std::string& remote, const std::filesystem::path& local, const TransferOptions& opts) override;
  void download_dir(const std::string& remote, const std::filesystem::path& local, const TransferOptions& opts) override;

 private:
  void put_tar(const std::string& dir, const std::string& tar, const TransferOptions& opts);
  std::string get_tar(const std::string& path, const TransferOptions& opts);

  const Engine& engine_;
  std::string container_;
  std::string user_;
};

}  // namespace kiln::docker
