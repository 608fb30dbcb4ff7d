#include "postprocessors/vagrant/box_writer.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "codec/go_tar_file_header.hpp"
#include "codec/go_tar_writer.hpp"
#include "codec/pgzip_writer.hpp"
#include "postprocessors/compress/output_file.hpp"
#include "util/progress_throttle.hpp"

namespace kiln::vagrant {
namespace {

namespace fs = std::filesystem;

struct BoxMember {
  std::string path;  // on disk
  std::string name;  // in the box
  struct stat st;
};

// filepath.Walk's order: each directory's entries sorted by name, a directory's contents right after it.
void collect_box_members(const std::string& dir, const std::string& prefix, std::vector<BoxMember>& out) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    BoxMember m{dir + "/" + name, prefix + name, {}};
    if (::lstat(m.path.c_str(), &m.st) != 0) throw Error(fmt::format("cannot read {}", m.path), ErrorCode::Build);
    if (S_ISDIR(m.st.st_mode)) {
      collect_box_members(m.path, m.name + "/", out);
    } else {
      out.push_back(std::move(m));
    }
  }
}

void write_box_members(const std::vector<BoxMember>& members, StreamCompressor& out, const PostProcessorContext& ctx,
                       bool announce) {
  uint64_t total = 0, done = 0;
  for (const auto& m : members) total += static_cast<uint64_t>(m.st.st_size);
  ProgressFn report = throttled([&](uint64_t now, uint64_t all) { ctx.ui.progress("vagrant box", now, all); });
  codec::GoTarWriter tar([&](const char* d, size_t n) { out.write(d, n); });
  std::vector<char> buf(1 << 20);
  for (const auto& m : members) {
    if (announce) ctx.ui.message(fmt::format("Compressing: {}", m.name));
    tar.add_member(codec::go_file_info_header(m.name, m.st));
    std::ifstream in(m.path, std::ios::binary);
    if (!in) throw Error(fmt::format("cannot read {}", m.path), ErrorCode::Build);
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      auto n = static_cast<size_t>(in.gcount());
      if (n == 0) break;
      tar.write(buf.data(), n);
      done += n;
      if (announce) report(done, total);
      ctx.cancel.throw_if_cancelled();
    }
  }
  tar.finish();
}

void check_box_compression_level(int64_t level) {
  if (level < -2 || level > 9) throw Error("Invalid compression level. Expected an integer from -1 to 9.", ErrorCode::Build);
  if (level == -2)
    throw Error("compression_level -2 (Huffman-only) is not supported by kiln; use -1 to 9", ErrorCode::Build);
}

}  // namespace

void write_box(const std::string& dir, const std::string& output, int64_t level, const PostProcessorContext& ctx,
               bool announce) {
  if (level != 0) check_box_compression_level(level);
  std::vector<BoxMember> members;
  collect_box_members(dir, "", members);
  fs::path parent = fs::path(output).parent_path();
  std::error_code ec;
  if (!parent.empty() && !fs::create_directories(parent, ec) && ec)
    throw Error(fmt::format("vagrant: cannot create directory {}: {}", parent.string(), ec.message()), ErrorCode::Build);
  OutputFile file(output, "vagrant");
  try {
    ByteSinkFn sink = [&](const char* d, size_t n) { file.write(d, n); };
    std::unique_ptr<StreamCompressor> out = level == 0 ? make_plain_writer(sink) : codec::make_pgzip_writer(sink, static_cast<int>(level));
    write_box_members(members, *out, ctx, announce);
    out->finish();
    file.close();
  } catch (...) {
    fs::remove(output, ec);
    throw;
  }
}

}  // namespace kiln::vagrant
