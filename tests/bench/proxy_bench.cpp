// proxy_bench: connections per second through kubelab-proxy's forwarder (the same TcpForwarder
// and EndpointSelector the kubelab-proxy process runs) against the same backends reached
// directly. Each request is a new TCP connection that sends a line and reads the answer, as
// curl against a Service does. Backends stand in for pods on 127.10.x.y; the forwarder listens
// on a ClusterIP-like 127.96.x.y address. Prints one line per way.

#include <boost/program_options.hpp>

#include <atomic>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <thread>
#include <vector>

#include "proxy/tcpforwarder.h"
#include "support/freeport.h"
#include "testbackend.h"

namespace kubelab::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
  std::size_t completed = 0;
  std::size_t failed = 0;
  double seconds = 0;
};

// `clients` threads each open connections to the address that `target` gives them, one after
// another, for `duration`.
template <typename Target>
Figures run(int clients, std::chrono::milliseconds duration, Target target) {
  std::atomic<std::size_t> completed{0};
  std::atomic<std::size_t> failed{0};
  auto start = Clock::now();
  auto deadline = start + duration;
  std::vector<std::thread> threads;
  for (int client = 0; client < clients; ++client) {
    threads.emplace_back([&, client] {
      for (std::size_t request = 0; Clock::now() < deadline; ++request) {
        auto [ip, port] = target(client, request);
        if (testing::exchangeLine(ip, port, "GET /")) {
          ++completed;
        } else {
          ++failed;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return {completed.load(), failed.load(), std::chrono::duration<double>(Clock::now() - start).count()};
}

void print(const std::string& way, const Figures& figures) {
  std::cout << std::left << std::setw(16) << way << std::right << std::fixed << std::setprecision(0)
            << std::setw(9) << figures.completed / figures.seconds << " connections/s  (" << figures.completed
            << " in " << std::setprecision(2) << figures.seconds << " s, " << figures.failed << " failed)\n";
}

}  // namespace
}  // namespace kubelab::bench

int main(int argc, char** argv) {
  namespace options = boost::program_options;
  using namespace kubelab;
  int clients = 4;
  int backendCount = 3;
  long durationMs = 3000;
  std::size_t forwarderThreads = proxy::ForwarderOptions{}.threads;
  options::options_description description("proxy_bench: connections/s through the proxy vs direct\n\nFlags");
  description.add_options()("help,h", "print this help")
      ("clients", options::value(&clients)->default_value(clients), "client threads")
      ("backends", options::value(&backendCount)->default_value(backendCount), "endpoints behind the Service")
      ("duration-ms", options::value(&durationMs)->default_value(durationMs), "how long each way runs")
      ("forwarder-threads", options::value(&forwarderThreads)->default_value(forwarderThreads), "the forwarder's threads");
  options::variables_map values;
  options::store(options::parse_command_line(argc, argv, description), values);
  if (values.count("help")) {
    std::cout << description << "\n";
    return 0;
  }
  options::notify(values);

  std::vector<std::unique_ptr<testing::TestBackend>> backends;
  std::vector<proxy::Endpoint> endpoints;
  for (int index = 0; index < backendCount; ++index) {
    auto backend = testing::TestBackend::start("pod-" + std::to_string(index),
                                               "127.10." + std::to_string(index % 3 + 1) + "." + std::to_string(50 + index));
    if (!backend) {
      std::cerr << "proxy_bench: " << backend.status().toString() << "\n";
      return 1;
    }
    endpoints.push_back({(*backend)->ip(), (*backend)->port()});
    backends.push_back(std::move(*backend));
  }
  auto port = testing::findFreeLoopbackPort();
  if (!port) {
    std::cerr << "proxy_bench: " << port.status().toString() << "\n";
    return 1;
  }
  proxy::ListenAddress service{"127.96.250.1", *port, "ClusterIP"};
  proxy::ForwarderOptions forwarderOptions;
  forwarderOptions.threads = forwarderThreads;
  proxy::TcpForwarder forwarder(forwarderOptions);
  forwarder.start();
  forwarder.assign({{service, "bench/web:", std::make_shared<proxy::EndpointSelector>(endpoints, proxy::SessionAffinity{})}});
  for (int attempt = 0; attempt < 200 && forwarder.boundAddresses().empty(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  std::cout << clients << " clients, " << backendCount << " backends, " << forwarderThreads
            << " forwarder threads, one connection per request\n";
  auto duration = std::chrono::milliseconds(durationMs);
  bench::print("direct", bench::run(clients, duration, [&](int client, std::size_t request) {
                 const auto& endpoint = endpoints[(static_cast<std::size_t>(client) + request) % endpoints.size()];
                 return std::pair{endpoint.ip, endpoint.port};
               }));
  bench::print("through proxy", bench::run(clients, duration, [&](int, std::size_t) {
                 return std::pair{service.ip, service.port};
               }));
  return 0;
}
