#pragma once
// The watch cache, as kube-apiserver's cacher: one etcd watch per resource type (all
// namespaces), opened at the first Kubernetes watch of that type, whose events are decoded once
// into shared immutable objects and kept in a bounded ring of recent events. Every watch whose
// resourceVersion is inside the ring is served from it by a subscription: its own cursor into
// the ring, read on the watch's own thread, so a slow watcher never holds up the store watch or
// the others. One that falls out of the ring is ended (its client watches again from its last
// resourceVersion, as client-go does). A resourceVersion older than the ring gets nullptr from
// subscribe(): the caller serves it from the store, which also answers 410 Gone when compacted.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "api/resourcetypes.h"
#include "apiserver/etcdclient.h"
#include "apiserver/watchevents.h"
#include "common/status.h"

namespace kubelab::apiserver {

struct WatchCacheOptions {
  std::size_t capacity = 4096;  // events kept per resource type
  // How often an idle cache asks the store how far it is (what bookmarks report).
  std::chrono::milliseconds progressInterval{5000};
  std::chrono::milliseconds pollInterval{500};
  // Under a stream of events a watcher reads at most this often, taking all that came meanwhile:
  // a wake-up per event for each of hundreds of watchers costs more than the events themselves.
  std::chrono::milliseconds batchInterval{10};
};

class ResourceWatchCache;

// One watcher's view of a resource's cache: the events after its resourceVersion, in its
// namespace, as its predicate translates them.
class WatchSubscription {
 public:
  ~WatchSubscription();
  WatchSubscription(const WatchSubscription&) = delete;
  WatchSubscription& operator=(const WatchSubscription&) = delete;

  // The next events for this watcher, waiting up to `timeout` (an empty batch when none came).
  // Aborted when the watcher fell out of the ring or the cache lost its history: the stream
  // should end so the client watches again.
  Result<std::vector<WatchEvent>> next(std::chrono::milliseconds timeout);
  // Every event up to this revision was returned by next(): what a BOOKMARK may carry.
  std::int64_t progress() const { return progress_; }

 private:
  friend class ResourceWatchCache;
  WatchSubscription(std::shared_ptr<ResourceWatchCache> cache, std::string keyPrefix, ObjectPredicate matches,
                    std::int64_t fromRevision, std::uint64_t cursor, std::uint64_t generation)
      : cache_(std::move(cache)), keyPrefix_(std::move(keyPrefix)), matches_(std::move(matches)),
        fromRevision_(fromRevision), cursor_(cursor), generation_(generation), progress_(fromRevision - 1) {}

  std::shared_ptr<ResourceWatchCache> cache_;
  std::string keyPrefix_;
  ObjectPredicate matches_;
  std::int64_t fromRevision_;
  std::uint64_t cursor_;      // the sequence number of the next ring entry to read
  std::uint64_t generation_;  // the cache's history this cursor belongs to
  std::int64_t progress_;
  std::chrono::steady_clock::time_point lastTook_;  // when next() last took events; zero: it found none
};

// The ring of one resource type and the thread that follows its etcd watch.
class ResourceWatchCache : public std::enable_shared_from_this<ResourceWatchCache> {
 public:
  ResourceWatchCache(EtcdClient& etcd, const api::ResourceType& type, WatchCacheOptions options);
  ~ResourceWatchCache();
  // Opens the etcd watch from `fromRevision` (0: the store's next revision; if that history was
  // compacted, from the next revision instead) and starts following it.
  Status start(std::int64_t fromRevision);
  // Asks the thread to stop (prompt: it waits at most a poll interval); stop() also joins it.
  void requestStop();
  void stop();

  std::unique_ptr<WatchSubscription> subscribe(const std::string& ns, ObjectPredicate matches, std::int64_t fromRevision);

  // For tests and metrics.
  std::int64_t oldestServable() const;  // the smallest fromRevision subscribe() accepts
  std::int64_t progress() const;        // every event up to here is in the ring
  std::uint64_t subscribersEnded() const { return subscribersEnded_; }

 private:
  friend class WatchSubscription;
  void run(std::unique_ptr<EtcdWatch> watch);
  bool follow(EtcdWatch& watch);  // false when the store's history was compacted
  void append(const std::vector<EtcdWatchEvent>& events);
  void restartAfterCompaction();
  Result<std::vector<WatchEvent>> read(WatchSubscription& subscription, std::chrono::milliseconds timeout);

  EtcdClient& etcd_;
  const api::ResourceType& type_;
  const WatchCacheOptions options_;
  const std::string prefix_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<SharedEvent> ring_;
  std::uint64_t firstSequence_ = 0;  // of ring_.front()
  std::int64_t ringStart_ = 0;       // every event after this revision is in the ring or yet to come
  std::int64_t progress_ = 0;        // every event up to this revision is in the ring
  std::uint64_t generation_ = 0;     // bumped when history was lost: every subscription ends
  bool stopping_ = false;
  std::atomic<std::uint64_t> subscribersEnded_{0};

  // The cache thread's own: the latest event of each key still in the ring, so a key's previous
  // object is shared rather than decoded again.
  std::unordered_map<std::string, SharedEvent> latestByKey_;
  std::thread thread_;
};

class WatchCache {
 public:
  explicit WatchCache(EtcdClient& etcd, WatchCacheOptions options = {}) : etcd_(etcd), options_(options) {}
  ~WatchCache();
  WatchCache(const WatchCache&) = delete;
  WatchCache& operator=(const WatchCache&) = delete;

  // A subscription to the events of `type` in `ns` ("": all) matching `matches`, from
  // `fromRevision` on; nullptr when the cache cannot serve that revision (older than its
  // ring, or the store is unreachable): serve the watch from the store instead. The first
  // subscription of a type starts its cache at `fromRevision`.
  std::unique_ptr<WatchSubscription> subscribe(const api::ResourceType& type, const std::string& ns,
                                               ObjectPredicate matches, std::int64_t fromRevision);
  // The cache of `type` if it was started.
  std::shared_ptr<ResourceWatchCache> find(const api::ResourceType& type);

 private:
  EtcdClient& etcd_;
  const WatchCacheOptions options_;
  std::mutex mutex_;
  std::map<const api::ResourceType*, std::shared_ptr<ResourceWatchCache>> caches_;
};

}  // namespace kubelab::apiserver
