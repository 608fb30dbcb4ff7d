#include "builders/file/file_builder.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "util/fd.hpp"

namespace kiln {
namespace {

void write_target(int fd, std::string_view data, const std::string& path) {
  if (int err = write_all(fd, data))
    throw Error(fmt::format("cannot write {}: {}", path, std::strerror(err)), ErrorCode::Build);
}

// Truncates or creates `path`; a new file gets `mode` (less the umask), an existing one keeps its
// own, as Go's os.Create (0666) and ioutil.WriteFile (0600) do in Packer's file builder.
Fd create_target(const std::string& path, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) throw Error(fmt::format("cannot create {}: {}", path, std::strerror(errno)), ErrorCode::Build);
  return Fd(fd);
}

uint64_t copy_into(const std::string& source, int out, const std::string& target) {
  Fd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0) throw Error(fmt::format("cannot read {}: {}", source, std::strerror(errno)), ErrorCode::Build);
  std::vector<char> buf(1 << 20);
  uint64_t total = 0;
  for (;;) {
    ssize_t n = ::read(in.fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(fmt::format("cannot read {}: {}", source, std::strerror(errno)), ErrorCode::Build);
    if (n == 0) return total;
    write_target(out, std::string_view(buf.data(), static_cast<size_t>(n)), target);
    total += static_cast<uint64_t>(n);
  }
}

}  // namespace

const Schema& FileBuilder::schema() const {
  static const Schema schema{{
      {"source", FieldType::String, false, "file to copy to target"},
      {"content", FieldType::String, false, "text to write to target"},
      {"target", FieldType::String, false, "the file to create (required)"},
  }};
  return schema;
}

void FileBuilder::prepare(const Config& c, Problems& problems) {
  source_ = c.str("source");
  content_ = c.str("content");
  target_ = c.str("target");
  if (target_.empty()) problems.add(c.object().pos(), c.path(), "target required");
  if (source_.empty() && content_.empty()) problems.warn("Both source file and contents are blank; target will have no content");
  if (!source_.empty() && !content_.empty())
    problems.add(c.object().pos(), c.path(), "Only one of source or content may be specified");
  std::error_code unreadable;  // a path that cannot even be stat'ed (too long, no permission) counts as missing
  if (!source_.empty() && !std::filesystem::is_regular_file(source_, unreadable))
    problems.add(c.pos("source"), c.path(), fmt::format("Unable to read source file {}", source_));
}

ArtifactPtr FileBuilder::run(BuilderContext& ctx) {
  namespace fs = std::filesystem;
  fs::path target(target_);
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  if (!source_.empty()) {
    ctx.ui.say(fmt::format("Copying {} to {}", source_, target_));
    Fd out = create_target(target_, 0666);
    ctx.ui.say(fmt::format("Copied {} bytes", copy_into(source_, out.fd, target_)));
  } else {
    Fd out = create_target(target_, 0600);
    write_target(out.fd, content_, target_);
  }
  ctx.hook->run_provisioners(nullptr);  // Packer's file builder runs the hook itself, not a provisioning step
  auto artifact = std::make_shared<BasicArtifact>();
  artifact->builder_id_ = "packer.file";
  artifact->id_ = "File";
  artifact->description_ = "Stored file: " + target_;
  artifact->files_ = {target_};
  return artifact;
}

}  // namespace kiln
