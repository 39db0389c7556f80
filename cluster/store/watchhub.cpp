#include "store/watchhub.h"

#include <algorithm>

namespace kubelab::store {

Watcher::Watcher(WatchFilter filter, std::int64_t nextRevision, bool catchingUp, std::function<void()> wakeUp)
    : filter_(std::move(filter)), wakeUp_(std::move(wakeUp)), nextRevision_(nextRevision), catchingUp_(catchingUp) {}

void Watcher::push(const RevisionEventsPointer& revision) {
  bool matches = std::any_of(revision->events.begin(), revision->events.end(),
                             [this](const Event& event) { return filter_.range.contains(event.kv.key); });
  if (!matches) return;
  {
    std::lock_guard lock(mutex_);
    if (pending_.size() >= maximumPendingRevisions) {
      // Too far behind to buffer: forget the buffer and catch up from the log instead.
      pending_.clear();
      catchingUp_ = true;
      ++overflowGeneration_;
    } else {
      pending_.push_back(revision);
    }
  }
  if (wakeUp_) wakeUp_();
}

void Watcher::appendMatching(const RevisionEvents& revision, std::vector<Event>& out) const {
  for (const Event& event : revision.events) {
    if (!filter_.range.contains(event.kv.key)) continue;
    if (event.type == Event::Type::Put && filter_.noPut) continue;
    if (event.type == Event::Type::Delete && filter_.noDelete) continue;
    Event copy = event;
    if (!filter_.prevKv) copy.prevKv.reset();
    out.push_back(std::move(copy));
  }
}

bool Watcher::synced() const {
  std::lock_guard lock(mutex_);
  return !catchingUp_ && pending_.empty();
}

Result<Watcher::Batch> Watcher::next(HistorySource& source, std::int64_t publishedRevision, std::size_t maxEvents) {
  {
    std::unique_lock lock(mutex_);
    if (!catchingUp_) {
      Batch batch;
      while (!pending_.empty() && batch.events.size() < maxEvents) {
        RevisionEventsPointer revision = std::move(pending_.front());
        pending_.pop_front();
        if (revision->revision < nextRevision_) continue;  // already delivered from the log
        nextRevision_ = revision->revision + 1;
        appendMatching(*revision, batch.events);
      }
      return batch;
    }
  }
  return catchUp(source, publishedRevision, maxEvents);
}

Result<Watcher::Batch> Watcher::catchUp(HistorySource& source, std::int64_t publishedRevision, std::size_t maxEvents) {
  std::int64_t from;
  std::uint64_t generation;
  {
    std::lock_guard lock(mutex_);
    from = nextRevision_;
    generation = overflowGeneration_;
  }
  Batch batch;
  if (from < source.compactedRevision()) {
    batch.compactRevision = source.compactedRevision();
    return batch;
  }
  auto rows = source.history().rowsBetween(from, publishedRevision, filter_.range, maxEvents);
  if (!rows) return rows.status();
  // Compaction may have run while we read: a gap is never silent.
  if (from < source.compactedRevision()) {
    batch.compactRevision = source.compactedRevision();
    return batch;
  }
  bool reachedEnd = rows->size() < maxEvents;
  std::int64_t through = reachedEnd ? publishedRevision : rows->back().kv.modRevision;
  for (LogRow& row : *rows) {
    if (row.kv.modRevision > through) break;
    Event event;
    event.type = row.deleted ? Event::Type::Delete : Event::Type::Put;
    if (event.type == Event::Type::Put && filter_.noPut) continue;
    if (event.type == Event::Type::Delete && filter_.noDelete) continue;
    if (filter_.prevKv && row.prevRevision > 0) {
      auto previous = source.history().valueAt(row.kv.key, row.prevRevision);
      if (!previous) return previous.status();
      event.prevKv = std::move(*previous);
    }
    event.kv = std::move(row.kv);
    if (row.deleted) event.kv = KeyValue{event.kv.key, {}, 0, event.kv.modRevision, 0, 0};
    batch.events.push_back(std::move(event));
  }
  std::lock_guard lock(mutex_);
  nextRevision_ = through + 1;
  if (reachedEnd && generation == overflowGeneration_) catchingUp_ = false;
  return batch;
}

std::shared_ptr<Watcher> WatchHub::watch(const WatchFilter& filter, std::int64_t startRevision,
                                         std::function<void()> wakeUp) {
  std::lock_guard lock(mutex_);
  std::int64_t next = startRevision > 0 ? startRevision : publishedRevision_ + 1;
  bool catchingUp = next <= publishedRevision_;
  auto watcher = std::make_shared<Watcher>(filter, next, catchingUp, std::move(wakeUp));
  watchers_.push_back(watcher);
  return watcher;
}

void WatchHub::cancel(const std::shared_ptr<Watcher>& watcher) {
  std::lock_guard lock(mutex_);
  std::erase(watchers_, watcher);
}

void WatchHub::publish(const std::vector<RevisionEventsPointer>& revisions) {
  std::lock_guard lock(mutex_);
  for (const auto& revision : revisions) {
    publishedRevision_ = std::max(publishedRevision_, revision->revision);
    for (const auto& watcher : watchers_) watcher->push(revision);
  }
}

std::int64_t WatchHub::publishedRevision() const {
  std::lock_guard lock(mutex_);
  return publishedRevision_;
}

std::size_t WatchHub::watcherCount() const {
  std::lock_guard lock(mutex_);
  return watchers_.size();
}

}  // namespace kubelab::store
