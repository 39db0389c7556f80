#pragma once
// How to reach and authenticate to an API server, loaded from a kubeconfig the way kubectl
// and client-go read one: contexts, clusters, users, certificate data or files, bearer tokens
// (token and tokenFile), and exec credential plugins (client.authentication.k8s.io), so a real
// GKE or EKS context works as well as ours. yaml-cpp stays behind this header.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/httpclient.h"

namespace kubelab::client {

// users[].user.exec: a program that prints an ExecCredential with a token or a client
// certificate (gke-gcloud-auth-plugin, aws eks get-token, kubelogin).
struct ExecCredentialPlugin {
  std::string command;
  std::vector<std::string> arguments;
  std::vector<std::pair<std::string, std::string>> environment;
  std::string apiVersion;  // client.authentication.k8s.io/v1 or v1beta1
  std::filesystem::path workingDirectory;  // relative commands resolve against the kubeconfig's directory
};

struct RestConfig {
  std::string host;  // an IP address or DNS name
  std::uint16_t port = 443;
  std::optional<http::ClientTlsOptions> tls;  // empty: plain http
  std::string bearerToken;
  std::filesystem::path bearerTokenFile;  // re-read when it changes, as projected tokens rotate
  std::optional<ExecCredentialPlugin> exec;
  std::string defaultNamespace = "default";  // the context's namespace
  std::string userAgent = "kubelab";
  std::chrono::milliseconds timeout{30000};

  // "https://host:port"
  std::string server() const;
};

struct KubeconfigContextInfo {
  std::string name;
  std::string cluster;
  std::string user;
  std::string ns;
  std::string server;
};

// Parses a kubeconfig. `context` empty means current-context. Relative file paths resolve
// against the kubeconfig's directory, as kubectl resolves them.
Result<RestConfig> loadKubeconfig(const std::filesystem::path& file, const std::string& context = {});
Result<RestConfig> parseKubeconfig(const std::string& yamlText, const std::filesystem::path& baseDirectory,
                                   const std::string& context = {});
// The contexts a kubeconfig offers (for the desktop app's connect dialog), and which is current.
Result<std::vector<KubeconfigContextInfo>> kubeconfigContexts(const std::filesystem::path& file,
                                                              std::string* currentContext = nullptr);

}  // namespace kubelab::client
