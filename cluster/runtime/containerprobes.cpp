#include "runtime/containerprobes.h"

#include <signal.h>
#include <sys/wait.h>

#include <cstdlib>
#include <thread>

#include "api/objectmeta.h"
#include "http/httpclient.h"
#include "runtime/containerports.h"
#include "runtime/processexec.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace kubelab::runtime {

namespace {

using SteadyClock = std::chrono::steady_clock;


bool tcpConnects(const std::string& host, int port, std::chrono::milliseconds timeout) {
  boost::asio::io_context context;
  boost::asio::ip::tcp::socket socket(context);
  boost::system::error_code error = boost::asio::error::would_block;
  auto address = boost::asio::ip::make_address(host, error);
  if (error && error != boost::asio::error::would_block) return false;
  error = boost::asio::error::would_block;
  socket.async_connect({address, static_cast<unsigned short>(port)}, [&](const boost::system::error_code& result) {
    error = result;
  });
  context.run_for(timeout);
  return !error;
}

bool execPasses(const LaunchSpec& launch, std::chrono::milliseconds timeout) {
  auto pid = launchProcessGroup(launch);
  if (!pid) return false;
  auto deadline = SteadyClock::now() + timeout;
  int status = 0;
  while (::waitpid(*pid, &status, WNOHANG) == 0) {
    if (SteadyClock::now() >= deadline) {
      signalProcessGroup(*pid, SIGKILL);
      ::waitpid(*pid, &status, 0);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  signalProcessGroup(*pid, SIGKILL);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::chrono::milliseconds seconds(const boost::json::object& probe, std::string_view field, std::int64_t fallback) {
  return std::chrono::seconds(api::integerAt(probe, {field}, fallback));
}

}  // namespace

std::optional<ProbeSpec> parseProbe(const boost::json::object& pod, const boost::json::object& container,
                                    std::string_view field, const Environment& environment,
                                    const CatalogImage* image, const std::filesystem::path& workingDirectory) {
  const auto* probe = api::objectAt(container, {field});
  if (!probe) return std::nullopt;
  ProbeSpec spec;
  spec.initialDelay = seconds(*probe, "initialDelaySeconds", 0);
  spec.period = seconds(*probe, "periodSeconds", 10);
  spec.timeout = seconds(*probe, "timeoutSeconds", 1);
  spec.successThreshold = static_cast<int>(api::integerAt(*probe, {"successThreshold"}, 1));
  spec.failureThreshold = static_cast<int>(api::integerAt(*probe, {"failureThreshold"}, 3));
  std::string podIp = api::stringAt(pod, {"status", "podIP"});
  if (const auto* httpGet = api::objectAt(*probe, {"httpGet"})) {
    spec.kind = ProbeSpec::Kind::HttpGet;
    spec.host = api::stringAt(*httpGet, {"host"}).empty() ? podIp : api::stringAt(*httpGet, {"host"});
    spec.port = containerPortNumber(container, api::valueAt(*httpGet, {"port"}));
    spec.path = api::stringAt(*httpGet, {"path"}).empty() ? "/" : api::stringAt(*httpGet, {"path"});
  } else if (const auto* tcpSocket = api::objectAt(*probe, {"tcpSocket"})) {
    spec.host = api::stringAt(*tcpSocket, {"host"}).empty() ? podIp : api::stringAt(*tcpSocket, {"host"});
    spec.port = containerPortNumber(container, api::valueAt(*tcpSocket, {"port"}));
  } else if (const auto* command = api::arrayAt(*probe, {"exec", "command"})) {
    spec.kind = ProbeSpec::Kind::Exec;
    std::vector<std::string> argv;
    for (const auto& word : *command) {
      if (word.is_string()) argv.push_back(std::string(word.get_string()));
    }
    std::string searchPath;
    for (const auto& [name, value] : environment) {
      if (name == "PATH") searchPath = value;
    }
    auto executable = execExecutable(image, argv, searchPath);
    // A program that is not there fails the probe every time, as in Kubernetes.
    spec.exec = LaunchSpec{executable ? *executable : std::filesystem::path("/nonexistent/" + (argv.empty() ? "" : argv[0])),
                           argv, environmentStrings(environment), workingDirectory, "/dev/null"};
  } else {
    return std::nullopt;  // grpc: not available here
  }
  return spec;
}

bool runProbe(const ProbeSpec& probe) {
  switch (probe.kind) {
    case ProbeSpec::Kind::HttpGet: {
      http::Client client(probe.host, static_cast<std::uint16_t>(probe.port));
      http::RequestOptions options;
      options.timeout = probe.timeout;
      options.headers = {{"User-Agent", "kube-probe/1.32"}};
      auto response = client.get(probe.path, options);
      return response && response->status >= 200 && response->status < 400;
    }
    case ProbeSpec::Kind::TcpSocket:
      return tcpConnects(probe.host, probe.port, probe.timeout);
    case ProbeSpec::Kind::Exec:
      return probe.exec && execPasses(*probe.exec, probe.timeout);
  }
  return false;
}

bool ProbeState::record(bool passed, SteadyClock::time_point now) {
  bool wasPassing = passing, wasFailed = failed;
  nextRun = now + spec.period;
  if (passed) {
    failures = 0;
    if (++successes >= spec.successThreshold) {
      passing = true;
      failed = false;
    }
  } else {
    successes = 0;
    if (++failures >= spec.failureThreshold) {
      passing = false;
      failed = true;
    }
  }
  return passing != wasPassing || failed != wasFailed;
}

}  // namespace kubelab::runtime
