#include "docker/engine.hpp"

#include <cstdlib>
#include <memory>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "docker/engine_stream.hpp"
#include "kiln/error.hpp"
#include "net/curl_api.hpp"
#include "util/base64.hpp"
#include "util/json_document.hpp"

namespace kiln::docker {
namespace {

using net::curl_api;

struct Transfer {
  CURL* curl = nullptr;
  std::string body;
  const std::function<void(const char*, size_t)>* on_data = nullptr;
  const std::string* upload = nullptr;
  size_t uploaded = 0;
  const CancelToken* cancel = nullptr;
};

size_t on_write(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  long status = 0;
  curl_api().easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
  // An error answer is kept whole for its message, not streamed.
  if (t->on_data && *t->on_data && status < 300) (*t->on_data)(data, size * n);
  else t->body.append(data, size * n);
  return size * n;
}

size_t on_read(char* buffer, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t take = std::min(size * n, t->upload->size() - t->uploaded);
  std::memcpy(buffer, t->upload->data() + t->uploaded, take);
  t->uploaded += take;
  return take;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Transfer*>(user)->cancel->cancelled() ? 1 : 0;
}

}  // namespace

std::string response_string(const Response& r, const char* key) {
  rapidjson::Document d;
  if (!parse_document(d, r.body) || !d.IsObject() || !d.HasMember(key) || !d[key].IsString())
    throw RemoteError(fmt::format("the Docker engine's answer has no string \"{}\"", key));
  return d[key].GetString();
}

std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

Engine::Engine(std::string host) : host_(std::move(host)) {
  if (host_.empty()) host_ = "unix:///var/run/docker.sock";
  if (host_.rfind("unix://", 0) == 0) {
    socket_ = host_.substr(7);
    base_ = "http://localhost/v1.41";
  } else if (host_.rfind("tcp://", 0) == 0) {
    base_ = "http://" + host_.substr(6) + "/v1.41";
  } else {
    throw Error(fmt::format("unsupported DOCKER_HOST \"{}\": use unix:// or tcp://", host_), ErrorCode::Invalid);
  }
}

Response Engine::call(const std::string& method, const std::string& path, const std::string& json_body,
                      const CancelToken& cancel, const std::function<void(const char*, size_t)>& on_data,
                      const std::string* upload, const char* content_type) const {
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_api().easy_init(), curl_api().easy_cleanup);
  Transfer t;
  t.curl = curl.get();
  t.on_data = &on_data;
  t.cancel = &cancel;
  std::string url = base_ + path;
  curl_api().easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  if (!socket_.empty()) curl_api().easy_setopt(curl.get(), CURLOPT_UNIX_SOCKET_PATH, socket_.c_str());
  curl_api().easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_api().easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, on_write);
  curl_api().easy_setopt(curl.get(), CURLOPT_WRITEDATA, &t);
  curl_api().easy_setopt(curl.get(), CURLOPT_NOPROGRESS, 0L);
  curl_api().easy_setopt(curl.get(), CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_api().easy_setopt(curl.get(), CURLOPT_XFERINFODATA, &t);
  curl_api().easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 10L);
  curl_slist* headers = nullptr;
  headers = curl_api().slist_append(headers, fmt::format("Content-Type: {}", content_type).c_str());
  if (!registry_auth_.empty()) headers = curl_api().slist_append(headers, ("X-Registry-Auth: " + registry_auth_).c_str());
  curl_api().easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  if (upload) {
    t.upload = upload;
    curl_api().easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
    curl_api().easy_setopt(curl.get(), CURLOPT_READFUNCTION, on_read);
    curl_api().easy_setopt(curl.get(), CURLOPT_READDATA, &t);
    curl_api().easy_setopt(curl.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload->size()));
    curl_api().easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
  } else if (!json_body.empty() || method == "POST") {
    curl_api().easy_setopt(curl.get(), CURLOPT_POSTFIELDS, json_body.c_str());
    curl_api().easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(json_body.size()));
  }
  CURLcode rc = curl_api().easy_perform(curl.get());
  curl_api().slist_free_all(headers);
  if (rc == CURLE_ABORTED_BY_CALLBACK) throw Cancelled();
  if (rc != CURLE_OK)
    throw RemoteError(fmt::format("docker engine at {}: {} {}: {}", host_, method, path, curl_api().easy_strerror(rc)));
  Response r;
  curl_api().easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &r.status);
  r.body = std::move(t.body);
  return r;
}

Response Engine::checked(const std::string& method, const std::string& path, const std::string& json_body,
                         const CancelToken& cancel, const std::function<void(const char*, size_t)>& on_data,
                         const std::string* upload, const char* content_type) const {
  Response r = call(method, path, json_body, cancel, on_data, upload, content_type);
  if (r.status < 200 || r.status >= 300)
    throw RemoteError(fmt::format("docker {} {}: {} (HTTP {})", method, path, engine_message(r.body), r.status));
  return r;
}

bool Engine::image_exists(const std::string& image) const {
  return call("GET", "/images/" + image + "/json").status == 200;
}

void Engine::progress_stream(const std::string& path, const std::string& what, const CancelToken& cancel,
                             const std::function<void(const std::string&)>& on_status) const {
  std::string pending;
  std::string error;
  Response r = call("POST", path, {}, cancel, [&](const char* d, size_t n) {
    pending.append(d, n);
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1))
      read_progress_line(pending.substr(0, nl), error, on_status);
  });
  if (r.status < 200 || r.status >= 300) error = fmt::format("{} (HTTP {})", engine_message(r.body), r.status);
  if (!error.empty()) throw RemoteError(fmt::format("{}: {}", what, error));
}

void Engine::login(const RegistryLogin& login, const CancelToken& cancel) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("username");
  w.String(login.username);
  w.Key("password");
  w.String(login.password);
  w.Key("serveraddress");
  w.String(login.server);
  w.EndObject();
  Response r = call("POST", "/auth", buf.GetString(), cancel);
  if (r.status < 200 || r.status >= 300)
    throw RemoteError(fmt::format("docker login to {} as {}: {} (HTTP {})", login.server.empty() ? "Docker Hub" : login.server,
                                  login.username, engine_message(r.body), r.status));
  registry_auth_ = base64url(buf.GetString());
}

void Engine::pull(const std::string& image, const CancelToken& cancel,
                  const std::function<void(const std::string&)>& on_status) const {
  progress_stream("/images/create?fromImage=" + url_encode(image), "docker pull " + image, cancel, on_status);
}

void Engine::push(const std::string& image, const CancelToken& cancel,
                  const std::function<void(const std::string&)>& on_status) const {
  // The tag is after the last ':' that follows the last '/' (a registry host may carry a port).
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  bool tagged = colon != std::string::npos && (slash == std::string::npos || colon > slash);
  std::string repository = tagged ? image.substr(0, colon) : image;
  std::string tag = tagged ? image.substr(colon + 1) : "latest";
  // Image references use only [a-z0-9._/:-]: safe in a path as they are.
  progress_stream("/images/" + repository + "/push?tag=" + url_encode(tag), "docker push " + image, cancel,
                  on_status);
}

int Engine::exec(const std::string& container, const std::vector<std::string>& argv, const std::string& user,
                 const std::function<void(std::string_view, bool)>& on_line, const CancelToken& cancel) const {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("AttachStdout");
  w.Bool(true);
  w.Key("AttachStderr");
  w.Bool(true);
  w.Key("Cmd");
  w.StartArray();
  for (const auto& a : argv) w.String(a);
  w.EndArray();
  if (!user.empty()) {
    w.Key("User");
    w.String(user);
  }
  w.EndObject();
  Response created = checked("POST", "/containers/" + container + "/exec", buf.GetString(), cancel);
  std::string exec_id = response_string(created, "Id");
  ExecOutput output(on_line);
  checked("POST", "/exec/" + exec_id + "/start", R"({"Detach":false,"Tty":false})", cancel,
          [&](const char* data, size_t n) { output.add(data, n); });
  output.finish();
  return exec_exit_code(checked("GET", "/exec/" + exec_id + "/json", {}, cancel).body);
}

}  // namespace kiln::docker
