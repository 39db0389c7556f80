#include "client/workqueue.h"

namespace kubelab::client {

WorkQueue::WorkQueue(BackoffOptions backoff) : backoff_(backoff) {}

void WorkQueue::add(const std::string& key) {
  std::lock_guard lock(mutex_);
  addLocked(key);
}

void WorkQueue::addLocked(const std::string& key) {
  if (shuttingDown_ || dirty_.contains(key)) return;
  dirty_.insert(key);
  if (processing_.contains(key)) return;  // done(key) queues it again
  queue_.push_back(key);
  ready_.notify_one();
}

void WorkQueue::addAfter(const std::string& key, Clock::duration delay) {
  std::lock_guard lock(mutex_);
  if (shuttingDown_) return;
  if (delay <= Clock::duration::zero()) {
    addLocked(key);
    return;
  }
  addAfterLocked(key, Clock::now() + delay);
}

void WorkQueue::addAfterLocked(const std::string& key, Clock::time_point readyAt) {
  auto existing = delayedAt_.find(key);
  if (existing != delayedAt_.end()) {
    if (existing->second <= readyAt) return;
    delayed_.erase({existing->second, key});
    existing->second = readyAt;
  } else {
    delayedAt_.emplace(key, readyAt);
  }
  delayed_.emplace(readyAt, key);
  // A waiting get() may be sleeping until a later deadline.
  ready_.notify_all();
}

void WorkQueue::addRateLimited(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (shuttingDown_) return;
  int& failures = failures_[key];
  Clock::duration delay = backoffFor(failures);
  ++failures;
  addAfterLocked(key, Clock::now() + delay);
}

void WorkQueue::forget(const std::string& key) {
  std::lock_guard lock(mutex_);
  failures_.erase(key);
}

int WorkQueue::numRequeues(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto found = failures_.find(key);
  return found == failures_.end() ? 0 : found->second;
}

WorkQueue::Clock::duration WorkQueue::nextBackoff(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto found = failures_.find(key);
  return backoffFor(found == failures_.end() ? 0 : found->second);
}

WorkQueue::Clock::duration WorkQueue::backoffFor(int failures) const {
  // Doubling stops at the cap, so large failure counts cannot overflow.
  Clock::duration delay = backoff_.baseDelay;
  for (int i = 0; i < failures && delay < backoff_.maxDelay; ++i) delay *= 2;
  return delay < backoff_.maxDelay ? delay : backoff_.maxDelay;
}

void WorkQueue::promoteDueLocked(Clock::time_point now) {
  while (!delayed_.empty() && delayed_.begin()->first <= now) {
    std::string key = delayed_.begin()->second;
    delayed_.erase(delayed_.begin());
    delayedAt_.erase(key);
    addLocked(key);
  }
}

std::optional<std::string> WorkQueue::get() {
  std::unique_lock lock(mutex_);
  for (;;) {
    promoteDueLocked(Clock::now());
    if (!queue_.empty()) break;
    if (shuttingDown_) return std::nullopt;
    if (delayed_.empty()) {
      ready_.wait(lock);
    } else {
      ready_.wait_until(lock, delayed_.begin()->first);
    }
  }
  std::string key = std::move(queue_.front());
  queue_.pop_front();
  processing_.insert(key);
  dirty_.erase(key);
  return key;
}

void WorkQueue::done(const std::string& key) {
  std::lock_guard lock(mutex_);
  processing_.erase(key);
  if (dirty_.contains(key)) {
    queue_.push_back(key);
    ready_.notify_one();
  }
}

void WorkQueue::shutDown() {
  std::lock_guard lock(mutex_);
  shuttingDown_ = true;
  delayed_.clear();
  delayedAt_.clear();
  ready_.notify_all();
}

bool WorkQueue::shuttingDown() const {
  std::lock_guard lock(mutex_);
  return shuttingDown_;
}

std::size_t WorkQueue::length() const {
  std::lock_guard lock(mutex_);
  // Due keys are counted where get() would queue them, without moving them here.
  std::size_t due = 0;
  Clock::time_point now = Clock::now();
  for (const auto& [readyAt, key] : delayed_) {
    if (readyAt > now) break;
    if (!dirty_.contains(key) && !processing_.contains(key)) ++due;
  }
  return queue_.size() + due;
}

}  // namespace kubelab::client
