#include "net/http_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <list>
#include <thread>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "net/file_server.hpp"
#include "net/port_range.hpp"
#include "util/fd.hpp"

namespace kiln::net {
namespace {

using HttpClock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto http_request_timeout = 30s;    // for the request head to arrive
constexpr auto http_send_timeout = 60s;       // for each piece of the answer to leave
constexpr size_t http_max_head = 64 * 1024;   // a longer request head is not a guest fetching a file

const char* http_reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    default: return "Internal Server Error";
  }
}

std::string http_date_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

}  // namespace

struct HttpServer::State {
  HttpServerOptions options;
  ListeningPort listener;
  Fd stop{-1};  // an eventfd: readable once the server stops
  std::thread acceptor;

  struct Connection {
    std::thread thread;
    std::atomic<bool> done{false};
  };

  // Waits for `events` on `fd`; false at the deadline or when the server stops.
  bool wait(int fd, short events, HttpClock::time_point deadline) const {
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - HttpClock::now());
      if (left <= 0ms) return false;
      pollfd p[2] = {{fd, events, 0}, {stop.fd, POLLIN, 0}};
      int ready = poll(p, 2, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0 || p[1].revents) return false;
      if (ready > 0) return true;
    }
  }

  bool send_all(int fd, std::string_view data) const {
    while (!data.empty()) {
      ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent < 0 && (errno == EAGAIN || errno == EINTR)) {
        if (!wait(fd, POLLOUT, HttpClock::now() + http_send_timeout)) return false;
        continue;
      }
      if (sent < 0) return false;
      data.remove_prefix(static_cast<size_t>(sent));
    }
    return true;
  }

  // The request head (request line and headers), or "" when none came.
  std::string read_head(int fd) const {
    auto deadline = HttpClock::now() + http_request_timeout;
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos && head.find("\n\n") == std::string::npos) {
      if (head.size() > http_max_head || !wait(fd, POLLIN, deadline)) return "";
      char buffer[4096];
      ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (got <= 0) return "";
      head.append(buffer, static_cast<size_t>(got));
    }
    return head;
  }

  void answer(int fd, bool with_body, const FileServerResponse& response) const {
    uint64_t length = response.file.empty() ? response.body.size() : response.file_size;
    std::string head = fmt::format("HTTP/1.1 {} {}\r\n", response.status, http_reason(response.status));
    for (const auto& [name, value] : response.headers) head += fmt::format("{}: {}\r\n", name, value);
    head += fmt::format("Content-Length: {}\r\nDate: {}\r\nConnection: close\r\n\r\n", length, http_date_now());
    if (!send_all(fd, head) || !with_body) return;
    if (response.file.empty()) {
      send_all(fd, response.body);
      return;
    }
    Fd file(::open(response.file.c_str(), O_RDONLY | O_CLOEXEC));
    std::string buffer(64 * 1024, '\0');
    for (uint64_t left = length; file.fd >= 0 && left > 0;) {
      ssize_t got = ::read(file.fd, buffer.data(), std::min<uint64_t>(buffer.size(), left));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0 || !send_all(fd, std::string_view(buffer.data(), static_cast<size_t>(got)))) return;
      left -= static_cast<uint64_t>(got);
    }
  }

  void serve(int client) const noexcept {
    Fd connection(client);
    try {
      std::string head = read_head(client);
      if (head.empty()) return;
      std::string_view line(head.data(), head.find('\n'));
      if (line.ends_with('\r')) line.remove_suffix(1);
      auto first = line.find(' '), second = line.find(' ', first + 1);
      if (first == std::string_view::npos || second == std::string_view::npos ||
          !line.substr(second + 1).starts_with("HTTP/")) {
        answer(client, true, FileServerResponse{400, {{"Content-Type", "text/plain; charset=utf-8"}}, "400 Bad Request"});
        return;
      }
      std::string_view method = line.substr(0, first), target = line.substr(first + 1, second - first - 1);
      // As FileServer: every method gets the file; HEAD without its body.
      answer(client, method != "HEAD",
             options.content.empty() ? file_server_response(options.directory, target)
                                     : content_response(options.content, target));
    } catch (...) {  // out of memory, say: the guest sees the connection close
    }
  }

  void accept_loop() noexcept {
    std::list<Connection> connections;
    for (;;) {
      pollfd p[2] = {{listener.fd, POLLIN, 0}, {stop.fd, POLLIN, 0}};
      if (poll(p, 2, -1) < 0 && errno != EINTR) break;
      if (p[1].revents) break;
      if (!(p[0].revents & POLLIN)) continue;
      int client = accept4(listener.fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (client < 0) {
        bool out_of_resources = errno == EMFILE || errno == ENFILE || errno == ENOMEM || errno == ENOBUFS;
        if (out_of_resources) std::this_thread::sleep_for(100ms);  // poll would wake at once again
        continue;
      }
      connections.remove_if([](Connection& c) {
        if (!c.done) return false;
        c.thread.join();
        return true;
      });
      try {
        auto& connection = connections.emplace_back();
        connection.thread = std::thread([this, client, &connection] {
          serve(client);
          connection.done = true;
        });
      } catch (...) {
        if (!connections.empty() && !connections.back().thread.joinable()) connections.pop_back();
        ::close(client);
      }
    }
    for (auto& connection : connections) connection.thread.join();
  }
};

HttpServer::HttpServer(HttpServerOptions options, const CancelToken& cancel) : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  state_->stop.fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (state_->stop.fd < 0) throw Error(fmt::format("cannot start the HTTP server: {}", std::strerror(errno)));
  state_->listener = listen_in_port_range(state_->options.bind_address, state_->options.port_min,
                                          state_->options.port_max, cancel);
  // accept() must not block when the client it was woken for has left.
  fcntl(state_->listener.fd, F_SETFL, fcntl(state_->listener.fd, F_GETFL) | O_NONBLOCK);
  try {
    state_->acceptor = std::thread([state = state_.get()] { state->accept_loop(); });
  } catch (...) {
    ::close(state_->listener.fd);
    throw;
  }
}

HttpServer::~HttpServer() {
  uint64_t one = 1;
  [[maybe_unused]] ssize_t wrote = ::write(state_->stop.fd, &one, sizeof one);
  state_->acceptor.join();
  ::close(state_->listener.fd);
}

int HttpServer::port() const { return state_->listener.port; }

}  // namespace kiln::net
