#include "supervisor/loopbackports.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace kubelab::supervisor {

namespace {

// Owns one socket descriptor.
class Socket {
 public:
  Socket() : descriptor_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {}
  ~Socket() {
    if (descriptor_ >= 0) ::close(descriptor_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  Socket(Socket&& other) noexcept : descriptor_(other.descriptor_) { other.descriptor_ = -1; }

  int descriptor() const { return descriptor_; }

 private:
  int descriptor_;
};

sockaddr_in loopbackAddress(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// Binds and listens, as a server would; errno tells why not.
bool listenOn(const Socket& socket, std::uint16_t port) {
  int enable = 1;
  ::setsockopt(socket.descriptor(), SOL_SOCKET, SO_REUSEADDR, &enable, sizeof enable);
  sockaddr_in address = loopbackAddress(port);
  if (::bind(socket.descriptor(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) return false;
  return ::listen(socket.descriptor(), 1) == 0;
}

}  // namespace

Result<std::vector<std::uint16_t>> pickFreeLoopbackPorts(std::size_t count) {
  // Every socket stays open until all are chosen, so the kernel cannot hand out one port twice.
  std::vector<Socket> held;
  std::vector<std::uint16_t> ports;
  for (std::size_t index = 0; index < count; ++index) {
    Socket& socket = held.emplace_back();
    if (socket.descriptor() < 0 || !listenOn(socket, 0)) {
      return unavailable(std::string("cannot find a free loopback port: ") + std::strerror(errno));
    }
    sockaddr_in address{};
    socklen_t length = sizeof address;
    if (::getsockname(socket.descriptor(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      return unavailable(std::string("cannot read a chosen port: ") + std::strerror(errno));
    }
    ports.push_back(ntohs(address.sin_port));
  }
  return ports;
}

Status checkLoopbackPortFree(std::uint16_t port) {
  Socket socket;
  if (socket.descriptor() < 0) return unavailable(std::string("cannot create a socket: ") + std::strerror(errno));
  if (!listenOn(socket, port)) {
    return unavailable("127.0.0.1:" + std::to_string(port) + " is taken (" + std::strerror(errno) + ")");
  }
  return Status::ok();
}

}  // namespace kubelab::supervisor
