#pragma once
// Kubernetes watch over HTTP: a chunked stream of {"type","object"} lines (ADDED, MODIFIED,
// DELETED, BOOKMARK, ERROR) with resourceVersion semantics, selectors, bookmarks and
// timeoutSeconds. Events come from the watch cache (one etcd watch per resource type, shared by
// every watch); a resourceVersion older than the cache's ring is served from an etcd watch of
// its own until it catches up with the ring (or gets 410 Gone when the store compacted it).
// Each watch runs on its own thread, since it mostly waits.

#include <atomic>
#include <list>
#include <mutex>
#include <thread>

#include "apiserver/objectstorage.h"
#include "apiserver/resourcehandlers.h"
#include "apiserver/watchcache.h"

namespace kubelab::apiserver {

class WatchHandler {
 public:
  explicit WatchHandler(ObjectStorage& storage, WatchCacheOptions cacheOptions = {})
      : storage_(storage), cache_(storage.etcd(), cacheOptions) {}
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
  WatchCache cache_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> active_{0};
  std::mutex mutex_;
  std::list<Running> running_;
};

}  // namespace kubelab::apiserver
