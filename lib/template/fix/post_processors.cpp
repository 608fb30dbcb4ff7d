// Post-processors: pp-vagrant-override, manifest-filename, docker-email, docker-tag-tags.
#include <set>

#include "hcl/utf8.hpp"
#include "template/fix/decode.hpp"
#include "template/fix/fixers.hpp"

namespace kiln::fix {
namespace {

// Go's unicode.IsSpace.
bool is_go_space(char32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// strings.TrimSpace.
std::string trim_go_space(std::string_view s) {
  size_t begin = s.size(), end = 0;
  for (size_t i = 0; i < s.size();) {
    hcl::CodePoint cp = hcl::decode_utf8(s.substr(i));
    size_t n = cp.length ? cp.length : 1;
    if (!cp.length || !is_go_space(cp.value)) {
      begin = std::min(begin, i);
      end = i + n;
    }
    i += n;
  }
  return begin < end ? std::string(s.substr(begin, end - begin)) : std::string();
}

// The tags a "tag" or "tags" value names: a list's strings, or a string's comma-separated parts.
void collect_tags(const Value* v, std::vector<std::string>& out) {
  if (!v) return;
  if (v->is_array()) {
    for (const Value& tag : v->items()) {
      if (!tag.is_string()) throw Unfixable("docker-tag-tags: a tag is not a string");
      out.push_back(tag.as_string());
    }
  } else if (v->is_string()) {
    std::string_view s = v->as_string();
    for (size_t start = 0;;) {
      size_t comma = s.find(',', start);
      out.push_back(trim_go_space(s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
}

}  // namespace

// The vagrant post-processor's provider blocks (aws, digitalocean, virtualbox, vmware) move
// under "override".
void fix_pp_vagrant_override(Value& tpl) {
  for (Value* pp : post_processor_maps(tpl)) {
    if (!type_is(*pp, "vagrant")) continue;
    Value overrides = Value::object();
    for (const char* provider : {"aws", "digitalocean", "virtualbox", "vmware"})
      if (const Value* v = pp->find(provider)) {
        overrides.set(provider, *v);
        pp->erase(provider);
      }
    if (overrides.size() > 0) pp->set("override", std::move(overrides));
  }
}

void fix_manifest_filename(Value& tpl) {
  for (Value* pp : post_processor_maps(tpl))
    if (type_is(*pp, "manifest") && string_member(*pp, "filename")) rename_key(*pp, "filename", "output");
}

// login_email goes from every builder and post-processor (when the template has post-processors).
void fix_docker_email(Value& tpl) {
  if (const Value* p = tpl.find("post-processors"); !p || p->is_null()) return;
  std::vector<Value*> pps = post_processor_maps(tpl);
  for (Value* builder : builder_maps(tpl)) builder->erase("login_email");
  for (Value* pp : pps) pp->erase("login_email");
}

// docker-tag's "tag" and "tags" merge into "tags": a list without duplicates, in order.
void fix_docker_tag_tags(Value& tpl) {
  for (Value* pp : post_processor_maps(tpl)) {
    if (!type_is(*pp, "docker-tag")) continue;
    std::vector<std::string> all;
    collect_tags(pp->find("tag"), all);
    collect_tags(pp->find("tags"), all);
    Value tags = Value::array();
    std::set<std::string> seen;
    for (const auto& tag : all)
      if (seen.insert(tag).second) tags.push(Value::string(tag));
    pp->erase("tag");
    pp->set("tags", std::move(tags));
  }
}

}  // namespace kiln::fix
