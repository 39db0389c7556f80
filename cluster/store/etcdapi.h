#pragma once
// The etcd v3 JSON gateway API (the paths etcd 3.4 serves over HTTP) on top of MvccStore:
// unary KV, lease and maintenance calls, and the two streams, /v3/watch and
// /v3/lease/keepalive, whose request bodies carry further requests as they arrive.

#include <chrono>
#include <memory>

#include "http/httpserver.h"
#include "store/mvccstore.h"

namespace kubelab::store {

struct EtcdApiOptions {
  // etcd's --max-request-bytes: the largest put or txn, counting keys and values.
  std::size_t maximumRequestBytes = 1536 * 1024;
  // etcd's --experimental-watch-progress-notify-interval.
  std::chrono::milliseconds progressNotifyInterval{std::chrono::minutes(10)};
};

class EtcdApi {
 public:
  EtcdApi(MvccStore& store, EtcdApiOptions options);
  ~EtcdApi();
  EtcdApi(const EtcdApi&) = delete;
  EtcdApi& operator=(const EtcdApi&) = delete;

  // The HTTP server options (streamed bodies, size limits) and handler for this API.
  http::ServerOptions serverOptions() const;
  void handle(const http::Request& request, std::shared_ptr<http::Exchange> exchange);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubelab::store
