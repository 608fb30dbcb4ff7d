// Reports amazon-ebs config problems under the key's path ("builders[0].region: …"), for the 1.6.6
// decoder and the current plugin's options alike.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

#include "kiln/config.hpp"
#include "kiln/error.hpp"

namespace kiln::amazon {

struct ConfigReader {
  const Config& config;
  Problems& problems;

  // Names the key after the block's path; an empty key names the block.
  void error(std::string_view key, const std::string& message) const {
    if (key.empty())
      problems.add(Position{}, config.path(), message);
    else
      problems.add(config.pos(key), config.path() + "." + std::string(key), message);
  }
  // Checks that `obj` (a nested object at `where`) has only `allowed` keys.
  bool keys_ok(const Value& obj, const std::string& where, std::initializer_list<const char*> allowed) const {
    bool ok = true;
    for (size_t i = 0; i < obj.keys().size(); ++i) {
      const std::string& k = obj.keys()[i];
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; })) {
        problems.add(obj.key_pos(i), config.path() + "." + where, fmt::format("unknown key \"{}\"", k));
        ok = false;
      }
    }
    return ok;
  }
  // The object at `key` (nullptr when absent or not an object), after reporting keys outside `allowed`.
  const Value* object(std::string_view key, std::initializer_list<const char*> allowed) const {
    const Value* obj = config.value(key);
    if (!obj || !obj->is_object()) return nullptr;
    keys_ok(*obj, std::string(key), allowed);
    return obj;
  }
};

}  // namespace kiln::amazon
