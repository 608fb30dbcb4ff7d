// iso-md5 and iso-checksum-type-and-url: the ISO checksum settings of every builder, whatever its type.
#include "template/fix/decode.hpp"
#include "template/fix/fixers.hpp"

namespace kiln::fix {

// "iso_md5": "X" becomes "iso_checksum": "X" with "iso_checksum_type": "md5".
void fix_iso_md5(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    const std::string* md5 = string_member(*builder, "iso_md5");
    if (!md5) continue;
    Value checksum = Value::string(*md5);
    builder->erase("iso_md5");
    builder->set("iso_checksum", std::move(checksum));
    builder->set("iso_checksum_type", Value::string("md5"));
  }
}

// "iso_checksum_url" and "iso_checksum_type" go away; iso_checksum becomes "file:URL" or
// "TYPE:CHECKSUM". Non-string values count as empty; with neither a checksum nor a URL, only the
// removal happens.
void fix_iso_checksum_type_and_url(Value& tpl) {
  auto text = [](const Value& b, std::string_view key) {
    const std::string* s = string_member(b, key);
    return s ? *s : std::string();
  };
  for (Value* builder : builder_maps(tpl)) {
    std::string url = text(*builder, "iso_checksum_url"), type = text(*builder, "iso_checksum_type");
    std::string checksum = text(*builder, "iso_checksum");
    builder->erase("iso_checksum_url");
    builder->erase("iso_checksum_type");
    if (checksum.empty() && url.empty()) continue;
    if (!url.empty()) checksum = "file:" + url;
    else if (!type.empty()) checksum = type + ":" + checksum;
    builder->set("iso_checksum", Value::string(checksum));
  }
}

}  // namespace kiln::fix
