#include "postprocessors/checksum/checksum_post_processor.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "template/fix/deprecated_keys.hpp"
#include "util/digest.hpp"
#include "util/progress_throttle.hpp"

namespace kiln {

const Schema& ChecksumPostProcessor::schema() const {
  static const Schema schema{.fields = {
      {"checksum_types", FieldType::StringList, false, "md5 (default), sha1, sha224, sha256, sha384, sha512"},
      {"output", FieldType::String, false, "file name with {{.BuildName}} {{.BuilderType}} {{.ChecksumType}}", true},
  }, .deprecated = fix::deprecated_keys()};
  return schema;
}

void ChecksumPostProcessor::prepare(const Config& c, Problems& problems) {
  types_ = c.strings("checksum_types");
  if (types_.empty()) types_ = {"md5"};
  for (const auto& t : types_)
    if (!digest_supported(t))
      problems.add(c.pos("checksum_types"), c.path(), fmt::format("Unrecognized checksum type: {}", t));
  output_ = c.str("output", "packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum");
}

PostProcessResult ChecksumPostProcessor::post_process(PostProcessorContext& ctx, ArtifactPtr input) {
  namespace fs = std::filesystem;
  std::vector<std::vector<std::string>> sums;  // per artifact file, per type
  for (const auto& file : input->files()) {
    sums.push_back(file_digests(file, types_, ctx.cancel,
                                throttled([&](uint64_t done, uint64_t total) { ctx.ui.progress("checksum " + file, done, total); })));
  }
  auto artifact = std::make_shared<BasicArtifact>();
  artifact->builder_id_ = "packer.post-processor.checksum";
  artifact->files_ = input->files();  // as Packer: the input's files plus the checksum files
  for (size_t t = 0; t < types_.size(); ++t) {
    InterpContext interp = ctx.interp;
    interp.data = {{"BuildName", ctx.build_name}, {"BuilderType", ctx.build_type}, {"ChecksumType", types_[t]}};
    std::string out_path = interpolate(output_, interp);
    fs::path out(out_path);
    if (out.has_parent_path()) fs::create_directories(out.parent_path());
    std::ofstream f(out_path, std::ios::app);
    for (size_t i = 0; i < sums.size(); ++i)
      f << sums[i][t] << '\t' << fs::path(input->files()[i]).filename().string() << '\n';
    if (!f) throw Error(fmt::format("cannot write checksum file {}", out_path), ErrorCode::Build);
    if (std::find(artifact->files_.begin(), artifact->files_.end(), out_path) == artifact->files_.end())
      artifact->files_.push_back(out_path);
  }
  artifact->id_ = "";
  artifact->description_ = fmt::format("Created artifact from files: {}", fmt::join(artifact->files_, ", "));
  return {artifact, true, false};
}

}  // namespace kiln
