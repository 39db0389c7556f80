#pragma once
// kubelab-apiserver as a whole: storage over etcd's API, the REST handlers, discovery, and the
// HTTP(S) listener. The executable's main() parses flags into ApiServerOptions and runs this.

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"

namespace kubelab::apiserver {

struct ApiServerOptions {
  std::string etcdServers = "http://127.0.0.1:2379";
  std::string bindAddress = "127.0.0.1";
  std::uint16_t securePort = 6443;  // 0: pick a free port
  std::string advertiseAddress;     // defaults to bindAddress
  std::string tlsCertificateFile;   // empty: plain HTTP (for tests only)
  std::string tlsPrivateKeyFile;
  std::string clientCaFile;
  std::string tokenAuthFile;        // token,user,uid,"groups" lines, as kube-apiserver's
  // How to reach kubelets (pods/log, pods/exec, metrics.k8s.io), as kube-apiserver's
  // --kubelet-client-certificate, --kubelet-client-key and --kubelet-certificate-authority.
  std::string kubeletClientCertificateFile;
  std::string kubeletClientKeyFile;
  std::string kubeletCertificateAuthorityFile;
  std::string serviceClusterIpRange = "127.96.0.0/16";
  int nodePortLow = 30000;
  int nodePortHigh = 32767;
  // How long new pods tolerate a not-ready or unreachable node (DefaultTolerationSeconds).
  std::int64_t defaultNotReadyTolerationSeconds = 300;
  std::int64_t defaultUnreachableTolerationSeconds = 300;
  std::size_t maximumRequestBodyBytes = 3 * 1024 * 1024;
  int threads = 8;  // handlers block on the store, so more threads than cores
};

class ApiServer {
 public:
  static Result<std::unique_ptr<ApiServer>> start(const ApiServerOptions& options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  std::uint16_t port() const;

 private:
  struct Impl;
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubelab::apiserver
