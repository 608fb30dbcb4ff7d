// What a builder produces and post-processors transform (an AMI, an image, files).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kiln {

class Artifact {
 public:
  virtual ~Artifact() = default;
  // The producing plugin's id, e.g. "mitchellh.amazonebs", "packer.file".
  virtual std::string builder_id() const = 0;
  // Local files belonging to the artifact (may be empty).
  virtual std::vector<std::string> files() const = 0;
  // Machine-usable id, e.g. "us-east-1:ami-0abc"; Packer's Id().
  virtual std::string id() const = 0;
  // Human description; Packer's String().
  virtual std::string description() const = 0;
  // Named extra data (Packer's State), e.g. "generated_data" keys; empty when absent.
  virtual std::string state(const std::string& name) const { (void)name; return {}; }
  // Deletes what the artifact stands for (files, images). Throws on failure.
  virtual void destroy() = 0;
};

// An artifact described by plain fields, with an optional destroy action
// (default: delete its files).
class BasicArtifact : public Artifact {
 public:
  std::string builder_id_;
  std::vector<std::string> files_;
  std::string id_;
  std::string description_;
  std::map<std::string, std::string> state_;
  std::function<void()> on_destroy;  // when empty, destroy() removes files_

  std::string builder_id() const override { return builder_id_; }
  std::vector<std::string> files() const override { return files_; }
  std::string id() const override { return id_; }
  std::string description() const override { return description_; }
  std::string state(const std::string& name) const override;
  void destroy() override;
};

using ArtifactPtr = std::shared_ptr<Artifact>;

}  // namespace kiln
