#pragma once
// A shared informer (client-go's SharedIndexInformer): lists a resource, then watches from
// that resourceVersion, keeping an Indexer in step and calling event handlers. A watch that
// ends is resumed from the last resourceVersion seen; 410 Gone (an expired resourceVersion)
// relists, and objects that vanished meanwhile are reported deleted. Handlers run on the
// informer's own thread, in order, and should only enqueue keys.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "client/apiinterface.h"
#include "client/indexer.h"
#include "client/lister.h"

namespace kubelab::client {

struct EventHandlers {
  std::function<void(const ObjectPointer& object)> onAdd;
  // Also called on every resync with old == current (same resourceVersion).
  std::function<void(const ObjectPointer& old, const ObjectPointer& current)> onUpdate;
  // The last state the informer knew.
  std::function<void(const ObjectPointer& object)> onDelete;
};

struct InformerOptions {
  std::string ns;  // "" watches every namespace
  std::string labelSelector;
  std::string fieldSelector;
  // Every resyncPeriod, onUpdate(old == current) for each cached object; 0 turns it off.
  std::chrono::milliseconds resyncPeriod{0};
  // Pause before retrying after a failed list or watch.
  std::chrono::milliseconds retryDelay{500};
};

class Informer {
 public:
  Informer(ApiInterface& api, GroupVersionResource resource, InformerOptions options = {});
  ~Informer();  // stops
  Informer(const Informer&) = delete;
  Informer& operator=(const Informer&) = delete;

  // Handlers added after start() get onAdd for every object already cached.
  void addEventHandlers(EventHandlers handlers);
  Indexer& indexer() { return indexer_; }
  Lister lister() const { return Lister(indexer_); }
  const GroupVersionResource& resource() const { return resource_; }

  void start();
  void stop();
  // Whether the first list has been delivered to the cache and the handlers.
  bool hasSynced() const { return synced_.load(); }
  // Waits for hasSynced(); false on timeout.
  bool waitForSync(std::chrono::milliseconds timeout) const;
  // The resourceVersion of the last list or event seen.
  std::string lastResourceVersion() const;

 private:
  void runLoop();
  Status listAndReplace();
  Status watchUntilEnd();
  void dispatch(WatchEventType type, const ObjectPointer& old, const ObjectPointer& current);
  void resyncIfDue();

  ApiInterface& api_;
  GroupVersionResource resource_;
  InformerOptions options_;
  Indexer indexer_;
  mutable std::mutex handlersMutex_;
  std::vector<EventHandlers> handlers_;
  mutable std::mutex resourceVersionMutex_;
  std::string lastResourceVersion_;
  std::atomic<bool> synced_{false};
  std::atomic<bool> stopping_{false};
  std::chrono::steady_clock::time_point nextResync_;
  std::thread thread_;
};

// One informer per resource, shared by every controller in a process, as client-go's
// SharedInformerFactory does.
class InformerFactory {
 public:
  explicit InformerFactory(ApiInterface& api, InformerOptions defaults = {});
  ~InformerFactory();

  Informer& informer(const GroupVersionResource& resource);
  void startAll();
  bool waitForSync(std::chrono::milliseconds timeout);
  void stopAll();
  ApiInterface& api() { return api_; }

 private:
  ApiInterface& api_;
  InformerOptions defaults_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Informer>> informers_;
};

}  // namespace kubelab::client
