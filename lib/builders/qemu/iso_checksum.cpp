#include "builders/qemu/iso_checksum.hpp"

#include <cctype>
#include <sstream>

#include <fmt/format.h>

#include "builders/qemu/iso_location.hpp"
#include "kiln/error.hpp"
#include "net/http.hpp"
#include "util/digest.hpp"
#include "util/read_file.hpp"

namespace kiln::qemu {
namespace {

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Go's hex.DecodeString errors: the first bad byte wins over an odd length.
void check_hex(const std::string& hex) {
  for (char c : hex)
    if (!is_hex_digit(c))
      throw Error(fmt::format("invalid checksum: encoding/hex: invalid byte: U+{:04X} '{}'",
                              static_cast<unsigned char>(c), c));
  if (hex.size() % 2 == 1) throw Error("invalid checksum: encoding/hex: odd length hex string");
}

std::string type_for_length(const std::string& hex) {
  switch (hex.size()) {
    case 32: return "md5";
    case 40: return "sha1";
    case 64: return "sha256";
    case 128: return "sha512";
    default: return {};
  }
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string typed_checksum(const std::string& type, const std::string& hex) {
  check_hex(hex);
  if (type.empty()) {
    std::string guessed = type_for_length(hex);
    if (guessed.empty()) throw Error(fmt::format("Unknown type for checksum {}", hex));
    return guessed + ":" + lower(hex);
  }
  std::string t = lower(type);
  if (t != "md5" && t != "sha1" && t != "sha256" && t != "sha512")
    throw Error(fmt::format("unsupported checksum type: {}", type));
  return t + ":" + lower(hex);
}

std::string base_name(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string read_checksum_list(const std::string& source, const Environment& env) {
  IsoLocation where = locate(source);
  if (!where.local) {
    net::Request req;
    req.url = source;
    req.environment = &env;
    net::Response resp = net::perform(req);
    if (resp.status < 200 || resp.status > 299)
      throw Error(fmt::format("Error downloading checksum file: bad response code: {}", resp.status));
    return resp.body;
  }
  try {
    return read_input_file(where.path, "checksum file");
  } catch (const Error&) {
    throw Error(fmt::format("Error downloading checksum file: source path error: stat {}: no such file or directory",
                            where.path));
  }
}

// The entry for `file_name` in a GNU ("hex  name", "hex *name") or BSD ("SHA256 (name) = hex") list.
std::string checksum_from_list(const std::string& list, const std::string& file_name, const std::string& source) {
  std::istringstream lines(list);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto open = line.find(" (");
    auto close = line.rfind(") = ");
    if (open != std::string::npos && close != std::string::npos && close > open) {
      std::string name = line.substr(open + 2, close - open - 2);
      if (base_name(name) == file_name) return typed_checksum(line.substr(0, open), line.substr(close + 4));
      continue;
    }
    std::istringstream fields(line);
    std::string hex, name;
    if (!(fields >> hex >> name)) continue;
    if (name.starts_with('*')) name.erase(0, 1);
    if (base_name(name) == file_name) return typed_checksum("", hex);
  }
  throw Error(fmt::format("no checksum found in: {}", locate(source).local ? locate(source).path : source));
}

}  // namespace

std::string resolve_iso_checksum(const std::string& spec, const std::string& iso_url, const Environment& env) {
  if (spec.starts_with("file:")) {
    std::string source = spec.substr(5);
    // "file:http://…" names a remote list; "file:/path" and "file:./path" a local one.
    if (source.starts_with("//")) source = "file:" + source;
    return checksum_from_list(read_checksum_list(source, env), base_name(locate(iso_url).path), source);
  }
  auto colon = spec.find(':');
  if (colon == std::string::npos) return typed_checksum("", spec);
  return typed_checksum(spec.substr(0, colon), spec.substr(colon + 1));
}

void verify_checksum(const std::string& path, const std::string& checksum, const CancelToken& cancel) {
  auto colon = checksum.find(':');
  std::string type = checksum.substr(0, colon), want = checksum.substr(colon + 1);
  std::string got = file_digests(path, {type}, cancel).at(0);
  if (got != want)
    throw Error(fmt::format("Checksums did not match for {}.\nExpected: {}\nGot: {}", path, want, got), ErrorCode::Build);
}

}  // namespace kiln::qemu
