#include "support/storeserver.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "http/httpclient.h"
#include "support/freeport.h"

#ifndef KUBELAB_STORE_BINARY
#error "KUBELAB_STORE_BINARY must be defined by the build (path of the kubelab-store executable)"
#endif
#ifndef KUBELAB_ETCD_BINARY
#define KUBELAB_ETCD_BINARY "/usr/bin/etcd"
#endif

namespace kubelab::testing {

namespace {

using Clock = std::chrono::steady_clock;

std::string url(const std::string& host, std::uint16_t port) { return "http://" + host + ":" + std::to_string(port); }

// The environment may point at another build of a server (a sanitizer build, another etcd).
std::filesystem::path binaryPath(const char* environmentVariable, const char* builtIn) {
  const char* overridden = std::getenv(environmentVariable);
  return overridden != nullptr && *overridden != '\0' ? overridden : builtIn;
}

bool answersHealthy(const std::string& host, std::uint16_t port) {
  http::Client client(host, port);
  http::RequestOptions options;
  options.timeout = std::chrono::milliseconds(500);
  auto response = client.get("/health", options);
  if (!response || response->status != 200) return false;
  boost::system::error_code error;
  auto body = boost::json::parse(response->body, error);
  if (error || !body.is_object()) return false;
  const auto* health = body.as_object().if_contains("health");
  return health != nullptr && health->is_string() && health->as_string() == "true";
}

}  // namespace

const char* storeKindName(StoreKind kind) {
  switch (kind) {
    case StoreKind::KubelabStore: return "KubelabStore";
    case StoreKind::Etcd: return "Etcd";
  }
  return "Unknown";
}

StoreServer::StoreServer(StoreKind kind, std::unique_ptr<TemporaryDirectory> directory)
    : kind_(kind),
      directory_(std::move(directory)),
      dataDirectory_(directory_->path() / "data"),
      logFile_(directory_->path() / "server.log") {}

StoreServer::~StoreServer() { kill(); }

Result<std::unique_ptr<StoreServer>> StoreServer::start(StoreKind kind, std::chrono::milliseconds readyTimeout) {
  auto directory = TemporaryDirectory::create(std::string("kubelab-") + storeKindName(kind));
  if (!directory) return directory.status();
  std::unique_ptr<StoreServer> server(new StoreServer(kind, std::move(*directory)));
  auto clientPort = findFreeLoopbackPort();
  if (!clientPort) return clientPort.status();
  server->clientPort_ = *clientPort;
  if (kind == StoreKind::Etcd) {
    // Ask again until the two differ: the kernel may hand back the port it just gave.
    for (int attempt = 0; attempt < 10 && (server->peerPort_ == 0 || server->peerPort_ == server->clientPort_);
         ++attempt) {
      auto peerPort = findFreeLoopbackPort();
      if (!peerPort) return peerPort.status();
      server->peerPort_ = *peerPort;
    }
  }
  KUBELAB_RETURN_IF_ERROR(server->launch(readyTimeout));
  return server;
}

std::string StoreServer::endpoint() const { return url(host_, clientPort_); }

Status StoreServer::launch(std::chrono::milliseconds readyTimeout) {
  const std::string clientUrl = url(host_, clientPort_);
  std::vector<std::string> arguments = {"--data-dir", dataDirectory_.string(), "--listen-client-urls", clientUrl,
                                        "--advertise-client-urls", clientUrl};
  std::filesystem::path executable;
  if (kind_ == StoreKind::Etcd) {
    executable = binaryPath("KUBELAB_ETCD_BINARY", KUBELAB_ETCD_BINARY);
    const std::string peerUrl = url(host_, peerPort_);
    for (const std::string& argument : {std::string("--listen-peer-urls"), peerUrl,
                                        std::string("--initial-advertise-peer-urls"), peerUrl,
                                        std::string("--initial-cluster"), "default=" + peerUrl}) {
      arguments.push_back(argument);
    }
  } else {
    executable = binaryPath("KUBELAB_STORE_BINARY", KUBELAB_STORE_BINARY);
  }
  {
    std::ofstream log(logFile_, std::ios::app);
    log << "=== starting " << executable.string();
    for (const auto& argument : arguments) log << ' ' << argument;
    log << '\n';
  }
  auto process = ChildProcess::start(executable, arguments, logFile_);
  if (!process) return process.status();
  process_ = std::move(*process);
  return waitUntilHealthy(readyTimeout);
}

Status StoreServer::waitUntilHealthy(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (!process_->isRunning()) {
      return unavailable(std::string(storeKindName(kind_)) + " " + process_->exitDescription() +
                         " before becoming healthy; log:\n" + logTail());
    }
    if (answersHealthy(host_, clientPort_)) return Status::ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Status(StatusCode::DeadlineExceeded, std::string(storeKindName(kind_)) +
                                                  " did not answer GET /health with {\"health\":\"true\"} in time; "
                                                  "log:\n" + logTail());
}

void StoreServer::kill() {
  if (process_) process_->kill();
}

bool StoreServer::isRunning() { return process_ && process_->isRunning(); }

Status StoreServer::restart(std::chrono::milliseconds readyTimeout) {
  kill();
  return launch(readyTimeout);
}

std::string StoreServer::logTail(std::size_t maxBytes) const {
  std::ifstream log(logFile_, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  if (text.size() > maxBytes) text = "..." + text.substr(text.size() - maxBytes);
  return text;
}

}  // namespace kubelab::testing
