#pragma once
// kubelab-store as a whole: the MVCC store, its etcd JSON API, and the HTTP listeners,
// wired together from etcd-style settings. The executable's main() is a thin shell around it.

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/etcdapi.h"
#include "store/mvccstore.h"

namespace kubelab::store {

struct StoreServerOptions {
  StoreOptions store;
  EtcdApiOptions api;
  std::vector<std::string> listenClientUrls{"http://127.0.0.1:2379"};
  int httpThreads = 2;
};

struct ClientUrl {
  std::string host;
  std::uint16_t port = 0;
};
// Parses "http://HOST:PORT" (https is not served yet, and says so).
Result<ClientUrl> parseClientUrl(const std::string& url);

class StoreServer {
 public:
  static Result<std::unique_ptr<StoreServer>> start(const StoreServerOptions& options);
  ~StoreServer();

  // The ports actually bound, in the order of listenClientUrls (useful with port 0).
  const std::vector<std::uint16_t>& ports() const { return ports_; }
  MvccStore& store() { return *store_; }

 private:
  StoreServer() = default;
  std::unique_ptr<MvccStore> store_;
  std::unique_ptr<EtcdApi> api_;
  std::unique_ptr<http::Server> server_;
  std::vector<std::uint16_t> ports_;
};

}  // namespace kubelab::store
