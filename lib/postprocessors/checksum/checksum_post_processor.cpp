#include "postprocessors/checksum/checksum_post_processor.hpp"

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
  // As Packer 1.6.6: the input's files plus each checksum file this run created (one that was there
  // before is appended to, not listed); no input files, no checksum file.
  artifact->files_ = input->files();
  for (size_t t = 0; t < types_.size() && !sums.empty(); ++t) {
    InterpContext interp = ctx.interp;
    interp.data = {{"BuildName", ctx.build_name}, {"BuilderType", ctx.build_type}, {"ChecksumType", types_[t]}};
    std::string out_path = interpolate(output_, interp);
    fs::path out(out_path);
    if (!fs::exists(out)) artifact->files_.push_back(out_path);
    if (out.has_parent_path()) fs::create_directories(out.parent_path());
    std::ofstream f(out_path, std::ios::app);
    for (size_t i = 0; i < sums.size(); ++i)
      f << sums[i][t] << '\t' << fs::path(input->files()[i]).filename().string() << '\n';
    if (!f) throw Error(fmt::format("cannot write checksum file {}", out_path), ErrorCode::Build);
  }
  artifact->id_ = "";
  artifact->description_ = fmt::format("Created artifact from files: {}", fmt::join(artifact->files_, ", "));
  // keep, and forced: keep_input_artifact=false cannot delete the files just checksummed (Packer's answer too)
  return {artifact, true, true};
}

}  // namespace kiln
