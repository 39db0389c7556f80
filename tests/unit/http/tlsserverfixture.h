#pragma once
// An in-process HTTPS server on a free loopback port, with a fresh cluster PKI (the CA is
// also the client CA; ECDSA keys unless a subclass asks for RSA), answering:
//   GET  /whoami        "user=<CN> groups=<O,O>" for a verified client certificate, else "anonymous"
//   GET  /lines?count=N a chunked response of N lines "line <i>"
//   POST /echo          the request body streamed back, chunk by chunk, as it arrives
//   GET  /quiet         a streamed response that never writes (a followed log of a silent
//                       container); quietStreamsEnded() counts those whose client went away

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "http/httpclient.h"
#include "http/httpserver.h"
#include "pki/clusterpki.h"
#include "support/temporarydirectory.h"

namespace kubelab::http {

// The answer of /whoami for `request`.
std::string describeIdentity(const Request& request);

// The test routes above, for a server with or without TLS.
Handler testRoutes();
ServerOptions testServerOptions();
int quietStreamsEnded();

class TlsServerFixture : public ::testing::Test {
 protected:
  // Short, so that the test of a client that never finishes its handshake stays quick.
  static constexpr std::chrono::milliseconds handshakeTimeout{2000};

  virtual pki::KeyAlgorithm keyAlgorithm() const { return pki::KeyAlgorithm::EcdsaP256; }
  void SetUp() override;
  void TearDown() override;

  std::filesystem::path file(const std::string& name) const { return pki_.directory / name; }

  // Trusts the cluster CA; presents the named client certificate ("admin", "kube-scheduler",
  // ...) unless `clientName` is empty.
  ClientTlsOptions tlsFor(const std::string& clientName) const;
  Endpoint endpoint(std::optional<ClientTlsOptions> tls, const std::string& host = "127.0.0.1") const {
    return Endpoint{host, port_, std::move(tls)};
  }
  std::string url(const std::string& target) const { return "https://127.0.0.1:" + std::to_string(port_) + target; }

  std::unique_ptr<testing::TemporaryDirectory> temporary_;
  pki::ClusterPki pki_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
};

}  // namespace kubelab::http
