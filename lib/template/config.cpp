// Schema-driven decoding of plugin configuration, with Packer's weakly typed conversions.
#include <algorithm>
#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "kiln/config.hpp"
#include "util/go_duration.hpp"

namespace kiln {

const Field* Schema::find(std::string_view key) const {
  for (const auto& f : fields)
    if (f.key == key) return &f;
  return nullptr;
}

namespace {

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A scalar where a string is wanted, as mapstructure's weak decoding writes it (a bool is "1" or "0").
std::string scalar_text(const Value& v) {
  switch (v.type()) {
    case Value::Type::String: return v.as_string();
    case Value::Type::Bool: return v.as_bool() ? "1" : "0";
    case Value::Type::Number:
      if (v.is_integer()) return std::to_string(v.as_int());
      return fmt::format("{}", v.as_number());
    default: return {};
  }
}

// Packer's decoder turns a string given for a list into its comma-separated parts, and the empty
// string into an empty list (mapstructure's StringToSliceHookFunc(",")), after interpolation: so
// "{{user `cidrs`}}" is no list when the variable is empty, and "a,b" is two items.
Value split_list(const Value& v) {
  Value list = Value::array(v.pos());
  const std::string& text = v.as_string();
  if (text.empty()) return list;
  for (size_t start = 0;;) {
    size_t comma = text.find(',', start);
    list.push(Value::string(text.substr(start, comma - start), v.pos()));
    if (comma == std::string::npos) return list;
    start = comma + 1;
  }
}

bool is_scalar(const Value& v) { return v.is_string() || v.is_bool() || v.is_number() || v.is_null(); }

std::optional<bool> parse_bool(std::string_view s) {
  // strconv.ParseBool's spellings; the empty string is false, as Packer's weak decoding has it.
  for (auto t : {"1", "t", "T", "TRUE", "true", "True"})
    if (s == t) return true;
  for (auto f : {"", "0", "f", "F", "FALSE", "false", "False"})
    if (s == f) return false;
  return std::nullopt;
}

std::optional<int64_t> parse_int(std::string_view s) {
  if (s.empty()) return 0;
  int64_t out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return out;
}

std::optional<double> parse_double(std::string_view s) {
  if (s.empty()) return 0.0;
  double out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return out;
}

class Decoder {
 public:
  Decoder(const InterpContext& ctx, Problems& problems) : ctx_(ctx), problems_(problems) {}

  // Interpolates every string inside `v`.
  Value expand(const Value& v, const std::string& path) {
    if (v.is_string()) {
      try {
        return Value::string(interpolate(v.as_string(), ctx_), v.pos());
      } catch (const Error& e) {
        problems_.add(v.pos(), path, e.what());
        return v;
      }
    }
    Value out = v;
    if (v.is_array()) {
      for (size_t i = 0; i < v.items().size(); ++i) out.items()[i] = expand(v.items()[i], fmt::format("{}[{}]", path, i));
    } else if (v.is_object()) {
      for (size_t i = 0; i < v.size(); ++i) out.member(i) = expand(v.member(i), path + "." + v.keys()[i]);
    }
    return out;
  }

  // Converts `v` to the field's type; nullopt (with a problem recorded) when it cannot.
  std::optional<Value> convert(const Value& v, FieldType type, const std::string& path) {
    auto fail = [&](const char* want) -> std::optional<Value> {
      problems_.add(v.pos(), path, fmt::format("expected {}, got {}", want, Value::type_name(v.type())));
      return std::nullopt;
    };
    const Position& pos = v.pos();
    switch (type) {
      case FieldType::String:
        if (!is_scalar(v)) return fail("a string");
        return Value::string(scalar_text(v), pos);
      case FieldType::Bool:
        if (v.is_bool()) return v;
        if (v.is_number()) return Value::boolean(v.as_number() != 0, pos);
        if (v.is_null()) return Value::boolean(false, pos);
        if (v.is_string()) {
          if (auto b = parse_bool(v.as_string())) return Value::boolean(*b, pos);
          problems_.add(pos, path, fmt::format("cannot parse \"{}\" as a boolean", v.as_string()));
          return std::nullopt;
        }
        return fail("a boolean");
      case FieldType::Int:
        if (v.is_number()) return Value::integer(v.as_int(), pos);
        if (v.is_bool()) return Value::integer(v.as_bool() ? 1 : 0, pos);
        if (v.is_null()) return Value::integer(0, pos);
        if (v.is_string()) {
          if (auto i = parse_int(v.as_string())) return Value::integer(*i, pos);
          problems_.add(pos, path, fmt::format("cannot parse \"{}\" as an integer", v.as_string()));
          return std::nullopt;
        }
        return fail("an integer");
      case FieldType::Number:
        if (v.is_number()) return v;
        if (v.is_null()) return Value::number(0, pos);
        if (v.is_string()) {
          if (auto d = parse_double(v.as_string())) return Value::number(*d, pos);
          problems_.add(pos, path, fmt::format("cannot parse \"{}\" as a number", v.as_string()));
          return std::nullopt;
        }
        return fail("a number");
      case FieldType::Duration:
        if (v.is_number() && v.is_integer()) return v;
        if (v.is_null()) return Value::string("", pos);
        if (v.is_string()) {
          try {
            parse_go_duration(v.as_string());  // "" too: Go's time.ParseDuration refuses it, as Packer does
            return v;
          } catch (const Error& e) {
            problems_.add(pos, path, e.what());
            return std::nullopt;
          }
        }
        return fail("a duration such as \"5m\"");
      case FieldType::StringList: {
        if (v.is_null()) return Value::array(pos);
        if (v.is_string()) return split_list(v);
        if (is_scalar(v)) {
          Value list = Value::array(pos);
          list.push(Value::string(scalar_text(v), pos));
          return list;
        }
        if (!v.is_array()) return fail("a list of strings");
        Value list = Value::array(pos);
        for (size_t i = 0; i < v.items().size(); ++i) {
          const Value& item = v.items()[i];
          if (!is_scalar(item)) {
            problems_.add(item.pos(), fmt::format("{}[{}]", path, i),
                          fmt::format("expected a string, got {}", Value::type_name(item.type())));
            return std::nullopt;
          }
          list.push(Value::string(scalar_text(item), item.pos()));
        }
        return list;
      }
      case FieldType::IntList: {
        auto list = convert(v, FieldType::List, path);
        if (!list) return std::nullopt;
        Value ints = Value::array(pos);
        for (size_t i = 0; i < list->items().size(); ++i) {
          auto item = convert(list->items()[i], FieldType::Int, fmt::format("{}[{}]", path, i));
          if (!item) return std::nullopt;
          ints.push(std::move(*item));
        }
        return ints;
      }
      case FieldType::StringMap: {
        if (v.is_null()) return Value::object(pos);
        if (!v.is_object()) return fail("an object of strings");
        Value map = Value::object(pos);
        for (size_t i = 0; i < v.size(); ++i) {
          const Value& item = v.member(i);
          if (!is_scalar(item)) {
            problems_.add(item.pos(), path + "." + v.keys()[i],
                          fmt::format("expected a string, got {}", Value::type_name(item.type())));
            return std::nullopt;
          }
          map.set(v.keys()[i], Value::string(scalar_text(item), item.pos()), v.key_pos(i));
        }
        return map;
      }
      case FieldType::Object:
        if (v.is_null()) return Value::object(pos);
        if (!v.is_object()) return fail("an object");
        return v;
      case FieldType::List:
        if (v.is_null()) return Value::array(pos);
        if (v.is_string()) return split_list(v);
        if (!v.is_array()) {
          Value list = Value::array(pos);
          list.push(v);
          return list;
        }
        return v;
      case FieldType::Any:
        return v;
    }
    return v;
  }

 private:
  const InterpContext& ctx_;
  Problems& problems_;
};

}  // namespace

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    // The distance is at least the difference in length: a huge word (hostile input) costs nothing.
    size_t length_gap = word.size() > c.size() ? word.size() - c.size() : c.size() - word.size();
    if (length_gap >= best_distance) continue;
    size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

Config decode_config(const Value& raw, const Schema& schema, const InterpContext& ctx, const std::string& path,
                     Problems& problems, const std::vector<std::string>& ignored) {
  if (!raw.is_object()) {
    problems.add(raw.pos(), path, fmt::format("expected an object, got {}", Value::type_name(raw.type())));
    return Config(Value::object(raw.pos()), path, ctx.environment);
  }
  Decoder decoder(ctx, problems);
  Value out = Value::object(raw.pos());
  std::vector<std::string> known;
  for (const auto& f : schema.fields) known.push_back(f.key);
  for (size_t i = 0; i < raw.size(); ++i) {
    const std::string& key = raw.keys()[i];
    if (std::find(ignored.begin(), ignored.end(), key) != ignored.end()) continue;
    const Field* field = schema.find(key);
    if (!field && schema.open) {
      out.set(key, decoder.expand(raw.member(i), path + "." + key), raw.key_pos(i));
      continue;
    }
    if (!field && std::find(schema.deprecated.begin(), schema.deprecated.end(), key) != schema.deprecated.end()) {
      problems.add(raw.key_pos(i), path,
                   fmt::format("deprecated key \"{}\" (`kiln fix` rewrites it in a JSON template)", key));
      continue;
    }
    if (!field) {
      std::string hint = did_you_mean(key, known);
      problems.add(raw.key_pos(i), path,
                   hint.empty() ? fmt::format("unknown key \"{}\"", key)
                                : fmt::format("unknown key \"{}\" (did you mean \"{}\"?)", key, hint));
      continue;
    }
    const Value& value = raw.member(i);
    Value expanded = field->late ? value : decoder.expand(value, path + "." + key);
    if (auto converted = decoder.convert(expanded, field->type, path + "." + key)) out.set(key, std::move(*converted), raw.key_pos(i));
  }
  for (const auto& f : schema.fields) {
    if (f.required && !raw.find(f.key)) problems.add(raw.pos(), path, fmt::format("missing required key \"{}\"", f.key));
  }
  return Config(std::move(out), path, ctx.environment);
}

bool Config::has(std::string_view key) const { return object_.find(key) != nullptr; }

const Environment& Config::environment() const {
  static const Environment empty;
  return environment_ ? *environment_ : empty;
}

Position Config::pos(std::string_view key) const {
  const Value* v = object_.find(key);
  return v ? v->pos() : object_.pos();
}

std::string Config::str(std::string_view key, std::string def) const {
  const Value* v = object_.find(key);
  return v && v->is_string() ? v->as_string() : def;
}

bool Config::boolean(std::string_view key, bool def) const {
  const Value* v = object_.find(key);
  return v && v->is_bool() ? v->as_bool() : def;
}

int64_t Config::integer(std::string_view key, int64_t def) const {
  const Value* v = object_.find(key);
  return v && v->is_number() ? v->as_int() : def;
}

double Config::number(std::string_view key, double def) const {
  const Value* v = object_.find(key);
  return v && v->is_number() ? v->as_number() : def;
}

std::chrono::nanoseconds Config::duration(std::string_view key, std::chrono::nanoseconds def) const {
  const Value* v = object_.find(key);
  if (!v) return def;
  if (v->is_number()) return std::chrono::nanoseconds(v->as_int());
  if (v->is_string() && !v->as_string().empty()) return parse_go_duration(v->as_string());
  return def;
}

std::vector<std::string> Config::strings(std::string_view key) const {
  std::vector<std::string> out;
  const Value* v = object_.find(key);
  if (v && v->is_array())
    for (const auto& item : v->items()) out.push_back(item.is_string() ? item.as_string() : scalar_text(item));
  return out;
}

std::vector<int64_t> Config::integers(std::string_view key) const {
  std::vector<int64_t> out;
  const Value* v = object_.find(key);
  if (v && v->is_array())
    for (const auto& item : v->items()) out.push_back(item.as_int());
  return out;
}

std::map<std::string, std::string> Config::string_map(std::string_view key) const {
  std::map<std::string, std::string> out;
  const Value* v = object_.find(key);
  if (v && v->is_object())
    for (size_t i = 0; i < v->size(); ++i) out[v->keys()[i]] = scalar_text(v->member(i));
  return out;
}

std::chrono::nanoseconds parse_go_duration(std::string_view text) {
  try {
    return std::chrono::nanoseconds(go_parse_duration(text));
  } catch (const GoDurationError& e) {
    std::string why = e.kind == GoDurationError::Kind::MissingUnit   ? ": missing unit"
                      : e.kind == GoDurationError::Kind::UnknownUnit ? fmt::format(": unknown unit \"{}\"", e.unit)
                                                                     : "";
    throw Error(fmt::format("invalid duration \"{}\"{}", text, why), ErrorCode::Config);
  }
}

}  // namespace kiln
