// A JSON value that remembers where in its file it came from, so every error can name line:column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiln/error.hpp"

namespace kiln {

// No JSON document kiln reads may nest arrays and objects deeper than this (docs/limits.md): every
// walk over a Value recurses once per level, and 512 levels stay far below any thread's stack.
inline constexpr size_t kMaxJsonNesting = 512;

class Value {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };

  Value() = default;
  static Value null(Position pos = {});
  static Value boolean(bool b, Position pos = {});
  static Value number(double d, Position pos = {});
  static Value integer(int64_t i, Position pos = {});
  static Value string(std::string s, Position pos = {});
  static Value array(Position pos = {});
  static Value object(Position pos = {});

  Type type() const { return type_; }
  const Position& pos() const { return pos_; }
  void set_pos(Position pos) { pos_ = std::move(pos); }
  bool is_null() const { return type_ == Type::Null; }
  bool is_bool() const { return type_ == Type::Bool; }
  bool is_number() const { return type_ == Type::Number; }
  bool is_string() const { return type_ == Type::String; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_object() const { return type_ == Type::Object; }
  // True for numbers written without fraction or exponent.
  bool is_integer() const { return type_ == Type::Number && integral_; }

  bool as_bool() const { return bool_; }
  double as_number() const { return number_; }
  int64_t as_int() const { return integer_; }
  const std::string& as_string() const { return string_; }
  std::string& as_string() { return string_; }

  // Arrays.
  size_t size() const { return type_ == Type::Object ? keys_.size() : items_.size(); }
  const std::vector<Value>& items() const { return items_; }
  std::vector<Value>& items() { return items_; }
  void push(Value v) { items_.push_back(std::move(v)); }

  // Objects keep their members in file order.
  const std::vector<std::string>& keys() const { return keys_; }
  const Value& member(size_t i) const { return items_[i]; }
  Value& member(size_t i) { return items_[i]; }
  const Position& key_pos(size_t i) const { return key_pos_[i]; }
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  // Adds or replaces `key`.
  void set(std::string key, Value v, Position key_pos = {});
  // Adds `key` after the members, even when it is there already (HCL's JSON syntax keeps both).
  void append(std::string key, Value v, Position key_pos = {});
  void erase(std::string_view key);

  // Human name of the type as JSON names it: "string", "object" ...
  static const char* type_name(Type t);
  // Compact JSON text.
  std::string to_json() const;

 private:
  Type type_ = Type::Null;
  Position pos_;
  bool bool_ = false;
  bool integral_ = false;
  double number_ = 0;
  int64_t integer_ = 0;
  std::string string_;
  std::vector<Value> items_;         // array items, or object values
  std::vector<std::string> keys_;    // object keys
  std::vector<Position> key_pos_;    // object key positions
};

struct ParseOptions {
  // Accept // and /* */ comments and trailing commas (which Packer rejects); ParseOutcome says
  // which were present.
  bool relaxed = true;
  // Keep an object's repeated keys as separate members (HCL's JSON syntax) instead of refusing them.
  bool duplicate_keys = false;
};

struct ParseOutcome {
  Value value;
  bool comments = false;         // the text needs // or /* */ comments to parse
  bool trailing_commas = false;  // the text needs trailing commas to parse
};

// Parses JSON text, recording positions with `origin` as the file name.
// Throws TemplateError naming origin:line:col on malformed input, and on duplicate object keys
// unless opts.duplicate_keys.
ParseOutcome parse_json(std::string_view text, const std::string& origin, ParseOptions opts = {});

}  // namespace kiln
