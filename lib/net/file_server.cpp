#include "net/file_server.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <ctime>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "util/go_path.hpp"

namespace kiln::net {
namespace {

namespace fs = std::filesystem;

FileServerResponse fs_error(int status, std::string_view text) {  // as Go's http.Error
  FileServerResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "text/plain; charset=utf-8"}, {"X-Content-Type-Options", "nosniff"}};
  r.body = std::string(text) + "\n";
  return r;
}

FileServerResponse fs_redirect(std::string location, std::string_view query) {  // Go's localRedirect
  if (!query.empty()) location += "?" + std::string(query);
  FileServerResponse r;
  r.status = 301;
  r.headers = {{"Location", std::move(location)}};
  return r;
}

int fs_hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The target's path, %-decoded, and its raw query; false for a bad escape. An absolute-form target
// ("http://host/path") keeps its path.
bool fs_split_target(std::string_view target, std::string& path, std::string& query) {
  if (auto scheme = target.find("://"); !target.starts_with("/") && scheme != std::string_view::npos) {
    auto slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  auto mark = target.find('?');
  query = mark == std::string_view::npos ? "" : std::string(target.substr(mark + 1));
  std::string_view raw = target.substr(0, mark);
  path.clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      path += raw[i];
      continue;
    }
    if (i + 2 >= raw.size() || fs_hex(raw[i + 1]) < 0 || fs_hex(raw[i + 2]) < 0) return false;
    path += static_cast<char>(fs_hex(raw[i + 1]) * 16 + fs_hex(raw[i + 2]));
    i += 2;
  }
  if (!path.starts_with("/")) path.insert(0, "/");
  return true;
}

std::string fs_base(std::string_view path) {  // Go's path.Base
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos || path.size() == 1 ? path : path.substr(slash + 1));
}

std::string fs_http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

// mime.TypeByExtension's built-in table (Go 1.15), then Go's text test of the first 512 bytes.
std::string fs_content_type(std::string_view name, std::string_view head) {
  static const std::pair<std::string_view, std::string_view> types[] = {
      {".css", "text/css; charset=utf-8"}, {".gif", "image/gif"},
      {".htm", "text/html; charset=utf-8"}, {".html", "text/html; charset=utf-8"},
      {".jpg", "image/jpeg"}, {".js", "application/javascript"},
      {".mjs", "application/javascript"}, {".pdf", "application/pdf"},
      {".png", "image/png"}, {".svg", "image/svg+xml"},
      {".wasm", "application/wasm"}, {".webp", "image/webp"},
      {".xml", "text/xml; charset=utf-8"}};
  auto dot = name.rfind('.');
  if (dot != std::string_view::npos && name.find('/', dot) == std::string_view::npos) {
    std::string extension(name.substr(dot));
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [suffix, type] : types)
      if (suffix == extension) return std::string(type);
  }
  head = head.substr(0, 512);
  bool binary = std::any_of(head.begin(), head.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F);
  });
  return binary ? "application/octet-stream" : "text/plain; charset=utf-8";
}

std::string fs_escape_path(std::string_view name) {  // url.URL{Path: name}.String()
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) || std::string_view("-_.~$&+,/:;=@").find(static_cast<char>(c)) != std::string_view::npos)
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  auto colon = out.find(':');
  if (colon != std::string::npos && colon < out.find('/')) out.insert(0, "./");  // not read as a scheme
  return out;
}

std::string fs_escape_html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

FileServerResponse fs_listing(const fs::path& directory, const struct stat& info) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec))
    names.push_back(it->path().filename().string() + (it->is_directory(ec) && !it->is_symlink(ec) ? "/" : ""));
  if (ec) return fs_error(500, "Error reading directory");
  std::sort(names.begin(), names.end());
  FileServerResponse r;
  r.headers = {{"Content-Type", "text/html; charset=utf-8"}, {"Last-Modified", fs_http_date(info.st_mtime)}};
  r.body = "<pre>\n";
  for (const auto& name : names)
    r.body += fmt::format("<a href=\"{}\">{}</a>\n", fs_escape_path(name), fs_escape_html(name));
  r.body += "</pre>\n";
  return r;
}

FileServerResponse fs_file(const std::string& file, const struct stat& info) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == EACCES ? fs_error(403, "403 Forbidden") : fs_error(500, "500 Internal Server Error");
  char head[512];
  ssize_t got = ::read(fd, head, sizeof head);
  ::close(fd);
  FileServerResponse r;
  r.headers = {{"Content-Type", fs_content_type(file, std::string_view(head, got > 0 ? size_t(got) : 0))},
               {"Last-Modified", fs_http_date(info.st_mtime)}};
  r.file = file;
  r.file_size = static_cast<uint64_t>(info.st_size);
  return r;
}

}  // namespace

FileServerResponse file_server_response(const std::string& root, std::string_view target) {
  std::string url_path, query;
  if (!fs_split_target(target, url_path, query)) return fs_error(400, "400 Bad Request");
  if (url_path.ends_with("/index.html")) return fs_redirect("./", query);
  std::string name = go_clean_rooted_path(url_path);
  std::string file = (fs::path(root) / name.substr(1)).string();
  struct stat info{};
  if (::stat(file.c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return fs_error(404, "404 page not found");
    return errno == EACCES ? fs_error(403, "403 Forbidden") : fs_error(500, "500 Internal Server Error");
  }
  bool directory = S_ISDIR(info.st_mode);
  if (directory && !url_path.ends_with("/")) return fs_redirect(fs_base(url_path) + "/", query);
  if (!directory && url_path.ends_with("/")) return fs_redirect("../" + fs_base(url_path), query);
  if (!directory) return fs_file(file, info);
  std::string index = (fs::path(file) / "index.html").string();
  struct stat index_info{};
  if (::stat(index.c_str(), &index_info) == 0 && !S_ISDIR(index_info.st_mode)) return fs_file(index, index_info);
  return fs_listing(file, info);
}

FileServerResponse content_response(const std::map<std::string, std::string>& content, std::string_view target) {
  std::string url_path, query;
  if (!fs_split_target(target, url_path, query)) return fs_error(400, "400 Bad Request");
  std::string name = go_clean_rooted_path(url_path);
  auto found = content.find(name);
  if (found == content.end()) return fs_error(404, "404 page not found");
  FileServerResponse r;
  r.headers = {{"Content-Type", fs_content_type(name, found->second)}};
  r.body = found->second;
  return r;
}

}  // namespace kiln::net
