#include "builders/null/null_builder.hpp"

#include <fmt/format.h>

namespace kiln {

const Schema& NullBuilder::schema() const {
  static const Schema schema{{
      {"communicator", FieldType::String, false, "\"none\" (default \"ssh\")"},
  }};
  return schema;
}

void NullBuilder::prepare(const Config& config, Problems& problems) {
  communicator_ = config.str("communicator", "ssh");
  if (communicator_ != "none")
    problems.add(config.pos("communicator"), config.path(),
                 fmt::format("communicator \"{}\" is not supported by the null builder yet; use \"none\"", communicator_));
}

ArtifactPtr NullBuilder::run(BuilderContext& ctx) {
  ctx.hook->provision(nullptr);
  auto artifact = std::make_shared<BasicArtifact>();
  artifact->builder_id_ = "fnoeding.null";
  artifact->id_ = "Null";
  artifact->description_ = "Did not export anything. This is the null builder";
  artifact->on_destroy = [] {};
  return artifact;
}

}  // namespace kiln
