#pragma once
// Watch fan-out. The writer publishes each committed revision's events here, in order.
// Every watcher is subscribed before it catches up from the log, then switches to live events
// and drops what it has already delivered (the order kine uses), so it never skips or repeats
// an event. A watcher that falls too far behind drops its live buffer and catches up from the
// log again; if the log has been compacted past it, it is cancelled with the compact revision.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "common/status.h"
#include "store/keyvalue.h"
#include "store/revisionlog.h"

namespace kubelab::store {

// Where watchers read history from; implemented by the store.
class HistorySource {
 public:
  virtual ~HistorySource() = default;
  virtual std::int64_t compactedRevision() const = 0;
  virtual RevisionLogReader& history() = 0;
};

struct WatchFilter {
  KeyRange range;
  bool noPut = false;
  bool noDelete = false;
  bool prevKv = false;
};

class Watcher {
 public:
  struct Batch {
    std::vector<Event> events;
    std::int64_t compactRevision = 0;  // non-zero: the watcher is cancelled, history is gone
  };

  Watcher(WatchFilter filter, std::int64_t nextRevision, bool catchingUp, std::function<void()> wakeUp);

  const WatchFilter& filter() const { return filter_; }
  // The events ready for delivery, at most about maxEvents (a revision is never split).
  // Called by one consumer at a time.
  Result<Batch> next(HistorySource& source, std::int64_t publishedRevision, std::size_t maxEvents);
  // True when everything published so far has been handed out.
  bool synced() const;

 private:
  friend class WatchHub;
  static constexpr std::size_t maximumPendingRevisions = 20000;

  void push(const RevisionEventsPointer& revision);  // by the hub, under its mutex
  Result<Batch> catchUp(HistorySource& source, std::int64_t publishedRevision, std::size_t maxEvents);
  void appendMatching(const RevisionEvents& revision, std::vector<Event>& out) const;

  const WatchFilter filter_;
  const std::function<void()> wakeUp_;
  mutable std::mutex mutex_;
  std::deque<RevisionEventsPointer> pending_;
  std::int64_t nextRevision_;
  bool catchingUp_;
  std::uint64_t overflowGeneration_ = 0;
};

class WatchHub {
 public:
  explicit WatchHub(std::int64_t publishedRevision) : publishedRevision_(publishedRevision) {}

  // startRevision 0 means "from the next revision". wakeUp is called (from the writer thread,
  // so it must be quick) whenever the watcher has something new.
  std::shared_ptr<Watcher> watch(const WatchFilter& filter, std::int64_t startRevision,
                                 std::function<void()> wakeUp);
  void cancel(const std::shared_ptr<Watcher>& watcher);
  // Called by the writer with each committed batch of revisions, in order.
  void publish(const std::vector<RevisionEventsPointer>& revisions);
  std::int64_t publishedRevision() const;
  std::size_t watcherCount() const;

 private:
  mutable std::mutex mutex_;
  std::int64_t publishedRevision_;
  std::vector<std::shared_ptr<Watcher>> watchers_;
};

}  // namespace kubelab::store
