#include "postprocessors/compress/compress_post_processor.hpp"

#include <sched.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "codec/bgzf_writer.hpp"
#include "codec/go_tar_file_header.hpp"
#include "codec/go_tar_writer.hpp"
#include "codec/lz4_frame_writer.hpp"
#include "codec/pgzip_writer.hpp"
#include "codec/xz_writer.hpp"
#include "codec/zip_writer.hpp"
#include "postprocessors/compress/output_file.hpp"
#include "template/fix/deprecated_keys.hpp"
#include "util/progress_throttle.hpp"
#include "util/stream_compress.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;

enum class Container { None, Tar, Zip };
enum class Codec { None, Gzip, Zstd, Lz4, Bgzf, Xz };

struct Format {
  Container container = Container::None;
  Codec codec = Codec::None;
};

// The ".ext" parts of `name` (lower-case letters and digits), in order.
std::vector<std::string> extensions(const std::string& name) {
  std::vector<std::string> out;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] != '.') continue;
    size_t end = i + 1;
    while (end < name.size() && ((name[end] >= 'a' && name[end] <= 'z') || (name[end] >= '0' && name[end] <= '9'))) ++end;
    if (end == i + 1) continue;
    out.push_back(name.substr(i + 1, end - i - 1));
    i = end - 1;
  }
  return out;
}

// The template's own `archive` and `algorithm` (Packer 1.6.6 reads them, and the output's
// extensions then override what they name): unknown names are no archive, no compression.
Format format_named(const std::string& archive, const std::string& algorithm) {
  static const std::map<std::string, Codec> algorithms{
      {"pgzip", Codec::Gzip}, {"lz4", Codec::Lz4}, {"bgzf", Codec::Bgzf}, {"xz", Codec::Xz}};
  Format format;
  if (archive == "tar") format.container = Container::Tar;
  if (archive == "zip") format.container = Container::Zip;
  if (auto codec = algorithms.find(algorithm); codec != algorithms.end()) format.codec = codec->second;
  return format;
}

// Packer 1.6.6's choice from the output as written in the template (before interpolation, so
// "{{.BuildName}}" adds nothing): a "tar" before the last extension makes a tarball, a last
// "zip" or "tar" is the container itself, a known last extension is the compression, and
// anything else (no extension, ".tgz", ".img") means tar + gzip; what an extension does not
// decide stays as `named`. ".zst" is kiln's addition.
Format format_of(const std::string& name, Format named) {
  static const std::map<std::string, Codec> codecs{
      {"gz", Codec::Gzip}, {"lz4", Codec::Lz4}, {"bgzf", Codec::Bgzf}, {"xz", Codec::Xz}, {"zst", Codec::Zstd}};
  std::vector<std::string> ext = extensions(name);
  if (ext.empty()) return {Container::Tar, Codec::Gzip};
  Format format = named;
  if (ext.size() > 1 && ext[ext.size() - 2] == "tar") format.container = Container::Tar;
  if (ext.back() == "zip") return {Container::Zip, format.codec};
  if (ext.back() == "tar") return {Container::Tar, format.codec};
  if (auto codec = codecs.find(ext.back()); codec != codecs.end()) {
    format.codec = codec->second;
    return format;
  }
  return {Container::Tar, Codec::Gzip};
}

// Packer's gzip level: 0 ("not set") and -1 mean the default, above 9 means 9.
int gzip_level(int level) { return level == 0 ? -1 : std::min(level, 9); }

// Packer's lz4 level: -1 and 0 leave pierrec's default (the fast compressor), above 9 means 9.
int lz4_level(int level) { return std::clamp(level, 0, 9); }

// Reads `path` in large chunks and feeds `write` in the 32 KiB pieces of Go's io.Copy, as Packer
// does (BGZF blocks follow the writes that fill them); reports progress and honours cancel.
void stream_file(const std::string& path, const std::function<void(const char*, size_t)>& write,
                 const PostProcessorContext& ctx, const ProgressFn& report, uint64_t& done, uint64_t total) {
  constexpr size_t kGoCopyPiece = 32 * 1024;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read {}", path), ErrorCode::Build);
  std::vector<char> buf(32 * kGoCopyPiece);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto n = static_cast<size_t>(in.gcount());
    if (n == 0) break;
    for (size_t at = 0; at < n; at += kGoCopyPiece) write(buf.data() + at, std::min(kGoCopyPiece, n - at));
    done += n;
    report(done, total);
    ctx.cancel.throw_if_cancelled();
  }
}

// Packer's tar bytes: Go's archive/tar in GNU format, one member per file named by its base name,
// with the header tar.FileInfoHeader makes from the file's stat (symlinks followed) and zero times.
void write_tar(const std::vector<std::string>& files, StreamCompressor& out, const PostProcessorContext& ctx,
               const ProgressFn& report, uint64_t total) {
  codec::GoTarWriter tar([&](const char* d, size_t n) { out.write(d, n); });
  uint64_t done = 0;
  for (const auto& file : files) {
    struct stat st {};
    if (stat(file.c_str(), &st) != 0) throw Error(fmt::format("cannot read {}", file), ErrorCode::Build);
    codec::TarHeader header = codec::go_file_info_header(fs::path(file).filename().string(), st);
    try {
      tar.add_member(header);
    } catch (const Error& e) {
      throw Error(fmt::format("Failed to write tar header for {}: {}", file, e.what()), ErrorCode::Build);
    }
    auto write = [&](const char* d, size_t n) {
      try {
        tar.write(d, n);
      } catch (const Error& e) {  // the file grew since its stat, or the output failed
        throw Error(fmt::format("Failed to copy {} data to archive: {}", file, e.what()), ErrorCode::Build);
      }
    };
    stream_file(file, write, ctx, report, done, total);
  }
  tar.finish();
}

// Packer's zip bytes: Go's archive/zip, members named by the path as given, deflated at Go's
// level 5 whatever compression_level says.
void write_zip(const std::vector<std::string>& files, StreamCompressor& out, const PostProcessorContext& ctx,
               const ProgressFn& report, uint64_t total) {
  codec::ZipWriter zip([&](const char* d, size_t n) { out.write(d, n); });
  uint64_t done = 0;
  for (const auto& file : files) {
    zip.add_member(file);
    stream_file(file, [&](const char* d, size_t n) { zip.write(d, n); }, ctx, report, done, total);
  }
  zip.finish();
}

// What Packer 1.6.6 says before compressing: the algorithm with its core count, then the archive.
void say_plan(const Ui& ui, const Format& format, const std::vector<std::string>& files, const std::string& output) {
  cpu_set_t cpus;
  int cores = sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : 1;  // Go's GOMAXPROCS
  const char* algorithm = "";
  switch (format.codec) {
    case Codec::Gzip: algorithm = "pgzip"; break;
    case Codec::Bgzf: algorithm = "bgzf"; break;
    case Codec::Lz4: algorithm = "lz4"; break;
    case Codec::Zstd: algorithm = "zstd"; break;
    case Codec::Xz: ui.say(fmt::format("Using xz compression with 1 core for {} (library does not support MT)", output)); break;
    case Codec::None: break;
  }
  if (*algorithm) ui.say(fmt::format("Using {} compression with {} cores for {}", algorithm, cores, output));
  std::string compression = format.codec == Codec::None ? "no compression" : format.codec == Codec::Xz ? "xz" : algorithm;
  switch (format.container) {
    case Container::Tar: ui.say(fmt::format("Tarring {} with {}", output, compression)); break;
    case Container::Zip: ui.say(fmt::format("Zipping {}", output)); break;
    case Container::None: ui.say(fmt::format("Archiving {} with {}", files[0], compression)); break;
  }
}

}  // namespace

const Schema& CompressPostProcessor::schema() const {
  static const Schema schema{.fields = {
      {"output", FieldType::String, false, "archive path; its extension picks the format", true},
      {"compression_level", FieldType::Int, false, "1 (fast) to 9 (small); zstd up to 19; .zip ignores it, as Packer does"},
      {"format", FieldType::String, false, "extensions added to the output's to choose the format (the output path stays as it is)"},
      {"archive", FieldType::String, false, "tar or zip, where the output's extensions do not decide it (Packer 1.6.6)"},
      {"algorithm", FieldType::String, false, "pgzip, lz4, bgzf or xz, where the output's extensions do not decide it (Packer 1.6.6)"},
  }, .deprecated = fix::deprecated_keys()};
  return schema;
}

void CompressPostProcessor::prepare(const Config& c, Problems& problems) {
  output_ = c.str("output", "packer_{{.BuildName}}_{{.BuilderType}}");
  format_from_ = c.has("format") ? output_ + "." + c.str("format") : output_;
  archive_ = c.str("archive");
  algorithm_ = c.str("algorithm");
  level_ = static_cast<int>(c.integer("compression_level", -1));
  if (c.has("compression_level") && (level_ < -1 || level_ > 19))
    problems.add(c.pos("compression_level"), c.path(), "compression_level must be between -1 and 19");
}

PostProcessResult CompressPostProcessor::post_process(PostProcessorContext& ctx, ArtifactPtr input) {
  InterpContext interp = ctx.interp;
  interp.data = {{"BuildName", ctx.build_name}, {"BuilderType", ctx.build_type}};
  std::string output = interpolate(output_, interp);
  Format format = format_of(format_from_, format_named(archive_, algorithm_));
  std::vector<std::string> files = input->files();
  if (format.container == Container::None && files.size() != 1)
    throw Error(fmt::format("Can only have 1 input file when not using tar/zip: {} has {}", output, files.size()),
                ErrorCode::Build);
  uint64_t total = 0;
  for (const auto& f : files) total += fs::file_size(f);
  if (fs::path(output).has_parent_path()) fs::create_directories(fs::path(output).parent_path());
  OutputFile file(output, "compress");
  ByteSinkFn sink = [&](const char* d, size_t n) { file.write(d, n); };
  std::unique_ptr<StreamCompressor> out;
  switch (format.codec) {
    case Codec::Gzip: out = codec::make_pgzip_writer(sink, gzip_level(level_)); break;
    case Codec::Zstd: out = make_zstd(sink, level_); break;
    case Codec::Xz: out = codec::make_xz_writer(sink); break;  // Packer's xz takes no level
    case Codec::Lz4: out = codec::make_lz4_frame_writer(sink, lz4_level(level_)); break;
    case Codec::None: out = make_plain_writer(sink); break;
    case Codec::Bgzf: out = codec::make_bgzf_writer(sink, gzip_level(level_)); break;
  }
  say_plan(ctx.ui, format, files, output);
  ProgressFn report = throttled([&](uint64_t done, uint64_t all) { ctx.ui.progress("compressing", done, all); });
  try {
    if (format.container == Container::None) {
      uint64_t done = 0;
      stream_file(files[0], [&](const char* d, size_t n) { out->write(d, n); }, ctx, report, done, total);
    } else if (format.container == Container::Zip) {
      write_zip(files, *out, ctx, report, total);
    } else {
      write_tar(files, *out, ctx, report, total);
    }
    out->finish();
    file.close();
  } catch (...) {
    fs::remove(output);
    throw;
  }
  ctx.ui.say(fmt::format("Archive {} completed", output));
  auto artifact = std::make_shared<BasicArtifact>();
  artifact->builder_id_ = "packer.post-processor.compress";
  artifact->files_ = {output};
  artifact->description_ = fmt::format("compressed artifacts in: {}", output);
  return {artifact, false, false};
}

}  // namespace kiln
