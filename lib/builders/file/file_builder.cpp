#include "builders/file/file_builder.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace kiln {

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
  if (!source_.empty() && !content_.empty())
    problems.add(c.object().pos(), c.path(), "Only one of source or content may be specified");
  if (!source_.empty() && !std::filesystem::is_regular_file(source_))
    problems.add(c.pos("source"), c.path(), fmt::format("Unable to read source file {}", source_));
}

ArtifactPtr FileBuilder::run(BuilderContext& ctx) {
  namespace fs = std::filesystem;
  fs::path target(target_);
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  if (!source_.empty()) {
    ctx.ui.say(fmt::format("Copying {} to {}", source_, target_));
    fs::copy_file(source_, target, fs::copy_options::overwrite_existing);
  } else {
    ctx.ui.say(fmt::format("Writing to {}", target_));
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out << content_;
    if (!out) throw Error(fmt::format("cannot write {}", target_), ErrorCode::Build);
  }
  ctx.hook->provision(nullptr);
  auto artifact = std::make_shared<BasicArtifact>();
  artifact->builder_id_ = "packer.file";
  artifact->id_ = "File";
  artifact->description_ = "Stored file: " + target_;
  artifact->files_ = {target_};
  return artifact;
}

}  // namespace kiln
