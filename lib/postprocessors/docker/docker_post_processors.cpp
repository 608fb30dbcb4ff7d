#include "postprocessors/docker/docker_post_processors.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <rapidjson/document.h>

#include "docker/engine.hpp"
#include "template/fix/deprecated_keys.hpp"

namespace kiln {
namespace {

const char* const kImportId = "packer.post-processor.docker-import";
const char* const kTagId = "packer.post-processor.docker-tag";

// The image an artifact names: a commit's image id, or an imported/tagged "repo:tag". The docker
// builder's commits carry docker-import's id, as in Packer.
std::string image_of(const Artifact& a, const char* who) {
  std::string b = a.builder_id();
  if (b == "packer.docker")
    throw Error(fmt::format("{}: the docker builder's export_path artifact is a tar file, not an image: "
                            "run docker-import on it first", who), ErrorCode::Build);
  if (b != kImportId && b != kTagId)
    throw Error(fmt::format("{}: unknown artifact type {}: can only handle docker-import, docker-tag and docker "
                            "builder (commit) artifacts", who, b), ErrorCode::Build);
  return a.id();
}

// docker-tag records the names it made under "docker_tags", one per line, for docker-push.
std::vector<std::string> docker_tags(const Artifact& a) {
  std::vector<std::string> tags;
  std::istringstream in(a.state("docker_tags"));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) tags.push_back(line);
  return tags;
}

std::shared_ptr<BasicArtifact> image_artifact(const docker::Engine& engine, const char* builder_id,
                                              const std::string& id, const std::vector<std::string>& tags = {}) {
  auto a = std::make_shared<BasicArtifact>();
  a->builder_id_ = builder_id;
  a->id_ = id;
  if (!tags.empty()) a->state_["docker_tags"] = fmt::format("{}", fmt::join(tags, "\n"));
  a->description_ = fmt::format("Imported Docker image: {}", id);
  a->on_destroy = [id, host = engine.host()] {
    docker::Engine(host).checked("DELETE", "/images/" + docker::url_encode(id) + "?force=true");
  };
  return a;
}

}  // namespace

const Schema& DockerImportPostProcessor::schema() const {
  static const Schema s{.fields = {{"repository", FieldType::String, true}, {"tag", FieldType::String},
                                   {"changes", FieldType::StringList}},
                        .deprecated = fix::deprecated_keys({"login_email"})};
  return s;
}

void DockerImportPostProcessor::prepare(const Config& c, Problems&) {
  repository_ = c.str("repository");
  tag_ = c.str("tag");
  changes_ = c.strings("changes");
}

PostProcessResult DockerImportPostProcessor::post_process(PostProcessorContext& ctx, ArtifactPtr input) {
  if (input->files().size() != 1)
    throw Error(fmt::format("docker-import: needs one exported tar file, the artifact has {}", input->files().size()),
                ErrorCode::Build);
  std::ifstream in(input->files()[0], std::ios::binary);
  std::string tar((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string name = tag_.empty() ? repository_ : repository_ + ":" + tag_;
  ctx.ui.say(fmt::format("Importing image: {}", name));
  // The tag goes in `repo` ("The repo may include a tag"): Podman ignores the separate `tag`.
  std::string query = "/images/create?fromSrc=-&repo=" + docker::url_encode(name);
  for (const auto& change : changes_) query += "&changes=" + docker::url_encode(change);
  docker::Engine engine(*ctx.environment);
  engine.checked("POST", query, {}, ctx.cancel, {}, &tar, "application/x-tar");
  return {image_artifact(engine, kImportId, name), false, false};
}

const Schema& DockerTagPostProcessor::schema() const {
  static const Schema s{.fields = {{"repository", FieldType::String, true}, {"tag", FieldType::StringList},
                                   {"tags", FieldType::StringList}, {"force", FieldType::Bool}},
                        .deprecated = fix::deprecated_keys()};
  return s;
}

void DockerTagPostProcessor::prepare(const Config& c, Problems&) {
  repository_ = c.str("repository");
  tags_ = c.strings("tag");
  for (const auto& t : c.strings("tags")) tags_.push_back(t);
  force_ = c.boolean("force");
}

PostProcessResult DockerTagPostProcessor::post_process(PostProcessorContext& ctx, ArtifactPtr input) {
  std::string image = image_of(*input, "docker-tag");
  docker::Engine engine(*ctx.environment);
  std::vector<std::string> tags = tags_.empty() ? std::vector<std::string>{""} : tags_;
  std::string last;
  std::vector<std::string> named;
  for (const auto& tag : tags) {
    last = tag.empty() ? repository_ : repository_ + ":" + tag;
    if (!tag.empty()) named.push_back(last);
    ctx.ui.say(fmt::format("Tagging image: {}", image));
    ctx.ui.message(fmt::format("Repository: {}", last));
    std::string query = "/images/" + docker::url_encode(image) + "/tag?repo=" + docker::url_encode(repository_);
    if (!tag.empty()) query += "&tag=" + docker::url_encode(tag);
    engine.checked("POST", query, {}, ctx.cancel);
  }
  // The tagged image is the same image: keep the input so it is not deleted under the tag.
  return {image_artifact(engine, kTagId, last, named), true, true};
}

const Schema& DockerSavePostProcessor::schema() const {
  static const Schema s{.fields = {{"path", FieldType::String, true}}, .deprecated = fix::deprecated_keys()};
  return s;
}

void DockerSavePostProcessor::prepare(const Config& c, Problems&) { path_ = c.str("path"); }

PostProcessResult DockerSavePostProcessor::post_process(PostProcessorContext& ctx, ArtifactPtr input) {
  std::string image = image_of(*input, "docker-save");
  ctx.ui.say(fmt::format("Saving image {} to {}", image, path_));
  std::ofstream out(path_, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(fmt::format("docker-save: cannot write {}", path_), ErrorCode::Build);
  docker::Engine(*ctx.environment).checked("GET", "/images/" + docker::url_encode(image) + "/get", {}, ctx.cancel,
                           [&](const char* d, size_t n) { out.write(d, static_cast<std::streamsize>(n)); });
  auto a = std::make_shared<BasicArtifact>();
  a->builder_id_ = "packer.post-processor.docker-save";
  a->id_ = image;
  a->files_ = {path_};
  a->description_ = fmt::format("Saved Docker image {} to {}", image, path_);
  return {a, true, false};
}

const Schema& DockerPushPostProcessor::schema() const {
  static const Schema s{.fields = docker::RegistryAccess::fields(),
                        .deprecated = fix::deprecated_keys({"login_email"})};
  return s;
}

void DockerPushPostProcessor::prepare(const Config& c, Problems& problems) {
  registry_ = docker::RegistryAccess::decode(c);
  if (c.boolean("ecr_login")) {
    if (registry_.credentials.server.empty())
      problems.add(c.pos("ecr_login"), c.path(), "ECR login requires login server to be provided.");
    else
      problems.add(c.pos("ecr_login"), c.path(), "ecr_login is not supported by kiln: log in with login_username/login_password");
  }
}

PostProcessResult DockerPushPostProcessor::post_process(PostProcessorContext& ctx, ArtifactPtr input) {
  if (input->builder_id() != kImportId && input->builder_id() != kTagId)
    throw Error(fmt::format("docker-push: unknown artifact type {}: can only push docker-import and docker-tag artifacts",
                            input->builder_id()), ErrorCode::Build);
  docker::Engine engine(*ctx.environment);
  registry_.log_in(engine, ctx);
  std::vector<std::string> tags = docker_tags(*input);
  std::vector<std::string> names{input->id()};
  names.insert(names.end(), tags.begin(), tags.end());
  for (const auto& name : names) {
    ctx.ui.message("Pushing: " + name);
    engine.push(name, ctx.cancel, [&](const std::string& status) { ctx.ui.message(status); });
  }
  return {image_artifact(engine, kImportId, names[0], tags), true, false};
}

}  // namespace kiln
