#pragma once
// A key-value store server for integration tests: our kubelab-store or the real etcd 3.4
// (the reference), on free loopback ports with a fresh data directory. The same tests run
// against both, so every difference in their answers shows up as a failure.
// The binaries come from the build (KUBELAB_STORE_BINARY) and /usr/bin/etcd; environment
// variables of the same names override them.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "common/status.h"
#include "support/childprocess.h"
#include "support/temporarydirectory.h"

namespace kubelab::testing {

enum class StoreKind { KubelabStore, Etcd };

// "KubelabStore" / "Etcd": also the suffix of parameterized test names, so a gtest filter
// such as '*/Etcd' selects one implementation.
const char* storeKindName(StoreKind kind);
// Lets GoogleTest print a StoreKind parameter by name.
inline void PrintTo(StoreKind kind, std::ostream* out) { *out << storeKindName(kind); }

class StoreServer {
 public:
  // Starts the server and waits until GET /health answers {"health":"true"}. A missing
  // binary is an error (NotFound), never a reason to skip.
  static Result<std::unique_ptr<StoreServer>> start(StoreKind kind,
                                                    std::chrono::milliseconds readyTimeout = std::chrono::seconds(20));
  ~StoreServer();
  StoreServer(const StoreServer&) = delete;
  StoreServer& operator=(const StoreServer&) = delete;

  StoreKind kind() const { return kind_; }
  const std::string& host() const { return host_; }
  std::uint16_t port() const { return clientPort_; }
  std::string endpoint() const;  // http://host:port
  const std::filesystem::path& dataDirectory() const { return dataDirectory_; }

  // kill -9, as a crash or a power cut would; the data directory stays.
  void kill();
  // Starts the server again on the same data directory and ports, and waits until healthy.
  Status restart(std::chrono::milliseconds readyTimeout = std::chrono::seconds(20));
  bool isRunning();

  // The end of the server's log, for failure messages.
  std::string logTail(std::size_t maxBytes = 4000) const;

 private:
  StoreServer(StoreKind kind, std::unique_ptr<TemporaryDirectory> directory);
  Status launch(std::chrono::milliseconds readyTimeout);
  Status waitUntilHealthy(std::chrono::milliseconds timeout);

  StoreKind kind_;
  std::unique_ptr<TemporaryDirectory> directory_;
  std::filesystem::path dataDirectory_;
  std::filesystem::path logFile_;
  std::string host_ = "127.0.0.1";
  std::uint16_t clientPort_ = 0;
  std::uint16_t peerPort_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace kubelab::testing
