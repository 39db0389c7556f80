#include "scheduler/schedulingqueue.h"

#include "api/objectmeta.h"

namespace kubelab::scheduler {

namespace json = boost::json;

namespace {

// Whether the change could matter to scheduling: anything but status and bookkeeping metadata.
bool podSpecChanged(const PodInfo& old, const PodInfo& current) {
  auto field = [](const PodInfo& pod, std::initializer_list<std::string_view> path) -> json::value {
    const json::value* value = api::valueAt(*pod.object, path);
    return value == nullptr ? json::value() : *value;
  };
  return field(old, {"spec"}) != field(current, {"spec"}) ||
         field(old, {"metadata", "labels"}) != field(current, {"metadata", "labels"}) ||
         field(old, {"metadata", "annotations"}) != field(current, {"metadata", "annotations"});
}

}  // namespace

SchedulingQueue::SchedulingQueue(QueueOptions options) : options_(options) {}

SchedulingQueue::Clock::duration SchedulingQueue::backoffDuration(int attempts) const {
  Clock::duration duration = options_.initialBackoff;
  for (int attempt = 1; attempt < attempts; ++attempt) {
    duration *= 2;
    if (duration >= options_.maxBackoff) return options_.maxBackoff;
  }
  return std::min(duration, options_.maxBackoff);
}

SchedulingQueue::Clock::time_point SchedulingQueue::backoffExpiry(const QueuedPod& pod) const {
  return pod.lastFailure + backoffDuration(pod.attempts);
}

void SchedulingQueue::addToActiveLocked(QueuedPod pod) {
  ActiveKey key{-static_cast<std::int64_t>(pod.pod->priority), pod.timestamp, sequence_++, pod.pod->key};
  activeOrder_.insert(key);
  std::string name = pod.pod->key;
  active_.insert_or_assign(std::move(name), std::make_pair(std::move(key), std::move(pod)));
  changed_.notify_one();
}

void SchedulingQueue::addToBackoffLocked(QueuedPod pod) {
  BackoffKey key{backoffExpiry(pod), pod.pod->key};
  backoffOrder_.insert(key);
  std::string name = pod.pod->key;
  backoff_.insert_or_assign(std::move(name), std::make_pair(std::move(key), std::move(pod)));
  // pop() may be sleeping until a later expiry.
  changed_.notify_one();
}

void SchedulingQueue::moveToActiveOrBackoffLocked(QueuedPod pod, Clock::time_point now) {
  if (pod.attempts > 0 && backoffExpiry(pod) > now) {
    addToBackoffLocked(std::move(pod));
  } else {
    addToActiveLocked(std::move(pod));
  }
}

std::optional<QueuedPod> SchedulingQueue::takeLocked(const std::string& key) {
  if (auto found = active_.find(key); found != active_.end()) {
    activeOrder_.erase(found->second.first);
    QueuedPod pod = std::move(found->second.second);
    active_.erase(found);
    return pod;
  }
  if (auto found = backoff_.find(key); found != backoff_.end()) {
    backoffOrder_.erase(found->second.first);
    QueuedPod pod = std::move(found->second.second);
    backoff_.erase(found);
    return pod;
  }
  if (auto found = unschedulable_.find(key); found != unschedulable_.end()) {
    QueuedPod pod = std::move(found->second);
    unschedulable_.erase(found);
    return pod;
  }
  return std::nullopt;
}

void SchedulingQueue::add(PodInfoPointer pod) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  std::string key = pod->key;
  if (auto in = inFlight_.find(key); in != inFlight_.end()) {
    in->second = std::move(pod);
    return;
  }
  if (std::optional<QueuedPod> existing = takeLocked(key)) {
    existing->pod = std::move(pod);
    moveToActiveOrBackoffLocked(std::move(*existing), Clock::now());
    return;
  }
  Clock::time_point now = Clock::now();
  addToActiveLocked(QueuedPod{std::move(pod), now, now, now, 0});
}

void SchedulingQueue::update(const PodInfoPointer& pod) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  if (auto in = inFlight_.find(pod->key); in != inFlight_.end()) {
    if (in->second != nullptr) in->second = pod;
    return;
  }
  if (auto found = unschedulable_.find(pod->key); found != unschedulable_.end()) {
    if (!podSpecChanged(*found->second.pod, *pod)) {
      found->second.pod = pod;
      return;
    }
    QueuedPod queued = std::move(found->second);
    unschedulable_.erase(found);
    queued.pod = pod;
    moveToActiveOrBackoffLocked(std::move(queued), Clock::now());
    return;
  }
  if (std::optional<QueuedPod> existing = takeLocked(pod->key)) {
    // In activeQ or backoffQ: keep its place in line (its priority may have changed).
    bool wasBackingOff = existing->attempts > 0 && backoffExpiry(*existing) > Clock::now();
    existing->pod = pod;
    if (wasBackingOff) {
      addToBackoffLocked(std::move(*existing));
    } else {
      addToActiveLocked(std::move(*existing));
    }
    return;
  }
  Clock::time_point now = Clock::now();
  addToActiveLocked(QueuedPod{pod, now, now, now, 0});
}

void SchedulingQueue::remove(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (auto in = inFlight_.find(key); in != inFlight_.end()) in->second = nullptr;
  (void)takeLocked(key);
}

void SchedulingQueue::flushLocked(Clock::time_point now) {
  while (!backoffOrder_.empty() && backoffOrder_.begin()->first <= now) {
    std::string key = backoffOrder_.begin()->second;
    std::optional<QueuedPod> pod = takeLocked(key);
    if (pod) addToActiveLocked(std::move(*pod));
  }
  for (auto it = unschedulable_.begin(); it != unschedulable_.end();) {
    if (now - it->second.unschedulableSince >= options_.maxInUnschedulable) {
      QueuedPod pod = std::move(it->second);
      it = unschedulable_.erase(it);
      moveToActiveOrBackoffLocked(std::move(pod), now);
    } else {
      ++it;
    }
  }
}

std::optional<QueuedPod> SchedulingQueue::pop() {
  std::unique_lock lock(mutex_);
  while (true) {
    if (closed_) return std::nullopt;
    Clock::time_point now = Clock::now();
    flushLocked(now);
    if (!activeOrder_.empty()) {
      std::string key = std::get<3>(*activeOrder_.begin());
      std::optional<QueuedPod> pod = takeLocked(key);
      ++pod->attempts;
      ++schedulingCycle_;
      inFlight_[key] = pod->pod;
      return pod;
    }
    // Wake for the next back-off expiry, and at least every second for the unschedulable sweep.
    Clock::time_point wakeAt = now + std::chrono::seconds(1);
    if (!backoffOrder_.empty()) wakeAt = std::min(wakeAt, backoffOrder_.begin()->first);
    changed_.wait_until(lock, wakeAt);
  }
}

PodInfoPointer SchedulingQueue::inFlightPod(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto in = inFlight_.find(key);
  return in == inFlight_.end() ? nullptr : in->second;
}

void SchedulingQueue::done(const std::string& key) {
  std::lock_guard lock(mutex_);
  inFlight_.erase(key);
}

void SchedulingQueue::requeueAfterFailure(QueuedPod pod, std::int64_t podSchedulingCycle, bool unschedulable) {
  std::lock_guard lock(mutex_);
  auto in = inFlight_.find(pod.pod->key);
  if (in != inFlight_.end()) {
    PodInfoPointer latest = in->second;
    inFlight_.erase(in);
    if (latest == nullptr) return;  // deleted while being scheduled
    pod.pod = std::move(latest);
  }
  if (closed_ || active_.contains(pod.pod->key) || backoff_.contains(pod.pod->key) ||
      unschedulable_.contains(pod.pod->key)) {
    return;
  }
  Clock::time_point now = Clock::now();
  pod.lastFailure = now;
  if (!unschedulable || moveRequestCycle_ >= podSchedulingCycle) {
    addToBackoffLocked(std::move(pod));
    return;
  }
  pod.unschedulableSince = now;
  std::string key = pod.pod->key;
  unschedulable_.insert_or_assign(std::move(key), std::move(pod));
}

void SchedulingQueue::moveAllToActiveOrBackoff() {
  std::lock_guard lock(mutex_);
  Clock::time_point now = Clock::now();
  for (auto& [key, pod] : unschedulable_) moveToActiveOrBackoffLocked(std::move(pod), now);
  unschedulable_.clear();
  moveRequestCycle_ = schedulingCycle_;
}

void SchedulingQueue::moveToActiveOrBackoffIf(const std::function<bool(const PodInfo&)>& wanted) {
  std::lock_guard lock(mutex_);
  Clock::time_point now = Clock::now();
  for (auto it = unschedulable_.begin(); it != unschedulable_.end();) {
    if (wanted(*it->second.pod)) {
      QueuedPod pod = std::move(it->second);
      it = unschedulable_.erase(it);
      moveToActiveOrBackoffLocked(std::move(pod), now);
    } else {
      ++it;
    }
  }
}

std::int64_t SchedulingQueue::schedulingCycle() const {
  std::lock_guard lock(mutex_);
  return schedulingCycle_;
}

void SchedulingQueue::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  changed_.notify_all();
}

std::size_t SchedulingQueue::activeCount() const {
  std::lock_guard lock(mutex_);
  return active_.size();
}

std::size_t SchedulingQueue::backoffCount() const {
  std::lock_guard lock(mutex_);
  return backoff_.size();
}

std::size_t SchedulingQueue::unschedulableCount() const {
  std::lock_guard lock(mutex_);
  return unschedulable_.size();
}

}  // namespace kubelab::scheduler
