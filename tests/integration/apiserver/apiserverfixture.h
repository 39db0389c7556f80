#pragma once
// A whole control plane for API tests: a store (kubelab-store or real etcd), cluster
// certificates, and kubelab-apiserver over TLS on a free port, with an admin kubeconfig for
// the real kubectl and a token file for restricted users.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "support/childprocess.h"
#include "support/storeserver.h"
#include "support/temporarydirectory.h"

namespace kubelab::testing {

struct CommandResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

// Runs a program with arguments (no shell), feeding `input` on stdin, with a time limit.
CommandResult runCommand(const std::vector<std::string>& argv, const std::string& input = "",
                         int timeoutSeconds = 60);

class ApiServerFixture {
 public:
  static Result<std::unique_ptr<ApiServerFixture>> start(StoreKind storeKind = StoreKind::KubelabStore);
  ~ApiServerFixture();

  std::uint16_t port() const { return port_; }
  std::string server() const { return "https://127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& kubeconfig() const { return kubeconfig_; }
  const std::filesystem::path& directory() const { return directory_->path(); }
  // A kubeconfig for a user authenticated by bearer token (see tokens in the fixture).
  std::filesystem::path kubeconfigForToken(const std::string& token);

  // The real kubectl (or another version's binary) with the admin kubeconfig.
  CommandResult kubectl(const std::vector<std::string>& arguments, const std::string& input = "",
                        const std::string& binary = "/usr/bin/kubectl");
  std::string logTail() const;
  // The store under the API server (for tests that compact it).
  const StoreServer& store() const { return *store_; }

  // Tokens in the API server's token file.
  static constexpr const char* viewerToken = "viewer-token";   // user "viewer", no roles
  static constexpr const char* masterToken = "master-token";   // user "token-admin", system:masters

 private:
  ApiServerFixture() = default;
  Status launchApiServer();

  std::unique_ptr<TemporaryDirectory> directory_;
  std::unique_ptr<StoreServer> store_;
  std::unique_ptr<ChildProcess> apiServer_;
  std::uint16_t port_ = 0;
  std::filesystem::path kubeconfig_;
  std::filesystem::path logFile_;
};

}  // namespace kubelab::testing
