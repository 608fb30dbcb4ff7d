#include "postprocessors/artifice/artifice_post_processor.hpp"

#include <sys/stat.h>

#include <cstring>

#include <fmt/format.h>

#include "template/fix/deprecated_keys.hpp"
#include "util/go_glob.hpp"

namespace kiln {
namespace {

// Each entry expanded as Packer 1.6.6's artifice does (Go's filepath.Glob); every match must be stat-able.
std::vector<std::string> expand(const std::string& pattern) {
  std::vector<std::string> files;
  try {
    files = go_glob(pattern);
  } catch (const Error& e) {
    throw Error(e.what(), ErrorCode::Build);
  }
  for (const auto& file : files) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0)
      throw Error(fmt::format("artifice: stat {}: {}", file, std::strerror(errno)), ErrorCode::Build);
  }
  return files;
}

}  // namespace

const Schema& ArtificePostProcessor::schema() const {
  static const Schema schema{.fields = {{"files", FieldType::StringList, true, "the files that become the artifact"}},
                             .deprecated = fix::deprecated_keys()};
  return schema;
}

void ArtificePostProcessor::prepare(const Config& c, Problems& problems) {
  files_ = c.strings("files");
  if (c.has("files") && files_.empty()) problems.add(c.pos("files"), c.path(), "No files specified in artifice configuration");
}

PostProcessResult ArtificePostProcessor::post_process(PostProcessorContext& ctx, ArtifactPtr input) {
  if (!input->files().empty())
    ctx.ui.say(fmt::format("Discarding files from artifact: {}", fmt::join(input->files(), ", ")));
  std::vector<std::string> files;
  for (const auto& pattern : files_) {
    std::vector<std::string> matches = expand(pattern);
    files.insert(files.end(), matches.begin(), matches.end());
  }
  ctx.ui.say(fmt::format("Using these artifact files: {}", fmt::join(files, ", ")));
  auto artifact = std::make_shared<BasicArtifact>();
  artifact->builder_id_ = "packer.post-processor.artifice";
  artifact->files_ = files;
  artifact->description_ = fmt::format("Created artifact from files: {}", fmt::join(files, ", "));
  return {artifact, true, false};
}

}  // namespace kiln
