// Amazon builders: amazon-shutdown_behavior, amazon-enhanced-networking, amazon-private-ip,
// amazon-temp-sec-cidrs, spot-price-auto-product.
#include <optional>

#include <fmt/format.h>

#include "template/fix/decode.hpp"
#include "template/fix/fixers.hpp"
#include "util/go_quote.hpp"

namespace kiln::fix {
namespace {

bool is_amazon(const Value& builder) { return type_starts_with(builder, "amazon-"); }

// strconv.ParseBool's spellings.
std::optional<bool> parse_go_bool(const std::string& s) {
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"})
    if (s == t) return true;
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"})
    if (s == f) return false;
  return std::nullopt;
}

}  // namespace

void fix_amazon_shutdown_behavior(Value& tpl) {
  for (Value* builder : builder_maps(tpl))
    if (is_amazon(*builder)) rename_key(*builder, "shutdown_behaviour", "shutdown_behavior");
}

void fix_amazon_enhanced_networking(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    const Value* enhanced = builder->find("enhanced_networking");
    if (is_amazon(*builder) && enhanced && enhanced->is_bool()) rename_key(*builder, "enhanced_networking", "ena_support");
  }
}

// "ssh_private_ip": true (or a string strconv.ParseBool reads) becomes "ssh_interface":
// "private_ip" ("public_ip" for false), unless ssh_interface is already set.
void fix_amazon_private_ip(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    if (!is_amazon(*builder) || builder->find("ssh_interface")) continue;
    const Value* raw = builder->find("ssh_private_ip");
    if (!raw) continue;
    bool private_ip;
    if (raw->is_bool()) {
      private_ip = raw->as_bool();
    } else if (raw->is_string()) {
      auto parsed = parse_go_bool(raw->as_string());
      if (!parsed)
        throw Error(fmt::format("ssh_private_ip is not a boolean, strconv.ParseBool: parsing {}: invalid syntax",
                                go_quote(raw->as_string())),
                    ErrorCode::Template);
      private_ip = *parsed;
    } else {
      throw Unfixable("amazon-private-ip: \"ssh_private_ip\" is neither a boolean nor a string");
    }
    builder->erase("ssh_private_ip");
    builder->set("ssh_interface", Value::string(private_ip ? "private_ip" : "public_ip"));
  }
}

// A string temporary_security_group_source_cidr becomes a one-element
// temporary_security_group_source_cidrs.
void fix_amazon_temp_sec_cidrs(Value& tpl) {
  for (Value* builder : builder_maps(tpl)) {
    if (!is_amazon(*builder)) continue;
    const std::string* cidr = string_member(*builder, "temporary_security_group_source_cidr");
    if (!cidr) continue;
    Value cidrs = Value::array();
    cidrs.push(Value::string(*cidr));
    builder->erase("temporary_security_group_source_cidr");
    builder->set("temporary_security_group_source_cidrs", std::move(cidrs));
  }
}

void fix_spot_price_auto_product(Value& tpl) {
  for (Value* builder : builder_maps(tpl))
    for (const char* type : {"amazon-ebs", "amazon-ebssurrogate", "amazon-ebsvolume", "amazon-instance"})
      if (type_is(*builder, type)) builder->erase("spot_price_auto_product");
}

}  // namespace kiln::fix
