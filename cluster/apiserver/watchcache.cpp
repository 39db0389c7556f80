#include "apiserver/watchcache.h"

#include <algorithm>

#include "common/logging.h"

namespace kubelab::apiserver {
namespace {

constexpr std::size_t maximumBatch = 1024;  // ring entries one next() takes, so a far-behind reader still streams
constexpr auto maximumRetryDelay = std::chrono::milliseconds(5000);

}  // namespace

WatchSubscription::~WatchSubscription() = default;

Result<std::vector<WatchEvent>> WatchSubscription::next(std::chrono::milliseconds timeout) {
  return cache_->read(*this, timeout);
}

ResourceWatchCache::ResourceWatchCache(EtcdClient& etcd, const api::ResourceType& type, WatchCacheOptions options)
    : etcd_(etcd), type_(type), options_(options), prefix_(ObjectStorage::keyPrefix(type, "")) {}

ResourceWatchCache::~ResourceWatchCache() { stop(); }

Status ResourceWatchCache::start(std::int64_t fromRevision) {
  std::int64_t begin = fromRevision;
  // A store confirms a watch on compacted history first and cancels it afterwards: ask first, so
  // the watch that starts the cache is left to the store (and its 410) rather than ended later.
  Status readable = begin > 1 ? etcd_.get(prefix_, begin - 1).status() : Status(StatusCode::Gone, "from now");
  if (!readable && readable.code() != StatusCode::Gone) return readable;
  auto watch = readable ? etcd_.watch(prefix_, prefixEnd(prefix_), begin)
                        : Result<std::unique_ptr<EtcdWatch>>(Status(StatusCode::Gone, "compacted"));
  if (!watch && watch.status().code() == StatusCode::Gone) {
    // Nobody can be served from before the compaction anyway: start from now.
    auto current = etcd_.currentRevision();
    if (!current) return current.status();
    begin = *current + 1;
    watch = etcd_.watch(prefix_, prefixEnd(prefix_), begin);
  }
  if (!watch) return watch.status();
  {
    std::lock_guard lock(mutex_);
    ringStart_ = begin - 1;
    progress_ = begin - 1;
  }
  thread_ = std::thread([this, opened = std::move(*watch)]() mutable { run(std::move(opened)); });
  return Status::ok();
}

void ResourceWatchCache::requestStop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
}

void ResourceWatchCache::stop() {
  requestStop();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

std::int64_t ResourceWatchCache::oldestServable() const {
  std::lock_guard lock(mutex_);
  return ringStart_ + 1;
}

std::int64_t ResourceWatchCache::progress() const {
  std::lock_guard lock(mutex_);
  return progress_;
}

// The cache thread: follow the etcd watch; reopen it from where it stopped when the stream
// breaks (a store restart), or start over from now when the store compacted what it missed.
void ResourceWatchCache::run(std::unique_ptr<EtcdWatch> watch) {
  auto retryDelay = std::chrono::milliseconds(100);
  while (true) {
    std::int64_t from = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    if (watch) {
      bool historyKept = follow(*watch);
      watch.reset();
      if (!historyKept) restartAfterCompaction();
      continue;
    }
    {
      std::lock_guard lock(mutex_);
      from = progress_ + 1;
    }
    auto reopened = etcd_.watch(prefix_, prefixEnd(prefix_), from);
    if (reopened) {
      watch = std::move(*reopened);
      retryDelay = std::chrono::milliseconds(100);
      continue;
    }
    if (reopened.status().code() == StatusCode::Gone) {
      restartAfterCompaction();
      continue;
    }
    log::warning("watch cache of ", type_.plural, ": ", reopened.status().toString(), "; retrying");
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, retryDelay, [this] { return stopping_; });
    retryDelay = std::min(retryDelay * 2, maximumRetryDelay);
  }
}

bool ResourceWatchCache::follow(EtcdWatch& watch) {
  auto lastProgressRequest = std::chrono::steady_clock::now();
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return true;
    }
    auto batch = watch.next(options_.pollInterval);
    if (!batch) {
      if (batch.status().code() != StatusCode::DeadlineExceeded) {
        log::warning("watch cache of ", type_.plural, ": the store watch ended: ", batch.status().toString());
        return true;
      }
      // Idle: ask the store how far it is, so bookmarks can move on.
      auto now = std::chrono::steady_clock::now();
      if (now - lastProgressRequest >= options_.progressInterval) {
        lastProgressRequest = now;
        if (!watch.requestProgress()) return true;
      }
      continue;
    }
    if (batch->compactRevision != 0) return false;
    if (!batch->events.empty()) append(batch->events);
    if (batch->progress) {
      std::lock_guard lock(mutex_);
      progress_ = std::max(progress_, batch->headerRevision);
    }
  }
}

void ResourceWatchCache::append(const std::vector<EtcdWatchEvent>& events) {
  // Decode outside the lock; the objects are never changed afterwards.
  std::vector<SharedEvent> decoded;
  decoded.reserve(events.size());
  for (const EtcdWatchEvent& event : events) {
    SharedObject knownPrevious;
    if (event.prevKv) {
      auto latest = latestByKey_.find(event.kv.key);
      if (latest != latestByKey_.end() && latest->second->revision() == event.prevKv->modRevision) {
        knownPrevious = latest->second->object();
      }
    }
    SharedEvent cached = decodeWatchEvent(type_, event, std::move(knownPrevious));
    latestByKey_[event.kv.key] = cached;
    decoded.push_back(std::move(cached));
  }
  {
    std::lock_guard lock(mutex_);
    for (SharedEvent& event : decoded) {
      progress_ = std::max(progress_, event->revision());
      ring_.push_back(std::move(event));
    }
    while (ring_.size() > options_.capacity) {
      const SharedEvent& oldest = ring_.front();
      ringStart_ = std::max(ringStart_, oldest->revision());
      auto latest = latestByKey_.find(oldest->key());
      if (latest != latestByKey_.end() && latest->second == oldest) latestByKey_.erase(latest);
      ring_.pop_front();
      ++firstSequence_;
    }
  }
  changed_.notify_all();
}

void ResourceWatchCache::restartAfterCompaction() {
  auto retryDelay = std::chrono::milliseconds(100);
  while (true) {
    auto current = etcd_.currentRevision();
    std::unique_lock lock(mutex_);
    if (current) {
      log::warning("watch cache of ", type_.plural, ": the store compacted history it had not sent; ending ",
                   "every watch and starting over at revision ", *current);
      firstSequence_ += ring_.size();
      ring_.clear();
      latestByKey_.clear();
      ringStart_ = *current;
      progress_ = *current;
      ++generation_;
      lock.unlock();
      changed_.notify_all();
      return;
    }
    if (changed_.wait_for(lock, retryDelay, [this] { return stopping_; })) return;
    retryDelay = std::min(retryDelay * 2, maximumRetryDelay);
  }
}

std::unique_ptr<WatchSubscription> ResourceWatchCache::subscribe(const std::string& ns, ObjectPredicate matches,
                                                                 std::int64_t fromRevision) {
  std::lock_guard lock(mutex_);
  if (stopping_) return nullptr;
  if (fromRevision <= 0) fromRevision = progress_ + 1;
  if (fromRevision <= ringStart_) return nullptr;
  auto first = std::lower_bound(ring_.begin(), ring_.end(), fromRevision,
                                [](const SharedEvent& event, std::int64_t revision) { return event->revision() < revision; });
  std::uint64_t cursor = firstSequence_ + static_cast<std::uint64_t>(first - ring_.begin());
  return std::unique_ptr<WatchSubscription>(new WatchSubscription(
      shared_from_this(), ObjectStorage::keyPrefix(type_, ns), std::move(matches), fromRevision, cursor, generation_));
}

Result<std::vector<WatchEvent>> ResourceWatchCache::read(WatchSubscription& subscription,
                                                         std::chrono::milliseconds timeout) {
  if (subscription.lastTook_ != std::chrono::steady_clock::time_point()) {
    auto wait = subscription.lastTook_ + options_.batchInterval - std::chrono::steady_clock::now();
    if (wait > std::chrono::steady_clock::duration::zero()) {
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(wait, timeout));
    }
  }
  std::vector<SharedEvent> taken;
  std::int64_t caughtUpTo = 0;
  {
    std::unique_lock lock(mutex_);
    auto endSequence = [this] { return firstSequence_ + ring_.size(); };
    changed_.wait_for(lock, timeout, [&] {
      return stopping_ || subscription.generation_ != generation_ || subscription.cursor_ < endSequence();
    });
    if (subscription.generation_ != generation_ || subscription.cursor_ < firstSequence_) {
      ++subscribersEnded_;
      return Status(StatusCode::Unavailable, subscription.generation_ != generation_
                                                 ? "the watch cache lost the store's history"
                                                 : "the watcher fell too far behind");
    }
    if (stopping_) return Status(StatusCode::Unavailable, "the watch cache stopped");
    auto begin = ring_.begin() + static_cast<std::ptrdiff_t>(subscription.cursor_ - firstSequence_);
    auto count = std::min<std::size_t>(static_cast<std::size_t>(ring_.end() - begin), maximumBatch);
    taken.assign(begin, begin + static_cast<std::ptrdiff_t>(count));
    subscription.cursor_ += count;
    if (subscription.cursor_ == endSequence()) caughtUpTo = progress_;
  }
  subscription.lastTook_ = taken.empty() ? std::chrono::steady_clock::time_point() : std::chrono::steady_clock::now();
  // Filtering and translating run on the watcher's own thread, outside the lock.
  std::vector<WatchEvent> events;
  std::int64_t consumedTo = 0;
  for (const SharedEvent& event : taken) {
    consumedTo = event->revision();
    if (event->revision() < subscription.fromRevision_) continue;
    if (event->key().compare(0, subscription.keyPrefix_.size(), subscription.keyPrefix_) != 0) continue;
    if (auto translated = translateEvent(event, subscription.matches_)) events.push_back(std::move(*translated));
  }
  subscription.progress_ = std::max({subscription.progress_, consumedTo, caughtUpTo});
  return events;
}

WatchCache::~WatchCache() {
  std::lock_guard lock(mutex_);
  // All at once: each cache thread notices within its poll interval.
  for (auto& [type, cache] : caches_) cache->requestStop();
  for (auto& [type, cache] : caches_) cache->stop();
}

std::shared_ptr<ResourceWatchCache> WatchCache::find(const api::ResourceType& type) {
  std::lock_guard lock(mutex_);
  auto found = caches_.find(&type);
  return found == caches_.end() ? nullptr : found->second;
}

std::unique_ptr<WatchSubscription> WatchCache::subscribe(const api::ResourceType& type, const std::string& ns,
                                                         ObjectPredicate matches, std::int64_t fromRevision) {
  std::shared_ptr<ResourceWatchCache> cache = find(type);
  if (!cache) {
    // Opening the store watch takes a round trip: not under the lock.
    auto created = std::make_shared<ResourceWatchCache>(etcd_, type, options_);
    if (Status started = created->start(fromRevision); !started) {
      log::warning("cannot start the watch cache of ", type.plural, ": ", started.toString());
      return nullptr;
    }
    std::lock_guard lock(mutex_);
    auto [slot, inserted] = caches_.emplace(&type, created);
    if (!inserted) created->stop();  // another watch started it first
    cache = slot->second;
  }
  return cache->subscribe(ns, std::move(matches), fromRevision);
}

}  // namespace kubelab::apiserver
