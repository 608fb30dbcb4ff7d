#include "util/json_document.hpp"

#include <rapidjson/reader.h>

#include "kiln/value.hpp"

namespace kiln {
namespace {

// Forwards SAX events to the document, stopping the parse when containers nest too deep.
class DepthLimited {
 public:
  explicit DepthLimited(rapidjson::Document& doc) : doc_(doc) {}
  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return doc_.RawNumber(s, n, copy); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc_.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc_.Key(s, n, copy); }
  bool StartObject() { return ++depth_ <= kMaxJsonNesting && doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType n) { return --depth_, doc_.EndObject(n); }
  bool StartArray() { return ++depth_ <= kMaxJsonNesting && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType n) { return --depth_, doc_.EndArray(n); }

 private:
  rapidjson::Document& doc_;
  size_t depth_ = 0;
};

}  // namespace

bool parse_document(rapidjson::Document& doc, const std::string& text) {
  bool ok = false;
  auto generate = [&](rapidjson::Document& target) {
    DepthLimited limited(target);
    rapidjson::StringStream stream(text.c_str());
    rapidjson::Reader reader;
    ok = !reader.Parse<rapidjson::kParseIterativeFlag>(stream, limited).IsError();
    return ok;
  };
  doc.SetNull();
  doc.Populate(generate);
  return ok;
}

}  // namespace kiln
