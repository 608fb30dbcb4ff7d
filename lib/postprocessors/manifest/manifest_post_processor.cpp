#include "postprocessors/manifest/manifest_post_processor.hpp"

#include <sys/file.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "template/fix/deprecated_keys.hpp"
#include "util/json_document.hpp"
#include "util/read_file.hpp"

namespace kiln {
namespace {

// Parallel builds append to the same manifest: one writer at a time within the process.
std::mutex manifest_mutex;
// With -force, Packer 1.6.6 starts each run's manifest afresh (its Configure removes the file); the
// builds of that run then append. Output path → the run (PackerRunUUID) that started it afresh.
std::map<std::string, std::string> forced_runs;

}  // namespace

const Schema& ManifestPostProcessor::schema() const {
  static const Schema schema{.fields = {
      {"output", FieldType::String, false, "manifest file (default packer-manifest.json)"},
      {"strip_path", FieldType::Bool, false, "record file names without their directories"},
      {"strip_time", FieldType::Bool, false, "leave out build_time"},
      {"custom_data", FieldType::StringMap, false, "extra key/values recorded with each build"},
  }, .deprecated = fix::deprecated_keys({"filename"})};
  return schema;
}

void ManifestPostProcessor::prepare(const Config& c, Problems&) {
  output_ = c.str("output", "packer-manifest.json");
  if (output_.empty()) output_ = "packer-manifest.json";
  strip_path_ = c.boolean("strip_path");
  strip_time_ = c.boolean("strip_time");
  if (c.has("custom_data")) custom_data_ = c.string_map("custom_data");
}

PostProcessResult ManifestPostProcessor::post_process(PostProcessorContext& ctx, ArtifactPtr input) {
  namespace fs = std::filesystem;
  using rapidjson::Value;
  std::lock_guard lock(manifest_mutex);
  rapidjson::Document doc;
  auto& a = doc.GetAllocator();
  std::string run = ctx.generated && ctx.generated->count("PackerRunUUID") ? ctx.generated->at("PackerRunUUID") : "";
  if (ctx.force) {
    std::string& started = forced_runs[fs::absolute(output_).lexically_normal().string()];
    if (started != run) {
      std::error_code ec;
      fs::remove(output_, ec);
      started = run;
    }
  }
  if (fs::exists(output_)) {
    if (!parse_document(doc, read_input_file(output_, "manifest")) || !doc.IsObject() || !doc.HasMember("builds") || !doc["builds"].IsArray())
      throw Error(fmt::format("manifest {} exists but is not a manifest", output_), ErrorCode::Build);
  } else {
    doc.SetObject();
    doc.AddMember("builds", Value(rapidjson::kArrayType), a);
  }
  Value build(rapidjson::kObjectType);
  build.AddMember("name", Value(ctx.build_name.c_str(), a), a);
  build.AddMember("builder_type", Value(ctx.build_type.c_str(), a), a);
  if (!strip_time_)
    build.AddMember("build_time", static_cast<int64_t>(std::time(nullptr)), a);
  // Packer appends to a nil list, so an artifact without files (a null build, an AMI) is "files": null.
  // The size is Go's os.Stat size: a link's target, a directory's own size, 0 for what cannot be stat'ed.
  Value files(rapidjson::kNullType);
  for (const auto& path : input->files()) {
    struct stat st {};
    int64_t size = ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
    if (files.IsNull()) files.SetArray();
    Value f(rapidjson::kObjectType);
    std::string name = strip_path_ ? fs::path(path).filename().string() : path;
    f.AddMember("name", Value(name.c_str(), a), a);
    f.AddMember("size", size, a);
    files.PushBack(f, a);
  }
  build.AddMember("files", files, a);
  build.AddMember("artifact_id", Value(input->id().c_str(), a), a);
  build.AddMember("packer_run_uuid", Value(ctx.interp.run->uuid.c_str(), a), a);
  Value custom(rapidjson::kNullType);
  if (custom_data_) {
    custom.SetObject();
    // Unlike Packer 1.6.6, a sensitive variable's value is masked here as in every other output.
    auto bus = ctx.ui.bus();
    for (const auto& [k, v] : *custom_data_) {
      std::string value = bus ? bus->mask(v) : v;
      custom.AddMember(Value(k.c_str(), a), Value(value.c_str(), a), a);
    }
  }
  build.AddMember("custom_data", custom, a);
  doc["builds"].PushBack(build, a);
  if (doc.HasMember("last_run_uuid")) doc.RemoveMember("last_run_uuid");
  doc.AddMember("last_run_uuid", Value(ctx.interp.run->uuid.c_str(), a), a);

  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  doc.Accept(w);
  fs::path out(output_);
  if (out.has_parent_path()) fs::create_directories(out.parent_path());
  std::ofstream file(output_, std::ios::trunc);
  file << buf.GetString();
  if (!file) throw Error(fmt::format("cannot write manifest {}", output_), ErrorCode::Build);
  return {input, true, true};
}

}  // namespace kiln
