#include "postprocessors/artifice/artifice_post_processor.hpp"

#include <filesystem>

#include <fmt/format.h>

namespace kiln {

const Schema& ArtificePostProcessor::schema() const {
  static const Schema schema{{{"files", FieldType::StringList, true, "the files that become the artifact"}}};
  return schema;
}

void ArtificePostProcessor::prepare(const Config& c, Problems& problems) {
  files_ = c.strings("files");
  if (c.has("files") && files_.empty()) problems.add(c.pos("files"), c.path(), "No files specified in artifice configuration");
}

PostProcessResult ArtificePostProcessor::post_process(PostProcessorContext& ctx, ArtifactPtr) {
  for (const auto& f : files_)
    if (!std::filesystem::exists(f)) throw Error(fmt::format("artifice: file {} does not exist", f), ErrorCode::Build);
  ctx.ui.say(fmt::format("Using these artifact files: {}", fmt::join(files_, ", ")));
  auto artifact = std::make_shared<BasicArtifact>();
  artifact->builder_id_ = "packer.post-processor.artifice";
  artifact->files_ = files_;
  artifact->id_ = files_.empty() ? "" : files_.front();
  artifact->description_ = fmt::format("Created artifact from files: {}", fmt::join(files_, ", "));
  return {artifact, true, false};
}

}  // namespace kiln
