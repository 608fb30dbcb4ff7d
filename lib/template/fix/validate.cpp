// template.Parse + Template.Validate of packer-plugin-sdk as vendored in Packer 1.6.6, over the
// decoded fixed template: mapstructure's decoding rules and messages, go-multierror's lists.
#include "template/fix/validate.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "template/fix/decode.hpp"
#include "template/fix/go_json.hpp"
#include "util/go_duration.hpp"

namespace kiln::fix {
namespace {

using Errors = std::vector<std::string>;

// go-multierror's default format.
std::string multierror(const Errors& errors) {
  if (errors.size() == 1) return fmt::format("1 error occurred:\n\t* {}\n\n", errors[0]);
  std::string points;
  for (const auto& e : errors) points += (points.empty() ? "* " : "\n\t* ") + e;
  return fmt::format("{} errors occurred:\n\t{}\n\n", errors.size(), points);
}

// A struct being decoded from an object: fields are looked up by exact name, then ignoring case;
// the keys no field took are what is left unused.
class StructDecode {
 public:
  explicit StructDecode(const Value& obj) : obj_(obj) {}
  const Value* field(std::string_view name) {
    for (int pass = 0; pass < 2; ++pass)
      for (size_t i = 0; i < obj_.keys().size(); ++i)
        if (!used_.count(i) && (pass == 0 ? obj_.keys()[i] == name : equal_fold(obj_.keys()[i], name))) {
          used_.insert(i);
          return &obj_.member(i);
        }
    return nullptr;
  }
  std::vector<std::string> unused() const {
    std::vector<std::string> out;
    for (size_t i = 0; i < obj_.keys().size(); ++i)
      if (!used_.count(i)) out.push_back(obj_.keys()[i]);
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  const Value& obj_;
  std::set<size_t> used_;
};

// Decodes into a Go string; weakly typed input also takes numbers and booleans.
std::string to_string(const Value* v, const std::string& name, bool weak, Errors& errors) {
  if (!v || v->is_null()) return "";
  if (v->is_string()) return v->as_string();
  if (weak && v->is_bool()) return v->as_bool() ? "1" : "0";
  if (weak && v->is_number()) return go_format_fixed(v->as_number());
  errors.push_back(unconvertible(name, "string", *v));
  return "";
}

// Decodes into []string; weakly typed input lifts a single value into a list.
std::vector<std::string> to_strings(const Value* v, const std::string& name, bool weak, Errors& errors) {
  std::vector<std::string> out;
  if (!v || v->is_null()) return out;
  Value list = Value::array();
  if (v->is_array()) {
    list = *v;
  } else if (!weak) {
    errors.push_back(fmt::format("'{}': source data must be an array or slice, got {}", name, go_kind(*v)));
    return out;
  } else if (!(v->is_object() && v->size() == 0)) {
    list.push(*v);
  }
  for (size_t i = 0; i < list.items().size(); ++i)
    out.push_back(to_string(&list.items()[i], fmt::format("{}[{}]", name, i), weak, errors));
  return out;
}

// Decodes into map[string]interface{}; weakly typed input merges a list of objects.
const Value* to_map(const Value* v, const std::string& name, bool weak, Errors& errors) {
  if (!v || v->is_null() || v->is_object()) return v;
  if (weak && v->is_array()) return v;  // merged later by weak_map; errors there are the element's
  errors.push_back(fmt::format("'{}' expected a map, got '{}'", name, go_kind(*v)));
  return nullptr;
}

struct OnlyExcept {
  std::vector<std::string> only, except;
  // OnlyExcept.Validate: the builders named must exist.
  void validate(const std::set<std::string>& builders, const std::string& prefix, Errors& errors) const {
    if (!only.empty() && !except.empty()) {
      errors.push_back(prefix + "only one of 'only' or 'except' may be specified");
      return;
    }
    for (const auto& n : only)
      if (!builders.count(n)) errors.push_back(fmt::format("{}'only' specified builder '{}' not found", prefix, n));
    for (const auto& n : except)
      if (!builders.count(n)) errors.push_back(fmt::format("{}'except' specified builder '{}' not found", prefix, n));
  }
};

struct Provisioner {
  OnlyExcept only_except;
  std::vector<std::string> overrides;
};

class Parser {
 public:
  // template.Parse: the root's fields, its unknown keys, then rawTemplate.Template().
  std::optional<std::string> parse(const Value& root) {
    if (!root.is_object())
      return fmt::format("1 error(s) decoding:\n\n* '' expected a map, got '{}'", go_kind(root));
    StructDecode fields(root);
    Errors errors;
    to_string(fields.field("min_packer_version"), "min_packer_version", false, errors);
    to_string(fields.field("Description"), "Description", false, errors);
    const Value* builders = list_field(fields, "builders", errors);
    comments(fields.field("Comments"), errors);
    to_map(fields.field("Push"), "Push", false, errors);
    const Value* pps = list_field(fields, "post-processors", errors);
    const Value* provisioners = list_field(fields, "Provisioners", errors);
    const Value* cleanup = fields.field("error-cleanup-provisioner");
    const Value* variables = to_map(fields.field("Variables"), "Variables", false, errors);
    to_strings(fields.field("sensitive-variables"), "sensitive-variables", false, errors);
    fields.field("RawContents");  // a field of rawTemplate too: a key of that name is not "unknown"
    if (!errors.empty()) return decoding_errors(std::move(errors));

    for (const auto& key : fields.unused()) {
      if (!key.empty() && key[0] == '_') {
        if (!root.find(key)->is_string())
          return fmt::format("Failed to cast root level comment value in comment \"{}\" to string.", key);
        continue;
      }
      errors.push_back(fmt::format("Unknown root level key in template: '{}'", key));
    }
    if (!errors.empty()) return multierror(errors);

    if (variables)
      for (size_t i = 0; i < variables->size(); ++i) {
        Errors e;
        to_string(&variables->member(i), "", false, e);
        if (!e.empty()) errors.push_back(fmt::format("variable {}: {}", variables->keys()[i], e[0]));
      }
    if (builders) parse_builders(*builders, errors);
    if (pps) parse_post_processors(*pps, errors);
    if (provisioners)
      for (size_t i = 0; i < provisioners->items().size(); ++i) {
        std::string error;
        auto p = parse_provisioner(provisioners->items()[i], error);
        if (p) provisioners_.push_back(*p);
        else errors.push_back(fmt::format("provisioner {}: {}", i + 1, error));
      }
    if (cleanup && !cleanup->is_null()) {
      std::string error;
      if (!parse_provisioner(*cleanup, error)) errors.push_back("On Error Cleanup Provisioner error: " + error);
    }
    if (!errors.empty()) return multierror(errors);
    return std::nullopt;
  }

  // Template.Validate.
  std::optional<std::string> validate() const {
    Errors errors;
    if (builder_names_.empty()) errors.push_back("at least one builder must be defined");
    for (size_t i = 0; i < provisioners_.size(); ++i) {
      std::string prefix = fmt::format("provisioner {}: ", i + 1);
      provisioners_[i].only_except.validate(builder_names_, prefix, errors);
      for (const auto& name : provisioners_[i].overrides)
        if (!builder_names_.count(name)) errors.push_back(fmt::format("{}override '{}' doesn't exist", prefix, name));
    }
    for (const auto& [prefix, only_except] : post_processors_) only_except.validate(builder_names_, prefix, errors);
    if (errors.empty()) return std::nullopt;
    return multierror(errors);
  }

 private:
  static const Value* list_field(StructDecode& fields, const char* name, Errors& errors) {
    const Value* v = fields.field(name);
    if (!v || v->is_null() || v->is_array()) return v;
    errors.push_back(fmt::format("'{}': source data must be an array or slice, got {}", name, go_kind(*v)));
    return nullptr;
  }

  static void comments(const Value* v, Errors& errors) {
    if (!v || v->is_null()) return;
    if (!v->is_array()) {
      errors.push_back(fmt::format("'Comments': source data must be an array or slice, got {}", go_kind(*v)));
      return;
    }
    for (size_t i = 0; i < v->items().size(); ++i) {
      std::string name = fmt::format("Comments[{}]", i);
      const Value* c = to_map(&v->items()[i], name, false, errors);
      if (c && c->is_object())
        for (size_t k = 0; k < c->size(); ++k) to_string(&c->member(k), name + "[" + c->keys()[k] + "]", false, errors);
    }
  }

  void parse_builders(const Value& builders, Errors& errors) {
    for (size_t i = 0; i < builders.items().size(); ++i) {
      const Value& b = builders.items()[i];
      if (!b.is_object()) {
        if (!b.is_null()) errors.push_back(fmt::format("builder {}: '' expected a map, got '{}'", i + 1, go_kind(b)));
        else errors.push_back(fmt::format("builder {}: missing 'type'", i + 1));
        continue;
      }
      StructDecode fields(b);
      Errors e;
      std::string name = to_string(fields.field("Name"), "Name", true, e);
      std::string type = to_string(fields.field("Type"), "Type", true, e);
      to_map(fields.field("Config"), "Config", true, e);
      if (!e.empty()) {
        errors.push_back(fmt::format("builder {}: {}", i + 1, decoding_errors(std::move(e))));
        continue;
      }
      if (type.empty()) {
        errors.push_back(fmt::format("builder {}: missing 'type'", i + 1));
        continue;
      }
      if (name.empty()) name = type;
      if (!builder_names_.insert(name).second)
        errors.push_back(fmt::format("builder {}: builder with name '{}' already exists", i + 1, name));
    }
  }

  void parse_post_processors(const Value& pps, Errors& errors) {
    for (size_t i = 0; i < pps.items().size(); ++i) {
      const Value& v = pps.items()[i];
      std::vector<Value> configs;
      auto as_config = [](const Value& item) {
        if (item.is_object()) return item;
        Value c = Value::object();
        c.set("type", item);
        return c;
      };
      if (v.is_string() || v.is_object()) {
        configs.push_back(as_config(v));
      } else if (v.is_array()) {
        Errors e;
        for (size_t j = 0; j < v.items().size(); ++j) {
          const Value& inner = v.items()[j];
          if (inner.is_string() || inner.is_object()) configs.push_back(as_config(inner));
          else if (inner.is_array())
            e.push_back(fmt::format("post-processor {}.{}: sequence not allowed to be nested in a sequence", i + 1, j + 1));
          else e.push_back(fmt::format("post-processor {}.{}: unknown format", i + 1, j + 1));
        }
        if (!e.empty()) {
          errors.insert(errors.end(), e.begin(), e.end());
          continue;
        }
      } else {
        errors.push_back(fmt::format("post-processor {}: bad format", i + 1));
        continue;
      }
      for (size_t j = 0; j < configs.size(); ++j) {
        std::string prefix = fmt::format("post-processor {}.{}: ", i + 1, j + 1);
        StructDecode fields(configs[j]);
        Errors e;
        OnlyExcept only_except;
        only_except.only = to_strings(fields.field("Only"), "Only", false, e);
        only_except.except = to_strings(fields.field("Except"), "Except", false, e);
        to_string(fields.field("Name"), "Name", false, e);
        std::string type = to_string(fields.field("Type"), "Type", false, e);
        if (const Value* keep = fields.field("keep_input_artifact"); keep && !keep->is_null() && !keep->is_bool())
          e.push_back(unconvertible("keep_input_artifact", "bool", *keep));
        to_map(fields.field("Config"), "Config", false, e);
        if (!e.empty()) {
          errors.push_back(prefix + decoding_errors(std::move(e)));
          continue;
        }
        if (type.empty()) {
          errors.push_back(prefix + "type is required");
          continue;
        }
        post_processors_.emplace_back(prefix, std::move(only_except));
      }
    }
  }

  // A time.Duration field, weakly typed, through mapstructure's StringToTimeDurationHookFunc.
  static void duration(const Value* v, const std::string& name, Errors& errors) {
    if (!v) return;
    if (v->is_string()) {
      try {
        go_parse_duration(v->as_string());
      } catch (const std::invalid_argument& e) {
        errors.push_back(fmt::format("error decoding '{}': {}", name, e.what()));
      }
    } else if (v->is_array() || v->is_object()) {
      errors.push_back(unconvertible(name, "time.Duration", *v));
    }
  }

  // rawTemplate.decodeProvisioner (weakly typed).
  static std::optional<Provisioner> parse_provisioner(const Value& raw, std::string& error) {
    Value obj;
    try {
      obj = weak_map(raw);
    } catch (const Error& e) {
      error = std::string("Error decoding provisioner: ") + e.what();
      return std::nullopt;
    }
    StructDecode fields(obj);
    Errors e;
    Provisioner p;
    p.only_except.only = to_strings(fields.field("Only"), "Only", true, e);
    p.only_except.except = to_strings(fields.field("Except"), "Except", true, e);
    std::string type = to_string(fields.field("Type"), "Type", true, e);
    to_map(fields.field("Config"), "Config", true, e);
    if (const Value* o = to_map(fields.field("Override"), "Override", true, e)) {
      try {
        Value overrides = weak_map(*o, "Override");
        p.overrides = overrides.keys();
      } catch (const Error& oe) {
        e.push_back(oe.what());
      }
    }
    to_string(fields.field("max_retries"), "max_retries", true, e);
    for (const char* name : {"pause_before", "timeout"}) duration(fields.field(name), name, e);
    if (!e.empty()) {
      error = "Error decoding provisioner: " + decoding_errors(std::move(e));
      return std::nullopt;
    }
    if (type.empty()) {
      error = "Provisioner missing 'type'";
      return std::nullopt;
    }
    return p;
  }

  std::set<std::string> builder_names_;
  std::vector<Provisioner> provisioners_;
  std::vector<std::pair<std::string, OnlyExcept>> post_processors_;
};

}  // namespace

std::optional<ValidationFailure> validate_fixed(std::string_view fixed_text) {
  Value root;
  try {
    root = decode_go_json(fixed_text);
  } catch (const Error& e) {
    return ValidationFailure{true, e.what()};
  }
  Parser parser;
  if (auto error = parser.parse(root)) return ValidationFailure{true, *error};
  if (auto error = parser.validate()) return ValidationFailure{false, *error};
  return std::nullopt;
}

}  // namespace kiln::fix
