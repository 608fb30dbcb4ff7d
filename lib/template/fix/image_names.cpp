// createtime and clean-image-name: template functions renamed inside builders' strings.
#include "template/fix/decode.hpp"
#include "template/fix/fixers.hpp"

namespace kiln::fix {
namespace {

// Go regexp's \s: tab, newline, form feed, carriage return and space.
bool is_regexp_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Length of a match of {{\s*\.CreateTime\s*}} at s[i], 0 when there is none.
size_t createtime_at(std::string_view s, size_t i) {
  if (s.substr(i, 2) != "{{") return 0;
  size_t k = i + 2;
  while (k < s.size() && is_regexp_space(s[k])) ++k;
  if (s.substr(k, 11) != ".CreateTime") return 0;
  k += 11;
  while (k < s.size() && is_regexp_space(s[k])) ++k;
  return s.substr(k, 2) == "}}" ? k + 2 - i : 0;
}

// Length of a match of clean_(image|ami)_name at s[i], 0 when there is none.
size_t clean_name_at(std::string_view s, size_t i) {
  for (std::string_view name : {"clean_image_name", "clean_ami_name"})
    if (s.substr(i, name.size()) == name) return name.size();
  return 0;
}

// Every leftmost match replaced, as regexp.ReplaceAllString does.
std::string replace_all(std::string_view s, size_t (*match_at)(std::string_view, size_t), std::string_view with) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (size_t n = match_at(s, i)) {
      out += with;
      i += n;
    } else {
      out += s[i++];
    }
  }
  return out;
}

}  // namespace

// {{ .CreateTime }} becomes {{timestamp}} in the names that once took it.
void fix_createtime(Value& tpl) {
  for (Value* builder : builder_maps(tpl))
    for (const char* key : {"ami_name", "bundle_prefix", "snapshot_name"})
      if (Value* v = builder->find(key); v && v->is_string())
        v->as_string() = replace_all(v->as_string(), createtime_at, "{{timestamp}}");
}

// clean_image_name and clean_ami_name become clean_resource_name in every string setting of a
// builder and in the string members of its object settings (one level, e.g. tags).
void fix_clean_image_name(Value& tpl) {
  auto clean = [](Value& v) { v.as_string() = replace_all(v.as_string(), clean_name_at, "clean_resource_name"); };
  for (Value* builder : builder_maps(tpl))
    for (size_t i = 0; i < builder->size(); ++i) {
      Value& v = builder->member(i);
      if (v.is_string()) {
        clean(v);
      } else if (v.is_object()) {
        for (size_t k = 0; k < v.size(); ++k)
          if (v.member(k).is_string()) clean(v.member(k));
      } else if (builder->keys()[i] == "image_labels") {
        throw Unfixable("clean-image-name: \"image_labels\" is neither a string nor an object");
      }
    }
}

}  // namespace kiln::fix
