// Plugin configuration: a schema declared once per plugin drives decoding, validation and docs.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiln/error.hpp"
#include "kiln/interpolate.hpp"
#include "kiln/value.hpp"

namespace kiln {

enum class FieldType {
  String,
  Bool,
  Int,
  Number,
  Duration,    // Go duration string ("5s", "1m30s") or a number of nanoseconds
  StringList,  // a list of strings; a string is split at commas, "" is the empty list (as Packer)
  IntList,     // a list of integers, converted weakly (a string is split at commas like StringList)
  StringMap,   // object of strings
  Object,      // any object (e.g. source_ami_filter), kept as Value
  List,        // any list, kept as Value; a string is split at commas like StringList
  Any,         // any JSON value
};

struct Field {
  std::string key;
  FieldType type = FieldType::String;
  bool required = false;
  std::string doc;
  // Not interpolated at prepare time: the plugin renders it later with its own data
  // (e.g. execute_command with {{.Vars}} and {{.Path}}).
  bool late = false;
};

struct Schema {
  std::vector<Field> fields;
  // Accept keys the schema does not list (plugins written in C or Python that validate themselves);
  // they are interpolated and kept as FieldType::Any.
  bool open = false;
  // Keys that are no longer settings but that `kiln fix` (as `packer fix`) rewrites: still refused,
  // with that advice instead of a did-you-mean (Packer 1.6.6's "Deprecated configuration key").
  std::vector<std::string> deprecated = {};
  const Field* find(std::string_view key) const;
};

// A decoded configuration: interpolated values checked against the schema.
class Config {
 public:
  Config() = default;
  Config(Value object, std::string path, EnvironmentPtr environment = {})
      : object_(std::move(object)), path_(std::move(path)), environment_(std::move(environment)) {}

  bool has(std::string_view key) const;
  const Value* value(std::string_view key) const { return object_.find(key); }
  const Value& object() const { return object_; }
  // Where the key's value sits, for error messages ("template.json:4:7").
  Position pos(std::string_view key) const;
  // "builders[0]" etc., for error messages.
  const std::string& path() const { return path_; }
  // The run's environment snapshot (for settings with environment fallbacks: AWS_REGION …); empty
  // when the config was decoded without one.
  const Environment& environment() const;
  // Packer's packer_build_name and packer_force, which builders see at prepare time (output
  // directories named after the build, "already exists" checks that -force lifts).
  const std::string& build_name() const { return build_name_; }
  bool force() const { return force_; }
  void set_build(std::string build_name, bool force) {
    build_name_ = std::move(build_name);
    force_ = force;
  }

  std::string str(std::string_view key, std::string def = {}) const;
  bool boolean(std::string_view key, bool def = false) const;
  int64_t integer(std::string_view key, int64_t def = 0) const;
  double number(std::string_view key, double def = 0) const;
  std::chrono::nanoseconds duration(std::string_view key, std::chrono::nanoseconds def = {}) const;
  std::vector<std::string> strings(std::string_view key) const;
  std::vector<int64_t> integers(std::string_view key) const;
  std::map<std::string, std::string> string_map(std::string_view key) const;

 private:
  Value object_;
  std::string path_;
  EnvironmentPtr environment_;
  std::string build_name_;
  bool force_ = false;
};

// Parses a Go duration ("1h2m3.5s", "300ms"); throws kiln::Error on bad input.
std::chrono::nanoseconds parse_go_duration(std::string_view text);

// Decodes `raw` (an object) against `schema`: interpolates every non-late string with `ctx`,
// converts weakly typed input as Packer's decoder does ("true" → bool, "5" → int, "x,y" → ["x", "y"]),
// and adds every unknown key, type error and missing required key to `problems`.
// `ignored` keys (the common ones the runner handles) are accepted and dropped.
Config decode_config(const Value& raw, const Schema& schema, const InterpContext& ctx,
                     const std::string& path, Problems& problems,
                     const std::vector<std::string>& ignored = {});

// The closest of `candidates` to `word` when it is close enough to suggest, else empty.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace kiln
