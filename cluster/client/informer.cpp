#include "client/informer.h"

#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "common/logging.h"

namespace kubelab::client {

namespace {

// How long one read on the watch waits before checking for stop() and resync.
constexpr std::chrono::milliseconds kWatchPoll{200};

ObjectPointer share(Object object) { return std::make_shared<const Object>(std::move(object)); }

}  // namespace

Informer::Informer(ApiInterface& api, GroupVersionResource resource, InformerOptions options)
    : api_(api), resource_(std::move(resource)), options_(std::move(options)) {}

Informer::~Informer() { stop(); }

void Informer::addEventHandlers(EventHandlers handlers) {
  std::lock_guard lock(handlersMutex_);
  if (synced_.load() && handlers.onAdd) {
    for (const auto& object : indexer_.list()) handlers.onAdd(object);
  }
  handlers_.push_back(std::move(handlers));
}

void Informer::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { runLoop(); });
}

void Informer::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

bool Informer::waitForSync(std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!synced_.load()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

std::string Informer::lastResourceVersion() const {
  std::lock_guard lock(resourceVersionMutex_);
  return lastResourceVersion_;
}

void Informer::dispatch(WatchEventType type, const ObjectPointer& old, const ObjectPointer& current) {
  std::lock_guard lock(handlersMutex_);
  for (const auto& handlers : handlers_) {
    if (type == WatchEventType::Added && handlers.onAdd) handlers.onAdd(current);
    if (type == WatchEventType::Modified && handlers.onUpdate) handlers.onUpdate(old, current);
    if (type == WatchEventType::Deleted && handlers.onDelete) handlers.onDelete(old);
  }
}

void Informer::runLoop() {
  bool needList = true;
  nextResync_ = std::chrono::steady_clock::now() + options_.resyncPeriod;
  while (!stopping_) {
    Status status;
    if (needList) {
      status = listAndReplace();
      needList = !status.isOk();
    }
    // A watch that ended normally resumes from the last resourceVersion; an expired one
    // (410 Gone) relists.
    if (status.isOk()) {
      status = watchUntilEnd();
      if (status.code() == StatusCode::Gone) needList = true;
    }
    if (stopping_) return;
    if (!status.isOk() && status.code() != StatusCode::Gone) {
      log::warning("informer ", resource_.plural, ": ", status.toString(), "; retrying");
      for (auto waited = std::chrono::milliseconds(0); waited < options_.retryDelay && !stopping_;
           waited += std::chrono::milliseconds(50)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  }
}

Status Informer::listAndReplace() {
  ListOptions listOptions;
  listOptions.labelSelector = options_.labelSelector;
  listOptions.fieldSelector = options_.fieldSelector;
  listOptions.limit = 500;
  auto list = listAll(api_, resource_, options_.ns, listOptions);
  if (!list) return list.status();
  std::vector<ObjectPointer> objects;
  objects.reserve(list->items.size());
  for (auto& item : list->items) objects.push_back(share(std::move(item)));
  // Tell handlers what changed against the old cache: adds, updates, and deletions of
  // objects that vanished while the watch was down.
  std::vector<std::pair<ObjectPointer, ObjectPointer>> changes;  // {old, current}
  for (const auto& object : objects) changes.emplace_back(indexer_.get(objectKey(*object)), object);
  auto vanished = indexer_.replace(objects);
  {
    std::lock_guard lock(resourceVersionMutex_);
    lastResourceVersion_ = list->resourceVersion;
  }
  for (const auto& [old, current] : changes) {
    if (!old) {
      dispatch(WatchEventType::Added, nullptr, current);
    } else if (api::resourceVersion(*old) != api::resourceVersion(*current)) {
      dispatch(WatchEventType::Modified, old, current);
    }
  }
  for (const auto& object : vanished) dispatch(WatchEventType::Deleted, object, nullptr);
  synced_ = true;
  return Status::ok();
}

Status Informer::watchUntilEnd() {
  ListOptions watchOptions;
  watchOptions.labelSelector = options_.labelSelector;
  watchOptions.fieldSelector = options_.fieldSelector;
  watchOptions.resourceVersion = lastResourceVersion();
  watchOptions.allowWatchBookmarks = true;
  // The server ends watches after a while; ending them ourselves bounds a silently dead connection.
  watchOptions.timeout = std::chrono::seconds(300);
  auto stream = api_.watch(resource_, options_.ns, watchOptions);
  if (!stream) return stream.status();
  while (!stopping_) {
    resyncIfDue();
    auto next = (*stream)->next(kWatchPoll);
    if (!next) return Status::ok();  // the stream ended: resume from the last resourceVersion
    if (!next->has_value()) continue;
    WatchEvent& event = **next;
    if (event.type == WatchEventType::Error) {
      (*stream)->close();
      auto code = api::integerAt(event.object, {"code"});
      std::string message = api::stringAt(event.object, {"message"});
      if (code == 410) return Status(StatusCode::Gone, message);
      return unavailable("watch error " + std::to_string(code) + ": " + message);
    }
    std::string resourceVersion = api::resourceVersion(event.object);
    if (event.type == WatchEventType::Bookmark) {
      std::lock_guard lock(resourceVersionMutex_);
      lastResourceVersion_ = resourceVersion;
      continue;
    }
    ObjectPointer current = share(std::move(event.object));
    ObjectPointer old;
    if (event.type == WatchEventType::Deleted) {
      old = indexer_.remove(objectKey(*current));
      dispatch(WatchEventType::Deleted, current, nullptr);
    } else {
      old = indexer_.upsert(current);
      dispatch(old ? WatchEventType::Modified : WatchEventType::Added, old, current);
    }
    std::lock_guard lock(resourceVersionMutex_);
    lastResourceVersion_ = resourceVersion;
  }
  (*stream)->close();
  return Status::ok();
}

void Informer::resyncIfDue() {
  if (options_.resyncPeriod.count() <= 0) return;
  auto now = std::chrono::steady_clock::now();
  if (now < nextResync_) return;
  nextResync_ = now + options_.resyncPeriod;
  for (const auto& object : indexer_.list()) dispatch(WatchEventType::Modified, object, object);
}

InformerFactory::InformerFactory(ApiInterface& api, InformerOptions defaults)
    : api_(api), defaults_(std::move(defaults)) {}

InformerFactory::~InformerFactory() { stopAll(); }

Informer& InformerFactory::informer(const GroupVersionResource& resource) {
  std::lock_guard lock(mutex_);
  for (auto& informer : informers_) {
    if (informer->resource() == resource) return *informer;
  }
  informers_.push_back(std::make_unique<Informer>(api_, resource, defaults_));
  return *informers_.back();
}

void InformerFactory::startAll() {
  std::lock_guard lock(mutex_);
  for (auto& informer : informers_) informer->start();
}

bool InformerFactory::waitForSync(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<Informer*> all;
  {
    std::lock_guard lock(mutex_);
    for (auto& informer : informers_) all.push_back(informer.get());
  }
  for (auto* informer : all) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!informer->waitForSync(std::max(left, std::chrono::milliseconds(0)))) return false;
  }
  return true;
}

void InformerFactory::stopAll() {
  std::lock_guard lock(mutex_);
  for (auto& informer : informers_) informer->stop();
}

}  // namespace kubelab::client
