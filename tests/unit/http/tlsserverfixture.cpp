#include "tlsserverfixture.h"

#include <atomic>
#include <charconv>
#include <mutex>
#include <vector>

namespace kubelab::http {

std::string describeIdentity(const Request& request) {
  if (!request.clientCertificate) return "anonymous";
  std::string groups;
  for (const auto& group : request.clientCertificate->organizations) {
    groups += (groups.empty() ? "" : ",") + group;
  }
  return "user=" + request.clientCertificate->commonName + " groups=" + groups;
}

namespace {

int countFromQuery(std::string_view query) {
  constexpr std::string_view key = "count=";
  int count = 0;
  if (query.starts_with(key)) std::from_chars(query.data() + key.size(), query.data() + query.size(), count);
  return count;
}

void streamLines(const Request& request, const std::shared_ptr<Exchange>& exchange) {
  exchange->startStream(200, "text/plain");
  const int count = countFromQuery(request.query());
  for (int index = 0; index < count; ++index) exchange->writeChunk("line " + std::to_string(index) + "\n");
  exchange->finish();
}

void echoBody(const std::shared_ptr<Exchange>& exchange) {
  exchange->startStream(200, "text/plain");
  std::weak_ptr<Exchange> weak = exchange;
  exchange->onBodyData(
      [weak](std::string_view data) {
        if (auto alive = weak.lock()) alive->writeChunk(std::string(data));
      },
      [weak] {
        if (auto alive = weak.lock()) alive->finish();
      });
}

std::atomic<int> quietEnded{0};
std::mutex quietMutex;
std::vector<std::shared_ptr<Exchange>> quietExchanges;  // held open, as a follow's thread holds its exchange

void streamNothing(const std::shared_ptr<Exchange>& exchange) {
  exchange->onDisconnect([] { ++quietEnded; });
  exchange->startStream(200, "text/plain");
  std::lock_guard lock(quietMutex);
  quietExchanges.push_back(exchange);
}

}  // namespace

int quietStreamsEnded() { return quietEnded.load(); }

Handler testRoutes() {
  return [](const Request& request, std::shared_ptr<Exchange> exchange) {
    if (request.path() == "/whoami") return exchange->respond(200, "text/plain", describeIdentity(request) + "\n");
    if (request.path() == "/lines") return streamLines(request, exchange);
    if (request.path() == "/echo") return echoBody(exchange);
    if (request.path() == "/quiet") return streamNothing(exchange);
    exchange->respond(404, "text/plain", "not found\n");
  };
}

ServerOptions testServerOptions() {
  ServerOptions options;
  options.streamsRequestBody = [](const Request& request) { return request.path() == "/echo"; };
  return options;
}

void TlsServerFixture::SetUp() {
  auto directory = testing::TemporaryDirectory::create("kubelab-tls-test");
  ASSERT_TRUE(directory) << directory.status().toString();
  temporary_ = std::move(directory).value();
  pki::ClusterPkiOptions pkiOptions;
  pkiOptions.keyAlgorithm = keyAlgorithm();
  auto pki = pki::ensureClusterPki(temporary_->path() / "pki", pkiOptions);
  ASSERT_TRUE(pki) << pki.status().toString();
  pki_ = *pki;

  ServerOptions options = testServerOptions();
  ServerTlsOptions tls;
  tls.certificateFile = pki_.apiServer.certificate.string();
  tls.privateKeyFile = pki_.apiServer.privateKey.string();
  tls.clientCaFile = pki_.authority.certificate.string();
  tls.handshakeTimeout = handshakeTimeout;
  options.tls = tls;
  server_ = std::make_unique<Server>(options, testRoutes());
  auto port = server_->listen("127.0.0.1", 0);
  ASSERT_TRUE(port) << port.status().toString();
  port_ = *port;
  server_->start();
}

void TlsServerFixture::TearDown() {
  {
    std::lock_guard lock(quietMutex);
    quietExchanges.clear();
  }
  if (server_) server_->stop();
}

ClientTlsOptions TlsServerFixture::tlsFor(const std::string& clientName) const {
  ClientTlsOptions tls;
  tls.caFile = pki_.authority.certificate.string();
  if (!clientName.empty()) {
    tls.certificateFile = file(clientName + ".crt").string();
    tls.privateKeyFile = file(clientName + ".key").string();
  }
  return tls;
}

}  // namespace kubelab::http
