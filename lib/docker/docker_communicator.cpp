#include "docker/docker_communicator.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "util/libarchive_api.hpp"

namespace kiln::docker {
namespace {

namespace fs = std::filesystem;

// Builds a tar archive in memory from (name in archive, local path or contents, mode) entries.
class TarWriter {
 public:
  TarWriter() : a_(libarchive().write_new()) {
    libarchive().write_set_format_pax_restricted(a_);
    libarchive().write_open(a_, &out_, nullptr, &TarWriter::write_cb, nullptr);
  }
  ~TarWriter() { libarchive().write_free(a_); }
  void add_data(const std::string& name, const std::string& data, unsigned mode) {
    archive_entry* e = libarchive().entry_new();
    libarchive().entry_set_pathname(e, name.c_str());
    libarchive().entry_set_filetype(e, AE_IFREG);
    libarchive().entry_set_perm(e, mode);
    libarchive().entry_set_size(e, static_cast<la_int64_t>(data.size()));
    libarchive().entry_set_mtime(e, std::time(nullptr), 0);
    libarchive().write_header(a_, e);
    libarchive().write_data(a_, data.data(), data.size());
    libarchive().entry_free(e);
  }
  void add_dir(const std::string& name, unsigned mode) {
    archive_entry* e = libarchive().entry_new();
    libarchive().entry_set_pathname(e, name.c_str());
    libarchive().entry_set_filetype(e, AE_IFDIR);
    libarchive().entry_set_perm(e, mode);
    libarchive().entry_set_mtime(e, std::time(nullptr), 0);
    libarchive().write_header(a_, e);
    libarchive().entry_free(e);
  }
  std::string finish() {
    libarchive().write_close(a_);
    return std::move(out_);
  }

 private:
  static la_ssize_t write_cb(archive*, void* client, const void* buffer, size_t length) {
    static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
    return static_cast<la_ssize_t>(length);
  }
  archive* a_;
  std::string out_;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw CommError(fmt::format("upload: cannot read {}", p.string()));
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

unsigned perms_of(const fs::path& p) { return static_cast<unsigned>(fs::status(p).permissions() & fs::perms::mask); }

// Extracts a tar held in memory: each entry's path relative to its top directory is passed to `sink`.
void read_tar(const std::string& tar, const std::function<void(const std::string&, bool, unsigned, const std::string&)>& sink) {
  archive* a = libarchive().read_new();
  libarchive().read_support_format_tar(a);
  if (libarchive().read_open_memory(a, tar.data(), tar.size()) != ARCHIVE_OK) {
    libarchive().read_free(a);
    throw CommError("download: the engine sent an unreadable archive");
  }
  archive_entry* e;
  while (libarchive().read_next_header(a, &e) == ARCHIVE_OK) {
    std::string data;
    char buf[65536];
    for (la_ssize_t n; (n = libarchive().read_data(a, buf, sizeof buf)) > 0;) data.append(buf, static_cast<size_t>(n));
    sink(libarchive().entry_pathname(e), libarchive().entry_filetype(e) == AE_IFDIR, libarchive().entry_perm(e), data);
  }
  libarchive().read_free(a);
}

}  // namespace

int DockerCommunicator::exec(const std::string& command, const OutputLineFn& on_output, const CancelToken& cancel) {
  return engine_.exec(container_, {"/bin/sh", "-c", command}, user_, on_output, cancel);
}

void DockerCommunicator::put_tar(const std::string& dir, const std::string& tar, const TransferOptions& opts) {
  engine_.checked("PUT", fmt::format("/containers/{}/archive?path={}", container_, url_encode(dir)), {}, opts.cancel, {},
                  &tar, "application/x-tar");
  if (opts.progress) opts.progress(tar.size(), tar.size());
}

std::string DockerCommunicator::get_tar(const std::string& path, const TransferOptions& opts) {
  return engine_.checked("GET", fmt::format("/containers/{}/archive?path={}", container_, url_encode(path)), {}, opts.cancel)
      .body;
}

void DockerCommunicator::upload(std::istream& in, uint64_t, const std::string& remote, const TransferOptions& opts) {
  std::stringstream data;
  data << in.rdbuf();
  fs::path target(remote);
  TarWriter tar;
  tar.add_data(target.filename().string(), data.str(), opts.mode.value_or(0644));
  put_tar(target.parent_path().empty() ? "/" : target.parent_path().string(), tar.finish(), opts);
}

void DockerCommunicator::upload_file(const fs::path& local, const std::string& remote, const TransferOptions& opts) {
  fs::path target(remote);
  TarWriter tar;
  tar.add_data(target.filename().string(), read_file(local), opts.mode.value_or(perms_of(local)));
  put_tar(target.parent_path().empty() ? "/" : target.parent_path().string(), tar.finish(), opts);
}

void DockerCommunicator::upload_dir(const fs::path& local, const std::string& remote, const TransferOptions& opts) {
  if (exec("mkdir -p '" + remote + "'", {}, opts.cancel) != 0)
    throw CommError(fmt::format("upload: cannot create {} in the container", remote));
  TarWriter tar;
  for (auto it = fs::recursive_directory_iterator(local); it != fs::recursive_directory_iterator(); ++it) {
    std::string name = fs::relative(it->path(), local).generic_string();
    if (it->is_directory()) tar.add_dir(name, perms_of(it->path()));
    else if (it->is_regular_file()) tar.add_data(name, read_file(it->path()), perms_of(it->path()));
  }
  put_tar(remote, tar.finish(), opts);
}

void DockerCommunicator::download_file(const std::string& remote, const fs::path& local, const TransferOptions& opts) {
  bool written = false;
  read_tar(get_tar(remote, opts), [&](const std::string&, bool is_dir, unsigned mode, const std::string& data) {
    if (is_dir || written) return;
    std::ofstream(local, std::ios::binary | std::ios::trunc) << data;
    fs::permissions(local, static_cast<fs::perms>(mode));
    written = true;
  });
  if (!written) throw CommError(fmt::format("download: {} is not a file in the container", remote));
}

void DockerCommunicator::download_dir(const std::string& remote, const fs::path& local, const TransferOptions& opts) {
  fs::create_directories(local);
  read_tar(get_tar(remote, opts), [&](const std::string& path, bool is_dir, unsigned mode, const std::string& data) {
    auto slash = path.find('/');  // entries are prefixed with the directory's own name
    if (slash == std::string::npos) return;
    fs::path target = local / path.substr(slash + 1);
    if (is_dir) {
      fs::create_directories(target);
      return;
    }
    fs::create_directories(target.parent_path());
    std::ofstream(target, std::ios::binary | std::ios::trunc) << data;
    fs::permissions(target, static_cast<fs::perms>(mode));
  });
}

}  // namespace kiln::docker
