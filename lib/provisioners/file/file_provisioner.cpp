#include "provisioners/file/file_provisioner.hpp"

#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "template/fix/deprecated_keys.hpp"
#include "util/progress_throttle.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;

std::string base_name(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return fs::path(path).filename().string();
}

}  // namespace

const Schema& FileProvisioner::schema() const {
  static const Schema schema{.fields = {
      {"source", FieldType::String}, {"sources", FieldType::StringList}, {"content", FieldType::String},
      {"destination", FieldType::String, true}, {"direction", FieldType::String, false, "upload (default) or download"},
      {"generated", FieldType::Bool, false, "the source is created during the build"},
  }, .deprecated = fix::deprecated_keys()};
  return schema;
}

void FileProvisioner::prepare(const Config& c, Problems& problems) {
  sources_ = c.strings("sources");
  if (c.has("source")) sources_.insert(sources_.begin(), c.str("source"));
  if (c.has("content")) content_ = c.str("content");
  destination_ = c.str("destination");
  std::string direction = c.str("direction", "upload");
  download_ = direction == "download";
  if (direction != "upload" && direction != "download")
    problems.add(c.pos("direction"), c.path(), "Direction must be one of: download, upload.");
  if (sources_.empty() && !content_) problems.add(c.object().pos(), c.path(), "Source must be specified.");
  if (!sources_.empty() && content_) problems.add(c.object().pos(), c.path(), "Cannot specify both source and content.");
  if (c.has("destination") && destination_.empty()) problems.add(c.pos("destination"), c.path(), "Destination must be specified.");
  std::error_code unreadable;  // a path that cannot even be stat'ed (too long, no permission) counts as missing
  if (!download_ && !c.boolean("generated"))
    for (const auto& s : sources_)
      if (!fs::exists(s, unreadable)) problems.add(c.pos(c.has("source") ? "source" : "sources"), c.path(), fmt::format("Bad source '{}': no such file or directory", s));
  if (download_ && content_) problems.add(c.pos("content"), c.path(), "content cannot be downloaded");
}

void FileProvisioner::provision(ProvisionerContext& ctx) {
  if (!ctx.comm) throw Error("the file provisioner needs a communicator; this build has communicator \"none\"", ErrorCode::Build);
  TransferOptions opts{ctx.cancel, {}, std::nullopt};
  if (content_) {
    ctx.ui.say(fmt::format("Uploading content to {}", destination_));
    std::istringstream in(*content_);
    ctx.comm->upload(in, content_->size(), destination_, opts);
    return;
  }
  for (const auto& src : sources_) {
    // Packer's rules: a trailing "/" on a directory source copies its contents, otherwise the
    // directory itself; a trailing "/" on the destination puts the file inside it.
    std::string dst = destination_;
    if (download_) {
      ctx.ui.say(fmt::format("Downloading {} => {}", src, dst));
      opts.progress = throttled([&, src](uint64_t done, uint64_t total) { ctx.ui.progress("download " + src, done, total); });
      // As Packer: the local destination directory (or a file destination's parent) is created.
      fs::path dir = dst.ends_with("/") ? fs::path(dst) : fs::path(dst).parent_path();
      if (!dir.empty()) fs::create_directories(dir);
      if (src.ends_with("/")) {
        ctx.comm->download_dir(src, dst, opts);
      } else {
        if (dst.ends_with("/") || fs::is_directory(dst)) dst = (fs::path(dst) / base_name(src)).string();
        ctx.comm->download_file(src, dst, opts);
      }
      continue;
    }
    ctx.ui.say(fmt::format("Uploading {} => {}", src, dst));
    opts.progress = throttled([&, src](uint64_t done, uint64_t total) { ctx.ui.progress("upload " + src, done, total); });
    if (!fs::exists(src)) throw Error(fmt::format("Bad source '{}': no such file or directory", src), ErrorCode::Build);
    if (fs::is_directory(src)) {
      if (!src.ends_with("/")) dst = (dst.ends_with("/") ? dst : dst + "/") + base_name(src);
      ctx.comm->upload_dir(src, dst, opts);
    } else {
      if (dst.ends_with("/")) dst += base_name(src);
      ctx.comm->upload_file(src, dst, opts);
    }
  }
}

}  // namespace kiln
