// JSON → kiln::Value with the line:column of every value, on RapidJSON's SAX reader.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

#include <fmt/format.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include "kiln/value.hpp"

namespace kiln {
namespace {

// Maps byte offsets to 1-based line:column.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    // memchr, not a loop over the characters: unoptimized, under the sanitizers, that loop took
    // half a second on a 64 MB template.
    starts_.push_back(0);
    const char* end = text.data() + text.size();
    for (const char* p = text.data(); p != end && (p = static_cast<const char*>(std::memchr(p, '\n', end - p))); ++p)
      starts_.push_back(static_cast<size_t>(p + 1 - text.data()));
  }
  Position at(const std::string& file, size_t offset) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset) - 1;
    return Position{file, static_cast<int>(it - starts_.begin()) + 1, static_cast<int>(offset - *it) + 1};
  }

 private:
  std::vector<size_t> starts_;
};

// A plain input stream. RapidJSON copies streams that declare copyOptimization (as StringStream
// does) into locals while parsing a token, so their Tell() lags during handler calls; this one
// does not declare it, so Tell() is exact inside every callback.
class TrackedStream {
 public:
  using Ch = char;
  explicit TrackedStream(const char* text) : begin_(text), cur_(text) {}
  Ch Peek() const { return *cur_; }
  Ch Take() { return *cur_++; }
  size_t Tell() const { return static_cast<size_t>(cur_ - begin_); }
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }

 private:
  const char* begin_;
  const char* cur_;
};

// Builds the Value tree. RapidJSON reports each token after consuming it, so token starts are
// recovered from the stream offset by scanning back over the token just read.
class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
 public:
  TreeBuilder(std::string_view text, const TrackedStream& stream, const LineIndex& lines, const std::string& file,
              bool duplicate_keys)
      : text_(text), stream_(stream), lines_(lines), file_(file), duplicate_keys_(duplicate_keys) {}

  bool Null() { return add(Value::null(scalar_pos())); }
  bool Bool(bool b) { return add(Value::boolean(b, scalar_pos())); }
  bool Int(int i) { return add(Value::integer(i, scalar_pos())); }
  bool Uint(unsigned u) { return add(Value::integer(u, scalar_pos())); }
  bool Int64(int64_t i) { return add(Value::integer(i, scalar_pos())); }
  bool Uint64(uint64_t u) { return add(Value::number(static_cast<double>(u), scalar_pos())); }
  bool Double(double d) { return add(Value::number(d, scalar_pos())); }
  bool String(const char* s, rapidjson::SizeType n, bool) { return add(Value::string(std::string(s, n), string_pos())); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    pending_key_ = std::string(s, n);
    pending_key_pos_ = string_pos();
    if (!duplicate_keys_ && stack_.back().find(pending_key_)) {
      refused_ = Problem{pending_key_pos_, {}, fmt::format("duplicate key \"{}\"", pending_key_)};
      return false;
    }
    return true;
  }
  // The iterative parser reports a container's start before consuming its bracket.
  bool StartObject() { return open(Value::object(lines_.at(file_, stream_.Tell()))); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool StartArray() { return open(Value::array(lines_.at(file_, stream_.Tell()))); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  Value take_root() { return std::move(root_); }
  // Why the builder stopped the parse: a duplicate key or nesting past kMaxJsonNesting.
  const std::optional<Problem>& refused() const { return refused_; }

 private:
  Position scalar_pos() const {
    size_t end = stream_.Tell();
    size_t start = end;
    while (start > 0 && std::string_view("0123456789+-.eEtruefalsn").find(text_[start - 1]) != std::string_view::npos) --start;
    return lines_.at(file_, start);
  }
  Position string_pos() const {
    // Tell() is just past the closing quote; find the opening quote that is not escaped (memrchr
    // for the same reason as LineIndex's memchr).
    size_t i = stream_.Tell() - 1;
    while (i > 0) {
      auto quote = static_cast<const char*>(memrchr(text_.data(), '"', i));
      if (!quote) return lines_.at(file_, 0);
      i = static_cast<size_t>(quote - text_.data());
      size_t backslashes = 0;
      while (i >= backslashes + 1 && text_[i - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) break;
    }
    return lines_.at(file_, i);
  }
  bool add(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
    } else if (stack_.back().is_object()) {
      stack_.back().append(std::move(pending_key_), std::move(v), pending_key_pos_);  // Key() refused a repeat
    } else {
      stack_.back().push(std::move(v));
    }
    return true;
  }
  bool open(Value v) {
    if (stack_.size() == kMaxJsonNesting) {
      refused_ = Problem{v.pos(), path_to_open(), fmt::format("nesting deeper than {} levels", kMaxJsonNesting)};
      return false;
    }
    keys_.push_back({std::move(pending_key_), pending_key_pos_});
    stack_.push_back(std::move(v));
    return true;
  }
  bool close() {
    Value done = std::move(stack_.back());
    stack_.pop_back();
    std::tie(pending_key_, pending_key_pos_) = std::move(keys_.back());
    keys_.pop_back();
    return add(std::move(done));
  }

  // The key path of the container being opened, e.g. "variables.x[0][0]…", its first levels only.
  std::string path_to_open() const {
    constexpr size_t shown = 8;
    std::string path;
    auto step = [&](const Value& parent, const std::string& key) {
      if (!parent.is_object()) path += fmt::format("[{}]", parent.items().size());
      else path += (path.empty() ? "" : ".") + key;
    };
    for (size_t i = 1; i < std::min(stack_.size(), shown); ++i) step(stack_[i - 1], keys_[i].first);
    if (stack_.size() <= shown) step(stack_.back(), pending_key_);
    else path += "…";
    return path;
  }

  std::string_view text_;
  const TrackedStream& stream_;
  const LineIndex& lines_;
  const std::string& file_;
  bool duplicate_keys_;
  std::vector<Value> stack_;
  std::vector<std::pair<std::string, Position>> keys_;  // key of each open container in its parent
  std::string pending_key_;
  Position pending_key_pos_;
  Value root_;
  std::optional<Problem> refused_;
};

template <unsigned Flags>
bool try_parse(std::string_view text, const std::string& origin, const LineIndex& lines, bool duplicate_keys, Value& out,
               Problem& error) {
  std::string buffer(text);  // RapidJSON needs a NUL-terminated string
  TrackedStream stream(buffer.c_str());
  TreeBuilder builder(buffer, stream, lines, origin, duplicate_keys);
  rapidjson::Reader reader;
  rapidjson::ParseResult result = reader.Parse<Flags | rapidjson::kParseStopWhenDoneFlag | rapidjson::kParseIterativeFlag>(stream, builder);
  if (builder.refused()) {
    error = *builder.refused();
    return false;
  }
  if (result.IsError()) {
    error = Problem{lines.at(origin, result.Offset()), {}, rapidjson::GetParseError_En(result.Code())};
    return false;
  }
  // Only whitespace may follow the document.
  size_t rest = stream.Tell();
  while (rest < text.size() && std::isspace(static_cast<unsigned char>(text[rest]))) ++rest;
  if (rest < text.size()) {
    error = Problem{lines.at(origin, rest), {}, "unexpected text after the end of the JSON document"};
    return false;
  }
  out = builder.take_root();
  return true;
}

}  // namespace

ParseOutcome parse_json(std::string_view text, const std::string& origin, ParseOptions opts) {
  LineIndex lines(text);
  ParseOutcome outcome;
  Problem strict_error;
  if (try_parse<rapidjson::kParseDefaultFlags>(text, origin, lines, opts.duplicate_keys, outcome.value, strict_error))
    return outcome;
  Problem relaxed_error;
  if (opts.relaxed && strict_error.message.find("duplicate key") == std::string::npos &&
      strict_error.message.find("nesting deeper") == std::string::npos &&
      try_parse<rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag>(
          text, origin, lines, opts.duplicate_keys, outcome.value, relaxed_error)) {
    Value ignored;
    Problem unused;
    outcome.trailing_commas = !try_parse<rapidjson::kParseCommentsFlag>(text, origin, lines, opts.duplicate_keys, ignored, unused);
    outcome.comments = !try_parse<rapidjson::kParseTrailingCommasFlag>(text, origin, lines, opts.duplicate_keys, ignored, unused);
    return outcome;
  }
  throw TemplateError({strict_error});
}

}  // namespace kiln
