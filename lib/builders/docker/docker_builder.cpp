#include "builders/docker/docker_builder.hpp"

#include <fstream>

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "comm/comm_config.hpp"
#include "docker/docker_communicator.hpp"
#include "template/fix/deprecated_keys.hpp"
#include "util/progress_throttle.hpp"

namespace kiln {
namespace {

void string_array(rapidjson::Writer<rapidjson::StringBuffer>& w, const char* key, const std::vector<std::string>& v) {
  if (v.empty()) return;
  w.Key(key);
  w.StartArray();
  for (const auto& s : v) w.String(s);
  w.EndArray();
}

const std::vector<std::string> kChangeInstructions = {"CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL",
                                                      "ONBUILD", "USER", "VOLUME", "WORKDIR"};

}  // namespace

const Schema& DockerBuilder::schema() const {
  static const Schema schema = [] {
    Schema s{{
        {"image", FieldType::String, false, "base image (required)"},
        {"pull", FieldType::Bool}, {"commit", FieldType::Bool}, {"discard", FieldType::Bool},
        {"export_path", FieldType::String}, {"changes", FieldType::StringList},
        {"run_command", FieldType::StringList, false, "", true}, {"volumes", FieldType::StringMap},
        {"privileged", FieldType::Bool}, {"cap_add", FieldType::StringList}, {"cap_drop", FieldType::StringList},
        {"tmpfs", FieldType::StringList}, {"device", FieldType::StringList}, {"container_dir", FieldType::String},
        {"exec_user", FieldType::String}, {"fix_upload_owner", FieldType::Bool}, {"author", FieldType::String},
        {"message", FieldType::String}, {"windows_container", FieldType::Bool},
    }};
    for (auto& f : docker::RegistryAccess::fields()) s.fields.push_back(f);
    for (auto& f : communicator_fields()) s.fields.push_back(f);
    s.deprecated = fix::deprecated_keys({"login_email"});
    return s;
  }();
  return schema;
}

void DockerBuilder::prepare(const Config& c, Problems& problems) {
  image_ = c.str("image");
  pull_ = c.boolean("pull", true);
  commit_ = c.boolean("commit");
  discard_ = c.boolean("discard");
  export_path_ = c.str("export_path");
  changes_ = c.strings("changes");
  volumes_ = c.string_map("volumes");
  privileged_ = c.boolean("privileged");
  cap_add_ = c.strings("cap_add");
  cap_drop_ = c.strings("cap_drop");
  tmpfs_ = c.strings("tmpfs");
  devices_ = c.strings("device");
  container_dir_ = c.str("container_dir", "/packer-files");
  exec_user_ = c.str("exec_user");
  author_ = c.str("author");
  message_ = c.str("message");
  communicator_ = c.str("communicator", "docker");
  if (image_.empty()) problems.add(c.object().pos(), c.path(), "image must be specified");
  int outputs = (commit_ ? 1 : 0) + (discard_ ? 1 : 0) + (export_path_.empty() ? 0 : 1);
  if (outputs != 1) problems.add(c.object().pos(), c.path(), "exactly one of commit, discard, or export_path must be specified");
  if (!changes_.empty() && !commit_) problems.add(c.pos("changes"), c.path(), "changes are only applied with commit");
  for (const auto& change : changes_) {
    std::string op = change.substr(0, change.find(' '));
    if (std::find(kChangeInstructions.begin(), kChangeInstructions.end(), op) == kChangeInstructions.end())
      problems.add(c.pos("changes"), c.path(), fmt::format("unsupported change \"{}\": use one of CMD, ENTRYPOINT, ENV, EXPOSE, "
                                                           "LABEL, ONBUILD, USER, VOLUME, WORKDIR", change));
  }
  if (communicator_ != "docker" && communicator_ != "none")
    problems.add(c.pos("communicator"), c.path(), "the docker builder supports communicator \"docker\" or \"none\"");
  registry_ = docker::RegistryAccess::decode(c);
  if (c.boolean("ecr_login"))
    problems.add(c.pos("ecr_login"), c.path(), "ecr_login is not supported by kiln: log in with login_username/login_password");
}

ArtifactPtr DockerBuilder::run(BuilderContext& ctx) {
  docker::Engine engine(*ctx.environment);
  CleanupStack cleanup(ctx.ui);
  try {
    ctx.debug_pause("StepPull");
    if (pull_) {
      registry_.log_in(engine, ctx);
      ctx.ui.say(fmt::format("Pulling Docker image: {}", image_));
      engine.pull(image_, ctx.cancel, [&](const std::string& status) { ctx.ui.message(status); });
    } else if (!engine.image_exists(image_)) {
      throw Error(fmt::format("docker image {} not found on the engine at {} (and pull is false)", image_, engine.host()),
                  ErrorCode::Build);
    }
    ctx.debug_pause("StepRun");
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("Image"); w.String(image_);
    // As Packer's default run_command (-d -i -t --entrypoint=/bin/sh): a shell kept alive by stdin.
    w.Key("Entrypoint"); w.StartArray(); w.String("/bin/sh"); w.EndArray();
    w.Key("Tty"); w.Bool(true);
    w.Key("OpenStdin"); w.Bool(true);
    w.Key("HostConfig");
    w.StartObject();
    std::vector<std::string> binds;
    for (const auto& [host, container] : volumes_) binds.push_back(host + ":" + container);
    string_array(w, "Binds", binds);
    // The build removes its container when it ends; if the engine dies first, the engine removes it
    // when it comes back (what `docker run --rm` asks for).
    w.Key("AutoRemove"); w.Bool(true);
    w.Key("Privileged"); w.Bool(privileged_);
    string_array(w, "CapAdd", cap_add_);
    string_array(w, "CapDrop", cap_drop_);
    if (!tmpfs_.empty()) {
      w.Key("Tmpfs"); w.StartObject();
      for (const auto& t : tmpfs_) {
        auto colon = t.find(':');
        std::string mount = t.substr(0, colon);
        w.Key(mount.c_str());
        w.String(colon == std::string::npos ? "" : t.substr(colon + 1));
      }
      w.EndObject();
    }
    if (!devices_.empty()) {
      w.Key("Devices"); w.StartArray();
      for (const auto& d : devices_) {
        auto colon = d.find(':');
        w.StartObject();
        w.Key("PathOnHost"); w.String(d.substr(0, colon));
        w.Key("PathInContainer"); w.String(colon == std::string::npos ? d : d.substr(colon + 1));
        w.Key("CgroupPermissions"); w.String("rwm");
        w.EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
    w.EndObject();
    ctx.ui.say("Starting docker container...");
    // Not cancellable: the engine goes on creating a container whose client went away, and only the
    // answer names it for the cleanup below.
    docker::Response created = engine.checked("POST", "/containers/create", buf.GetString(), CancelToken());
    std::string id = docker::response_string(created, "Id");
    cleanup.push("container " + id.substr(0, 12), [&engine, id, ui = ctx.ui] {
      ui.say(fmt::format("Killing the container: {}", id));
      engine.checked("DELETE", "/containers/" + id + "?force=true&v=true");
    });
    ctx.cancel.throw_if_cancelled();
    engine.checked("POST", "/containers/" + id + "/start", {}, ctx.cancel);
    ctx.ui.message(fmt::format("Container ID: {}", id));
    if (ctx.generated) {
      (*ctx.generated)["ID"] = id;
      // Not Packer data: lets the ansible provisioner reach this container with the docker CLI
      // on the same engine (docs/ansible.md).
      (*ctx.generated)["DockerHost"] = engine.host();
    }

    docker::DockerCommunicator comm(engine, id, exec_user_);
    if (communicator_ != "none") ctx.ui.say("Using docker communicator to connect:");  // Packer's StepConnect
    ctx.hook->provision(communicator_ == "none" ? nullptr : &comm);

    auto artifact = std::make_shared<BasicArtifact>();
    // As Packer: a committed image is an "imported" image, an exported tar is the builder's own.
    artifact->builder_id_ = commit_ ? "packer.post-processor.docker-import" : "packer.docker";
    if (commit_) {
      ctx.debug_pause("StepCommit");
      ctx.ui.say("Committing the container");
      std::string query = "/commit?container=" + id;
      if (!author_.empty()) query += "&author=" + docker::url_encode(author_);
      if (!message_.empty()) query += "&comment=" + docker::url_encode(message_);
      for (const auto& change : changes_) query += "&changes=" + docker::url_encode(change);
      docker::Response committed = engine.checked("POST", query, "{}", ctx.cancel);
      std::string image_id = docker::response_string(committed, "Id");
      // Image ids are "sha256:<hex>"; Podman's commit answers the bare hex.
      if (image_id.find(':') == std::string::npos) image_id = "sha256:" + image_id;
      ctx.ui.message(fmt::format("Image ID: {}", image_id));
      artifact->id_ = image_id;
      artifact->description_ = fmt::format("Imported Docker image: {}", image_id);
      artifact->on_destroy = [image_id, host = engine.host()] {
        docker::Engine(host).checked("DELETE", "/images/" + image_id + "?force=true");
      };
    } else if (!export_path_.empty()) {
      ctx.debug_pause("StepExport");
      ctx.ui.say(fmt::format("Exporting the container to {}", export_path_));
      std::ofstream out(export_path_, std::ios::binary | std::ios::trunc);
      if (!out) throw Error(fmt::format("cannot write {}", export_path_), ErrorCode::Build);
      uint64_t done = 0;
      ProgressFn report = throttled([&](uint64_t bytes, uint64_t) { ctx.ui.progress("export", bytes, 0); });
      engine.checked("GET", "/containers/" + id + "/export", {}, ctx.cancel, [&](const char* d, size_t n) {
        out.write(d, static_cast<std::streamsize>(n));
        done += n;
        report(done, 0);
      });
      ctx.ui.progress("export", done, done);  // the size is known now: the last report is complete
      artifact->id_ = export_path_;
      artifact->files_ = {export_path_};
      artifact->description_ = fmt::format("Exported Docker file: {}", export_path_);
    } else {
      artifact = nullptr;  // discard: Packer produces no artifact
    }
    ctx.finish(cleanup, false);
    return artifact;
  } catch (...) {
    ctx.finish(cleanup, true);
    throw;
  }
}

}  // namespace kiln
