// The answers of Go's http.FileServer(http.Dir(dir)), which serves Packer's http_directory, and of
// the map server behind Packer's later http_content — as data; http_server.hpp puts them on the wire.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiln::net {

struct FileServerResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type, Location, Last-Modified
  std::string body;  // the body, unless `file` names one
  std::string file;  // a file whose `file_size` bytes are the body
  uint64_t file_size = 0;
};

// What FileServer answers for the request target `target` ("/ks.cfg?x=1"): the file under `root`
// (".." never leaves it); a directory's index.html or else a listing of its entries; 301 to
// "name/" for a directory asked for without the slash, to "./" for ".../index.html", to
// "../name" for a file asked for with one; 404 "404 page not found", 403, 400 for a bad %-escape.
// Content-Type by file extension (Go's built-in table), else text/plain for text and
// application/octet-stream otherwise (Go sniffs more kinds). No ranges, no If-Modified-Since.
FileServerResponse file_server_response(const std::string& root, std::string_view target);

// http_content: the text mapped to the request's cleaned path ("/preseed.cfg"), else 404.
FileServerResponse content_response(const std::map<std::string, std::string>& content, std::string_view target);

}  // namespace kiln::net
