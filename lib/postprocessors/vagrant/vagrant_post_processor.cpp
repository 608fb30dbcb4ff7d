#include "postprocessors/vagrant/vagrant_post_processor.hpp"

#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "postprocessors/vagrant/box_files.hpp"
#include "postprocessors/vagrant/box_writer.hpp"
#include "postprocessors/vagrant/vagrant_providers.hpp"
#include "util/read_file.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultBoxOutput = "packer_{{ .BuildName }}_{{.Provider}}.box";

// A fresh directory under the temporary directory, removed with everything in it.
class BoxStagingDir {
 public:
  explicit BoxStagingDir(const std::string& temp_dir) : path_(temp_dir + "/kiln-vagrant-XXXXXX") {
    if (!::mkdtemp(path_.data())) throw Error(fmt::format("cannot create a directory in {}", temp_dir), ErrorCode::Build);
  }
  BoxStagingDir(const BoxStagingDir&) = delete;
  BoxStagingDir& operator=(const BoxStagingDir&) = delete;
  ~BoxStagingDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// 1.6.6 first packs a box of an empty metadata.json, to fail early where the host cannot make one.
void write_dummy_box(const PostProcessorContext& ctx, int64_t level) {
  ctx.ui.say("Creating a dummy Vagrant box to ensure the host system can create one correctly");
  BoxStagingDir staging(ctx.environment->temp_dir());
  std::string dir = staging.path() + "/box";
  fs::create_directory(dir);
  vagrant::write_metadata(dir, "{}\n");
  vagrant::write_box(dir, staging.path() + "/dummy.box", level, ctx, false);
}

// The whole Vagrantfile: the provider's section, then the custom contents (if any).
std::string box_vagrantfile(const std::string& provider_part, const std::string& custom) {
  return "\n# The contents below were provided by the Packer Vagrant post-processor\n" + provider_part +
         "\n\n# The contents below (if any) are custom contents provided by the\n"
         "# Packer template during image build.\n" +
         custom + "\n";
}

}  // namespace

const Schema& VagrantPostProcessor::schema() const {
  static const Schema schema{{
      {"output", FieldType::String, false, "box path with {{.Provider}}, {{.BuildName}}, {{.ArtifactId}}", true},
      {"compression_level", FieldType::Int, false, "gzip level 1 (fast) to 9 (small), -1 the default, 0 no compression"},
      {"include", FieldType::StringList, false, "files added to the box under their base names"},
      {"vagrantfile_template", FieldType::String, false, "file whose rendered contents end the box's Vagrantfile"},
      {"vagrantfile_template_generated", FieldType::Bool, false, "the template is made during the build: not checked at prepare"},
      {"provider_override", FieldType::String, false, "the Vagrant provider, whatever the artifact's type"},
      {"override", FieldType::Object, false, "settings per provider name"},
  }};
  return schema;
}

void VagrantPostProcessor::prepare(const Config& c, Problems& problems) {
  settings_ = {};
  settings_.output = c.str("output");
  if (settings_.output.empty()) settings_.output = kDefaultBoxOutput;
  settings_.compression_level = c.has("compression_level") ? c.integer("compression_level") : -1;
  settings_.include = c.strings("include");
  settings_.vagrantfile_template = c.str("vagrantfile_template");
  settings_.vagrantfile_template_generated = c.boolean("vagrantfile_template_generated");
  settings_.provider_override = c.str("provider_override");
  const Value* overrides = c.value("override");
  overrides_ = overrides ? *overrides : Value();
  // 1.6.6 checks provider_override only once the template's existence check passed.
  struct stat st {};
  if (!settings_.vagrantfile_template.empty() && !settings_.vagrantfile_template_generated &&
      ::stat(settings_.vagrantfile_template.c_str(), &st) != 0) {
    problems.add(c.pos("vagrantfile_template"), c.path(),
                 fmt::format("vagrantfile_template '{}' does not exist", settings_.vagrantfile_template));
    return;
  }
  const auto& known = vagrant::known_providers();
  if (!settings_.provider_override.empty() &&
      std::find(known.begin(), known.end(), settings_.provider_override) == known.end())
    problems.add(c.pos("provider_override"), c.path(),
                 fmt::format("The given provider_override {} is not valid. Please choose from one of {}",
                             settings_.provider_override, fmt::join(known, ", ")));
}

PostProcessResult VagrantPostProcessor::post_process(PostProcessorContext& ctx, ArtifactPtr input) {
  std::string provider = settings_.provider_override;
  if (provider.empty()) {
    auto chosen = vagrant::provider_for_builder(input->builder_id());
    if (!chosen) throw Error(fmt::format("Unknown artifact type, can't build box: {}", input->builder_id()), ErrorCode::Build);
    provider = *chosen;
  }
  if (!vagrant::builds_boxes_for(provider))
    throw Error(fmt::format("kiln does not build Vagrant boxes for the '{}' provider (only libvirt, docker and aws)", provider),
                ErrorCode::Build);
  vagrant::BoxSettings s = vagrant::settings_for(settings_, &overrides_, provider);
  write_dummy_box(ctx, s.compression_level);
  ctx.ui.say(fmt::format("Creating Vagrant box for '{}' provider", provider));

  InterpContext interp = ctx.interp;
  if (ctx.generated) interp.data = *ctx.generated;
  interp.data["ArtifactId"] = input->id();
  interp.data["BuildName"] = ctx.build_name;
  interp.data["Provider"] = provider;
  std::string output = interpolate_fully(s.output, interp);

  BoxStagingDir staging(ctx.environment->temp_dir());
  const std::string& dir = staging.path();
  for (const auto& src : s.include) {
    ctx.ui.message(fmt::format("Copying from include: {}", src));
    try {
      vagrant::copy_contents(dir + "/" + fs::path(src).filename().string(), src, ctx.cancel);
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      throw Error(fmt::format("Error copying include file: {}\n\n{}", src, e.what()), ErrorCode::Build);
    }
  }
  vagrant::ProviderBox box = vagrant::process_provider(provider, *input, dir, ctx.ui, ctx.cancel);
  vagrant::write_metadata(dir, box.metadata_json);
  std::string custom;
  if (!s.vagrantfile_template.empty()) {
    ctx.ui.message(fmt::format("Using custom Vagrantfile: {}", s.vagrantfile_template));
    custom = interpolate_fully(read_input_file(s.vagrantfile_template, "vagrantfile_template"), interp);
  }
  vagrant::write_text_file(dir + "/Vagrantfile", box_vagrantfile(box.vagrantfile, custom));
  vagrant::write_box(dir, output, s.compression_level, ctx, true);

  auto artifact = std::make_shared<BasicArtifact>();
  artifact->builder_id_ = "mitchellh.post-processor.vagrant";
  artifact->files_ = {output};
  artifact->id_ = provider;
  artifact->description_ = fmt::format("'{}' provider box: {}", provider, output);
  // 1.6.6 lets the provider decide whether the input is kept: keep_input_artifact cannot drop an AMI.
  return {artifact, box.keep_input, true};
}

}  // namespace kiln
