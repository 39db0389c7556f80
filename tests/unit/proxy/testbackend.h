#pragma once
// A stand-in for a pod in proxy tests: a TCP server on a loopback address that answers each
// connection with its name and the line it received ("backend-a: hello"), then closes. And a
// client that connects (optionally from a chosen source address, to play different client IPs),
// sends a line and reads the answer.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "common/status.h"

namespace kubelab::testing {

class TestBackend {
 public:
  // Port 0 picks a free port.
  static Result<std::unique_ptr<TestBackend>> start(const std::string& name, const std::string& ip,
                                                    std::uint16_t port = 0);
  ~TestBackend();  // stops
  void stop();

  const std::string& ip() const { return ip_; }
  std::uint16_t port() const { return port_; }
  std::size_t connections() const { return connections_.load(); }

 private:
  TestBackend(std::string name, std::string ip, std::uint16_t port, int listenFd);
  void serve();

  std::string name_;
  std::string ip_;
  std::uint16_t port_;
  int listenFd_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> connections_{0};
  std::thread thread_;
};

// Connects to ip:port (from `sourceIp` when given), sends `line` and a newline, and returns
// everything read until the server closes; nullopt when the connection is refused or reset
// before any answer.
std::optional<std::string> exchangeLine(const std::string& ip, std::uint16_t port, const std::string& line,
                                        const std::string& sourceIp = {});

}  // namespace kubelab::testing
