// Provisioners: powershell-escapes, galaxy-command. Both decode provisioners weakly, so a lone
// provisioner object becomes a one-element list.
#include "template/fix/decode.hpp"
#include "template/fix/fixers.hpp"

namespace kiln::fix {
namespace {

// PowerShell's backtick escapes of $, ", ` and ' removed, left to right.
std::string unescape_powershell(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '`' && i + 1 < s.size() && (s[i + 1] == '$' || s[i + 1] == '"' || s[i + 1] == '`' || s[i + 1] == '\'')) ++i;
    out += s[i];
  }
  return out;
}

void unescape_setting(Value& provisioner, const char* key) {
  Value* v = provisioner.find(key);
  if (!v) return;
  if (!v->is_string()) throw Unfixable(std::string("powershell-escapes: \"") + key + "\" is not a string");
  v->as_string() = unescape_powershell(v->as_string());
}

}  // namespace

// elevated_user, elevated_password and each of environment_vars of powershell provisioners lose
// their PowerShell escapes. When environment_vars is not a list of strings (null counts as an
// empty list, a null entry as ""), Packer drops the changes it made to that provisioner.
void fix_powershell_escapes(Value& tpl) {
  Value* provisioners = weak_list(tpl, "Provisioners", "provisioners");
  if (!provisioners) return;
  for (Value& original : provisioners->items()) {
    if (!original.is_object() || !type_is(original, "powershell")) continue;
    Value p = original;
    unescape_setting(p, "elevated_user");
    unescape_setting(p, "elevated_password");
    if (Value* vars = p.find("environment_vars")) {
      if (!vars->is_null() && !vars->is_array()) continue;
      Value unescaped = Value::array();
      for (const Value& v : vars->items()) {
        if (!v.is_string() && !v.is_null()) break;
        unescaped.push(Value::string(unescape_powershell(v.is_null() ? "" : v.as_string())));
      }
      if (unescaped.items().size() != vars->items().size()) continue;
      *vars = std::move(unescaped);
    }
    original = std::move(p);
  }
}

// ansible-local's galaxycommand becomes galaxy_command (when a string); with both, galaxycommand
// is dropped.
void fix_galaxy_command(Value& tpl) {
  Value* provisioners = weak_list(tpl, "Provisioners", "provisioners");
  if (!provisioners) return;
  for (Value& p : provisioners->items()) {
    if (!p.is_object() || !type_is(p, "ansible-local")) continue;
    if (p.find("galaxy_command")) p.erase("galaxycommand");
    else if (string_member(p, "galaxycommand")) rename_key(p, "galaxycommand", "galaxy_command");
  }
}

}  // namespace kiln::fix
