#pragma once
// The data path of the userspace proxy: a set of listening TCP sockets, each belonging to one
// Service port, that forwards every accepted connection to an endpoint its EndpointSelector
// picks, trying the next ready endpoint when one refuses. Sockets are bound with SO_REUSEPORT so
// that every node's proxy can hold the same ClusterIP:port and the kernel spreads connections
// over whichever proxies are alive. An address that cannot be bound (taken, not yet assigned)
// is logged and retried, never fatal. A Service port without ready endpoints accepts and resets
// at once, as kube-proxy's REJECT rule does. Boost.Asio stays inside the .cpp file.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "proxy/endpointselector.h"
#include "proxy/serviceplan.h"

namespace kubelab::proxy {

struct ForwarderOptions {
  // How long a listener that could not be bound waits before trying again.
  std::chrono::milliseconds bindRetryInterval{1000};
  // A backend that neither accepts nor refuses within this time is skipped for the next one.
  std::chrono::milliseconds connectTimeout{3000};
  std::size_t bufferBytes = 64 * 1024;
  // Threads that forward (each connection on one strand). On a 2-core laptop one thread did as
  // well as two in proxy_bench: the clients and backends want the cores too.
  std::size_t threads = 1;
};

struct ListenerAssignment {
  ListenAddress address;
  std::string servicePort;  // for logs
  std::shared_ptr<EndpointSelector> selector;
};

class TcpForwarder {
 public:
  explicit TcpForwarder(ForwarderOptions options = {});
  ~TcpForwarder();  // stops
  TcpForwarder(const TcpForwarder&) = delete;
  TcpForwarder& operator=(const TcpForwarder&) = delete;

  void start();
  // Closes the listeners and joins the threads; forwarded connections end with the forwarder.
  void stop();

  // The listeners wanted from now on: new addresses are bound, missing ones are closed (their
  // open connections stay), and the others switch to the given selector. Thread-safe; applied
  // on the forwarder's threads shortly after the call returns.
  void assign(std::vector<ListenerAssignment> listeners);

  // "ip:port" of the listeners bound right now (for tests and logs).
  std::vector<std::string> boundAddresses() const;
  std::size_t openConnections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubelab::proxy
