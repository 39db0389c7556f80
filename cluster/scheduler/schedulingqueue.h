#pragma once
// kube-scheduler's PriorityQueue: pods waiting to be scheduled, in three places.
//   activeQ: ready now, ordered by priority (highest first), then by when they first arrived.
//   backoffQ: failed recently; each waits 1 s after its first failed attempt, doubling per
//     attempt up to 10 s, then returns to activeQ.
//   unschedulable: no node fit. They stay until something that could make them fit happens (a
//     node is added or changes, a bound pod is deleted: moveAllToActiveOrBackoff), or for at
//     most five minutes, then go to activeQ, or to backoffQ if their back-off has not run out.
// A pod that fails while a move request arrived during its own scheduling cycle goes to backoffQ
// instead of unschedulable, so an event that raced with its attempt is not lost.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

#include "scheduler/podinfo.h"

namespace kubelab::scheduler {

struct QueueOptions {
  std::chrono::steady_clock::duration initialBackoff = std::chrono::seconds(1);
  std::chrono::steady_clock::duration maxBackoff = std::chrono::seconds(10);
  std::chrono::steady_clock::duration maxInUnschedulable = std::chrono::minutes(5);
};

struct QueuedPod {
  PodInfoPointer pod;
  std::chrono::steady_clock::time_point timestamp;    // first added: orders equal priorities
  std::chrono::steady_clock::time_point lastFailure;  // start of the current back-off
  std::chrono::steady_clock::time_point unschedulableSince;
  int attempts = 0;  // scheduling attempts so far (counted at pop)
};

class SchedulingQueue {
 public:
  using Clock = std::chrono::steady_clock;

  explicit SchedulingQueue(QueueOptions options = {});
  SchedulingQueue(const SchedulingQueue&) = delete;
  SchedulingQueue& operator=(const SchedulingQueue&) = delete;

  // A new pending pod. If the pod is already queued, this is an update.
  void add(PodInfoPointer pod);
  // A pending pod changed. An unschedulable pod whose spec, labels or annotations changed is
  // tried again (after its back-off); a status-only change (our own condition) is not.
  void update(const PodInfoPointer& pod);
  // The pod was deleted or bound by someone else.
  void remove(const std::string& key);

  // Blocks until a pod is ready in activeQ, moving due pods from backoffQ and long-waiting ones
  // from unschedulable first; nullopt once closed. Each pop starts a new scheduling cycle.
  std::optional<QueuedPod> pop();
  // The newest version of a popped pod, nullptr once it was deleted or bound by someone else.
  PodInfoPointer inFlightPod(const std::string& key) const;
  // The popped pod was bound (or dropped): forget it.
  void done(const std::string& key);
  // The popped pod did not fit anywhere (`unschedulable`) or hit an error (bind failure:
  // straight to backoffQ). The latest version of the pod seen since pop() is kept.
  void requeueAfterFailure(QueuedPod pod, std::int64_t podSchedulingCycle, bool unschedulable);
  void moveAllToActiveOrBackoff();
  // Moves only the unschedulable pods `wanted` accepts (a narrower event: a pod was bound, which
  // can only help pods with topology spread constraints).
  void moveToActiveOrBackoffIf(const std::function<bool(const PodInfo&)>& wanted);

  std::int64_t schedulingCycle() const;
  void close();

  // Counts, for tests and logs.
  std::size_t activeCount() const;
  std::size_t backoffCount() const;
  std::size_t unschedulableCount() const;
  Clock::duration backoffDuration(int attempts) const;

 private:
  using ActiveKey = std::tuple<std::int64_t, Clock::time_point, std::uint64_t, std::string>;
  using BackoffKey = std::pair<Clock::time_point, std::string>;

  void addToActiveLocked(QueuedPod pod);
  void addToBackoffLocked(QueuedPod pod);
  void moveToActiveOrBackoffLocked(QueuedPod pod, Clock::time_point now);
  // Takes the pod out of whichever queue holds it.
  std::optional<QueuedPod> takeLocked(const std::string& key);
  void flushLocked(Clock::time_point now);
  Clock::time_point backoffExpiry(const QueuedPod& pod) const;

  QueueOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::set<ActiveKey> activeOrder_;
  std::unordered_map<std::string, std::pair<ActiveKey, QueuedPod>> active_;
  std::set<BackoffKey> backoffOrder_;
  std::unordered_map<std::string, std::pair<BackoffKey, QueuedPod>> backoff_;
  std::unordered_map<std::string, QueuedPod> unschedulable_;
  // Popped and not yet done or requeued: the newest version of the pod, or nullptr once deleted.
  std::unordered_map<std::string, PodInfoPointer> inFlight_;
  std::int64_t schedulingCycle_ = 0;
  std::int64_t moveRequestCycle_ = -1;  // the cycle of the last move request
  std::uint64_t sequence_ = 0;
  bool closed_ = false;
};

}  // namespace kubelab::scheduler
