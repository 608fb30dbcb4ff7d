// Encoding functions: base64encode, base64decode, base64gzip, csvdecode, urlencode,
// textencodebase64, textdecodebase64.
#include <libdeflate.h>

#include <cstdio>

#include "codec/go_deflate.hpp"
#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"
#include "hcl/functions/text.hpp"
#include "hcl/utf8.hpp"
#include "util/base64.hpp"

namespace kiln::hcl::functions {

namespace {


// Go's base64.StdEncoding.DecodeString: padding required; \r and \n are skipped.
std::optional<std::string> base64_decode(const std::string& in) {
  std::string clean;
  for (char c : in)
    if (c != '\r' && c != '\n') clean += c;
  if (clean.size() % 4 != 0) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < clean.size(); i += 4) {
    bool last = i + 4 == clean.size();
    size_t pads = 0;
    if (last) pads = (clean[i + 3] == '=') + (clean[i + 2] == '=' && clean[i + 3] == '=');
    uint32_t bits = 0;
    for (size_t k = 0; k < 4; ++k) {
      int v = k >= 4 - pads ? 0 : value(clean[i + k]);
      if (v < 0) return std::nullopt;
      bits = bits << 6 | uint32_t(v);
    }
    out += char(bits >> 16);
    if (pads < 2) out += char(bits >> 8 & 0xFF);
    if (pads < 1) out += char(bits & 0xFF);
  }
  return out;
}

// Go's gzip.Writer at the default level: a header without name or time, Go's deflate, CRC-32, size.
std::string gzip(const std::string& data) {
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
  codec::GoDeflater deflater([&out](const char* p, size_t n) { out.append(p, n); }, -1);
  deflater.write({reinterpret_cast<const uint8_t*>(data.data()), data.size()});
  deflater.close();
  uint32_t crc = uint32_t(libdeflate_crc32(0, data.data(), data.size()));
  auto size = uint32_t(data.size());
  for (uint32_t word : {crc, size})
    for (int i = 0; i < 4; ++i) out += char(word >> (8 * i) & 0xFF);
  return out;
}

// Go's url.QueryEscape.
std::string query_escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += char(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// Records as Go's encoding/csv reads them (RFC 4180 quoting, \r\n or \n line ends).
std::vector<std::vector<std::string>> csv_records(const std::string& in) {
  std::vector<std::vector<std::string>> records;
  size_t i = 0, line = 1;
  while (i < in.size()) {
    std::vector<std::string> record;
    size_t record_line = line;
    for (;;) {
      std::string field;
      if (i < in.size() && in[i] == '"') {
        ++i;
        for (;;) {
          if (i >= in.size()) fail("parse error on line " + std::to_string(record_line) + ": extraneous or missing \" in quoted-field");
          if (in[i] == '"') {
            if (i + 1 < in.size() && in[i + 1] == '"') {
              field += '"', i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (in[i] == '\n') ++line;
          field += in[i++];
        }
        if (i < in.size() && in[i] != ',' && in[i] != '\n' && in[i] != '\r')
          fail("parse error on line " + std::to_string(line) + ": extraneous or missing \" in quoted-field");
      } else {
        while (i < in.size() && in[i] != ',' && in[i] != '\n' && !(in[i] == '\r' && i + 1 < in.size() && in[i + 1] == '\n')) {
          if (in[i] == '"') fail("parse error on line " + std::to_string(line) + ": bare \" in non-quoted-field");
          field += in[i++];
        }
      }
      record.push_back(std::move(field));
      if (i < in.size() && in[i] == ',') {
        ++i;
        continue;
      }
      if (i < in.size() && in[i] == '\r') ++i;
      if (i < in.size() && in[i] == '\n') ++i, ++line;
      break;
    }
    if (records.size() > 0 && record.size() != records[0].size())
      fail("record on line " + std::to_string(record_line) + ": wrong number of fields");
    records.push_back(std::move(record));
  }
  return records;
}

Value csvdecode(const Args& a) {
  std::vector<std::vector<std::string>> records = csv_records(a[0].as_string());
  if (records.empty()) fail("missing header line");
  const std::vector<std::string>& header = records[0];
  std::map<std::string, Type> attribute_types;
  for (const std::string& name : header) attribute_types[name] = kString;
  Type row_type = Type::object(attribute_types);
  std::vector<Value> rows;
  for (size_t r = 1; r < records.size(); ++r) {
    std::map<std::string, Value> row;
    for (size_t c = 0; c < header.size(); ++c) row[header[c]] = text(records[r][c]);
    rows.push_back(Value::object(std::move(row)));
  }
  return Value::list(std::move(rows), row_type);
}

// The few text encodings kiln knows for textencodebase64/textdecodebase64 (Packer accepts every
// IANA name): UTF-8, UTF-16 in either byte order or with a byte order mark, ISO-8859-1.
enum class Encoding { Utf8, Utf16LE, Utf16BE, Utf16, Latin1 };

std::optional<Encoding> encoding_named(std::string name) {
  for (char& c : name) c = char(std::toupper(static_cast<unsigned char>(c)));
  if (name == "UTF-8" || name == "UTF8") return Encoding::Utf8;
  if (name == "UTF-16LE") return Encoding::Utf16LE;
  if (name == "UTF-16BE") return Encoding::Utf16BE;
  if (name == "UTF-16") return Encoding::Utf16;
  if (name == "ISO-8859-1" || name == "LATIN1" || name == "ISO_8859-1") return Encoding::Latin1;
  return std::nullopt;
}

Encoding encoding_arg(const Args& a, size_t index) {
  std::optional<Encoding> e = encoding_named(a[index].as_string());
  if (!e) fail_arg(index, "\"" + a[index].as_string() + "\" is not a supported IANA encoding name or alias");
  return *e;
}

std::string encode_text(const std::string& s, Encoding e) {
  if (e == Encoding::Utf8) return s;
  std::string out;
  // IANA's UTF-16: big-endian after a byte order mark.
  if (e == Encoding::Utf16) out = "\xFE\xFF", e = Encoding::Utf16BE;
  std::string_view rest = s;
  while (!rest.empty()) {
    CodePoint cp = decode_utf8(rest);
    char32_t c = cp.length == 0 ? 0xFFFD : cp.value;
    rest.remove_prefix(cp.length == 0 ? 1 : cp.length);
    if (e == Encoding::Latin1) {
      if (c > 0xFF) fail_arg(0, "the given string contains characters that cannot be represented in ISO-8859-1");
      out += char(c);
      continue;
    }
    std::vector<uint16_t> units;
    if (c >= 0x10000) units = {uint16_t(0xD800 + ((c - 0x10000) >> 10)), uint16_t(0xDC00 + ((c - 0x10000) & 0x3FF))};
    else units = {uint16_t(c)};
    for (uint16_t u : units) {
      char hi = char(u >> 8), lo = char(u & 0xFF);
      out += e == Encoding::Utf16LE ? std::string{lo, hi} : std::string{hi, lo};
    }
  }
  return out;
}

std::string decode_text(const std::string& bytes, Encoding e) {
  if (e == Encoding::Utf8) return bytes;
  std::string out;
  if (e == Encoding::Latin1) {
    for (unsigned char c : bytes) append_utf8(out, c);
    return out;
  }
  if (bytes.size() % 2 != 0) fail_arg(0, "the given value is not valid UTF-16");
  size_t start = 0;
  if (e == Encoding::Utf16) {
    // A byte order mark decides, and is no part of the text; without one, big-endian.
    e = Encoding::Utf16BE;
    if (bytes.rfind("\xFF\xFE", 0) == 0) e = Encoding::Utf16LE, start = 2;
    else if (bytes.rfind("\xFE\xFF", 0) == 0) start = 2;
  }
  auto unit = [&](size_t i) {
    auto b0 = static_cast<unsigned char>(bytes[i]), b1 = static_cast<unsigned char>(bytes[i + 1]);
    return e == Encoding::Utf16LE ? uint16_t(b1 << 8 | b0) : uint16_t(b0 << 8 | b1);
  };
  for (size_t i = start; i < bytes.size(); i += 2) {
    char32_t c = unit(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 3 < bytes.size()) {
      char32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00), i += 2;
    }
    append_utf8(out, (c >= 0xD800 && c <= 0xDFFF) ? 0xFFFD : c);
  }
  return out;
}

}  // namespace

void add_encoding_functions(FunctionTable& table) {
  table["base64encode"] = fixed({param("str", kString)}, kString, [](const Args& a) { return text(base64(a[0].as_string())); });
  table["base64decode"] = fixed({param("str", kString)}, kString, [](const Args& a) {
    std::optional<std::string> decoded = base64_decode(a[0].as_string());
    if (!decoded) fail("failed to decode base64 data '" + a[0].as_string() + "'");
    if (!valid_utf8(*decoded)) fail("contents of '" + a[0].as_string() + "' are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead");
    return text(*decoded);
  });
  table["base64gzip"] = fixed({param("str", kString)}, kString, [](const Args& a) { return text(base64(gzip(a[0].as_string()))); });
  table["urlencode"] = fixed({param("str", kString)}, kString, [](const Args& a) { return text(query_escape(a[0].as_string())); });
  Function csv;
  csv.params = {param("str", kString)};
  csv.impl = csvdecode;
  table["csvdecode"] = csv;
  table["textencodebase64"] = fixed({param("string", kString), param("encoding", kString)}, kString, [](const Args& a) {
    return text(base64(encode_text(a[0].as_string(), encoding_arg(a, 1))));
  });
  table["textdecodebase64"] = fixed({param("source", kString), param("encoding", kString)}, kString, [](const Args& a) {
    Encoding e = encoding_arg(a, 1);
    std::optional<std::string> bytes = base64_decode(a[0].as_string());
    if (!bytes) fail_arg(0, "invalid source string: illegal base64 data");
    return text(decode_text(*bytes, e));
  });
}

}  // namespace kiln::hcl::functions
