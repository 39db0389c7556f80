#include "testbackend.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kubelab::testing {

namespace {

sockaddr_in socketAddress(const std::string& ip, std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  inet_pton(AF_INET, ip.c_str(), &address.sin_addr);
  return address;
}

void setTimeouts(int fd, int seconds) {
  timeval timeout{seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

}  // namespace

Result<std::unique_ptr<TestBackend>> TestBackend::start(const std::string& name, const std::string& ip,
                                                        std::uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status(StatusCode::Unavailable, std::string("socket: ") + std::strerror(errno));
  int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address = socketAddress(ip, port);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd, 128) != 0) {
    std::string message = "bind " + ip + ":" + std::to_string(port) + ": " + std::strerror(errno);
    close(fd);
    return Status(StatusCode::Unavailable, message);
  }
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  auto backend = std::unique_ptr<TestBackend>(new TestBackend(name, ip, ntohs(address.sin_port), fd));
  backend->thread_ = std::thread([raw = backend.get()] { raw->serve(); });
  return backend;
}

TestBackend::TestBackend(std::string name, std::string ip, std::uint16_t port, int listenFd)
    : name_(std::move(name)), ip_(std::move(ip)), port_(port), listenFd_(listenFd) {}

TestBackend::~TestBackend() { stop(); }

void TestBackend::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (listenFd_ >= 0) close(listenFd_);
  listenFd_ = -1;
}

void TestBackend::serve() {
  while (!stopping_) {
    pollfd waiting{listenFd_, POLLIN, 0};
    if (poll(&waiting, 1, 50) <= 0) continue;
    int connection = accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0) continue;
    ++connections_;
    setTimeouts(connection, 5);
    std::string line;
    char byte;
    while (recv(connection, &byte, 1, 0) == 1 && byte != '\n') line.push_back(byte);
    std::string answer = name_ + ": " + line + "\n";
    send(connection, answer.data(), answer.size(), MSG_NOSIGNAL);
    close(connection);
  }
}

std::optional<std::string> exchangeLine(const std::string& ip, std::uint16_t port, const std::string& line,
                                        const std::string& sourceIp) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  setTimeouts(fd, 5);
  if (!sourceIp.empty()) {
    sockaddr_in source = socketAddress(sourceIp, 0);
    if (bind(fd, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0) {
      close(fd);
      return std::nullopt;
    }
  }
  sockaddr_in address = socketAddress(ip, port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return std::nullopt;
  }
  std::string request = line + "\n";
  send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string answer;
  char buffer[4096];
  for (;;) {
    ssize_t received = recv(fd, buffer, sizeof buffer, 0);
    if (received < 0) {
      close(fd);
      return std::nullopt;  // reset
    }
    if (received == 0) break;
    answer.append(buffer, static_cast<std::size_t>(received));
  }
  close(fd);
  if (answer.empty()) return std::nullopt;
  return answer;
}

}  // namespace kubelab::testing
