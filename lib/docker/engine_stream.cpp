#include "docker/engine_stream.hpp"

#include <rapidjson/document.h>

#include "util/json_document.hpp"

namespace kiln::docker {

std::string engine_message(const std::string& body) {
  rapidjson::Document d;
  if (parse_document(d, body) && d.IsObject() && d.HasMember("message") && d["message"].IsString()) return d["message"].GetString();
  return body;
}

void read_progress_line(const std::string& line, std::string& error,
                        const std::function<void(const std::string&)>& on_status) {
  rapidjson::Document doc;
  if (!parse_document(doc, line) || !doc.IsObject()) return;
  if (doc.HasMember("error") && doc["error"].IsString()) {
    if (error.empty()) error = doc["error"].GetString();
  } else if (doc.HasMember("status") && doc["status"].IsString() && on_status) {
    on_status(doc["status"].GetString());
  }
}

int exec_exit_code(const std::string& inspect_body) {
  rapidjson::Document d;
  if (!parse_document(d, inspect_body) || !d.IsObject() || !d.HasMember("ExitCode") || !d["ExitCode"].IsInt()) return -1;
  return d["ExitCode"].GetInt();
}

void ExecOutput::add(const char* data, size_t n) {
  frames_.append(data, n);
  while (frames_.size() >= 8) {
    size_t len = (static_cast<size_t>(static_cast<unsigned char>(frames_[4])) << 24) |
                 (static_cast<size_t>(static_cast<unsigned char>(frames_[5])) << 16) |
                 (static_cast<size_t>(static_cast<unsigned char>(frames_[6])) << 8) | static_cast<unsigned char>(frames_[7]);
    if (frames_.size() < 8 + len) break;
    int stream = frames_[0] == 2 ? 1 : 0;
    lines_[stream].append(frames_, 8, len);
    frames_.erase(0, 8 + len);
    flush(stream, false);
  }
}

void ExecOutput::finish() {
  flush(0, true);
  flush(1, true);
}

void ExecOutput::flush(int stream, bool all) {
  std::string& p = lines_[stream];
  size_t start = 0;
  for (size_t nl; (nl = p.find('\n', start)) != std::string::npos; start = nl + 1)
    if (on_line_) on_line_(std::string_view(p).substr(start, nl - start), stream == 1);
  p.erase(0, start);
  if (all && !p.empty()) {
    if (on_line_) on_line_(p, stream == 1);
    p.clear();
  }
}

}  // namespace kiln::docker
