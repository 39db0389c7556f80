#pragma once
// Runs a kubeconfig exec credential plugin (client.authentication.k8s.io) and reads the
// ExecCredential it prints: a bearer token, or a client certificate and key, and when they
// expire.

#include <chrono>
#include <optional>
#include <string>

#include "client/restconfig.h"
#include "common/status.h"

namespace kubelab::client {

struct ExecCredential {
  std::string token;
  std::string clientCertificatePem;
  std::string clientKeyPem;
  std::optional<std::chrono::system_clock::time_point> expiration;
};

// Runs the plugin with KUBERNETES_EXEC_INFO set, as kubectl does, and parses its stdout.
// Unavailable, with the plugin's stderr, when it fails; Invalid when its output is not an
// ExecCredential.
Result<ExecCredential> runExecCredentialPlugin(const ExecCredentialPlugin& plugin,
                                               std::chrono::milliseconds timeout = std::chrono::seconds(60));
// Parses an ExecCredential's JSON (exposed for tests).
Result<ExecCredential> parseExecCredential(const std::string& json);

}  // namespace kubelab::client
