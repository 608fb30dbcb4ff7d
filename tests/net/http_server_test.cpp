// The http_directory server, fetched over loopback with libcurl (kiln's net::perform): Go's
// FileServer answers, the port range, http_content, and a stop that ends open connections.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "kiln/error.hpp"
#include "net/http.hpp"
#include "net/http_server.hpp"
#include "util/fd.hpp"

using namespace kiln;
using namespace kiln::net;
namespace fs = std::filesystem;

namespace {

struct ServedDirectory {
  fs::path root = fs::temp_directory_path() / ("kiln-http-server-" + std::to_string(getpid()));
  ServedDirectory() {
    fs::remove_all(root);
    fs::create_directories(root / "site");
    fs::create_directories(root / "list" / "d");
    write("hello.txt", "hello\n");
    write("site/index.html", "<p>index</p>");
    write("list/b.bin", std::string("\x00\x01\x02", 3));
    write("list/a&b.cfg", "x");
  }
  ~ServedDirectory() { fs::remove_all(root); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(root / name, std::ios::binary) << text;
  }
};

Response fetch(const HttpServer& server, const std::string& path, const std::string& method = "GET") {
  Request request;
  request.method = method;
  request.url = "http://127.0.0.1:" + std::to_string(server.port()) + path;
  return perform(request);
}

int connect_loopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  return fd;
}

std::string raw_exchange(int port, std::string_view request) {  // what the server sends until it closes
  Fd connection(connect_loopback(port));
  REQUIRE(send_all(connection.fd, request) == 0);
  std::string answer;
  char buffer[4096];
  for (ssize_t got; (got = read(connection.fd, buffer, sizeof buffer)) > 0;) answer.append(buffer, size_t(got));
  return answer;
}

HttpServerOptions loopback(const fs::path& directory) {
  HttpServerOptions options;
  options.bind_address = "127.0.0.1";
  options.directory = directory.string();
  return options;
}

}  // namespace

TEST_CASE("http server: files, directories and errors as Go's FileServer") {
  ServedDirectory dir;
  HttpServer server(loopback(dir.root), CancelToken());
  CHECK(server.port() >= 8000);
  CHECK(server.port() < 9000);

  auto hello = fetch(server, "/hello.txt");
  CHECK(hello.status == 200);
  CHECK(hello.body == "hello\n");
  CHECK(hello.header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(hello.header("Content-Length") == "6");
  CHECK(!hello.header("Last-Modified").empty());

  auto head = fetch(server, "/hello.txt", "HEAD");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("Content-Length") == "6");

  auto missing = fetch(server, "/nope.cfg");
  CHECK(missing.status == 404);
  CHECK(missing.body == "404 page not found\n");
  // %-escapes are decoded before the path is cleaned: ".." never leaves the directory.
  CHECK(fetch(server, "/%2e%2e/%2e%2e/etc/hostname").status == 404);
  CHECK(fetch(server, "/bad%zz").status == 400);
  CHECK(raw_exchange(server.port(), "BREW\r\n\r\n").starts_with("HTTP/1.1 400 Bad Request\r\n"));
  CHECK(fetch(server, "/hello.txt", "POST").body == "hello\n");  // FileServer looks at no method

  auto site = fetch(server, "/site");
  CHECK(site.status == 301);
  CHECK(site.header("Location") == "site/");
  CHECK(fetch(server, "/site?x=1").header("Location") == "site/?x=1");
  auto index = fetch(server, "/site/");
  CHECK(index.body == "<p>index</p>");
  CHECK(index.header("Content-Type") == "text/html; charset=utf-8");
  CHECK(fetch(server, "/site/index.html").header("Location") == "./");
  CHECK(fetch(server, "/hello.txt/").header("Location") == "../hello.txt");

  auto listing = fetch(server, "/list/");
  CHECK(listing.status == 200);
  CHECK(listing.body ==
        "<pre>\n<a href=\"a&b.cfg\">a&amp;b.cfg</a>\n<a href=\"b.bin\">b.bin</a>\n<a href=\"d/\">d/</a>\n</pre>\n");
  auto binary = fetch(server, "/list/b.bin");
  CHECK(binary.body == std::string("\x00\x01\x02", 3));
  CHECK(binary.header("Content-Type") == "application/octet-stream");
}

TEST_CASE("http server: a large file arrives whole, to clients fetching side by side") {
  ServedDirectory dir;
  std::string big(3 * 1024 * 1024 + 17, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 7919) >> 3);
  dir.write("big.img", big);
  HttpServer server(loopback(dir.root), CancelToken());
  std::vector<std::string> bodies(4);
  {
    std::vector<std::jthread> clients;
    for (auto& body : bodies) clients.emplace_back([&] { body = fetch(server, "/big.img").body; });
  }
  for (const auto& body : bodies) CHECK(body == big);
}

TEST_CASE("http server: http_content answers from its map") {
  HttpServerOptions options = loopback("");
  options.content = {{"/ks.cfg", "install\n"}, {"/dir/seed.txt", "seed"}};
  HttpServer server(std::move(options), CancelToken());
  auto ks = fetch(server, "/ks.cfg");
  CHECK(ks.status == 200);
  CHECK(ks.body == "install\n");
  CHECK(fetch(server, "/x/../dir/seed.txt").body == "seed");
  CHECK(fetch(server, "/hello.txt").status == 404);
}

TEST_CASE("http server: the port range, as Packer picks from it") {
  ServedDirectory dir;
  HttpServerOptions options = loopback(dir.root);
  options.port_min = options.port_max = 0;
  CHECK_THROWS_AS(HttpServer(options, CancelToken()), Error);

  HttpServer first(loopback(dir.root), CancelToken());
  options.port_min = options.port_max = first.port();  // min == max: that port, and it is taken
  CHECK_THROWS_WITH(HttpServer(options, CancelToken()),
                    doctest::Contains(("no free port on 127.0.0.1 in " + std::to_string(first.port())).c_str()));
  options.port_max = first.port() + 1;  // [min, max): max is never picked, so again only the taken port
  CHECK_THROWS_AS(HttpServer(options, CancelToken()), Error);

  options.bind_address = "not-an-address";
  CHECK_THROWS_WITH(HttpServer(options, CancelToken()), "cannot listen on not-an-address: not an IP address");

  CancelSource cancelled;
  cancelled.cancel();
  CHECK_THROWS_AS(HttpServer(loopback(dir.root), cancelled.token()), Cancelled);
}

TEST_CASE("http server: stopping ends a connection that never sends its request") {
  ServedDirectory dir;
  Fd idle(-1);
  {
    HttpServer server(loopback(dir.root), CancelToken());
    idle.fd = connect_loopback(server.port());
    CHECK(fetch(server, "/hello.txt").body == "hello\n");  // the idle connection blocks no one
  }  // the destructor has returned, and joined the thread serving the idle connection: it closed it
  char byte;
  CHECK(read(idle.fd, &byte, 1) == 0);
}
