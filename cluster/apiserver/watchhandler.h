#pragma once
// Kubernetes watch over HTTP: a chunked stream of {"type","object"} lines (ADDED, MODIFIED,
// DELETED, BOOKMARK, ERROR) translated from an etcd watch on the resource's key prefix, with
// resourceVersion semantics, selectors, bookmarks and timeoutSeconds. Each watch runs on its
// own thread, since it mostly waits.

#include <atomic>
#include <list>
#include <mutex>
#include <thread>

#include "apiserver/objectstorage.h"
#include "apiserver/resourcehandlers.h"

namespace kubelab::apiserver {

class WatchHandler {
 public:
  explicit WatchHandler(ObjectStorage& storage) : storage_(storage) {}
  ~WatchHandler();
  WatchHandler(const WatchHandler&) = delete;
  WatchHandler& operator=(const WatchHandler&) = delete;

  void serve(const ApiRequest& request);
  std::size_t activeWatches() const { return active_; }

 private:
  struct Running {
    std::thread thread;
    std::atomic<bool> finished{false};
  };
  void reapFinished();

  ObjectStorage& storage_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> active_{0};
  std::mutex mutex_;
  std::list<Running> running_;
};

}  // namespace kubelab::apiserver
