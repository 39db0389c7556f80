#pragma once
// Kubernetes' rate-limited work queue (client-go util/workqueue): controllers enqueue keys
// from event handlers and workers process them. A key is never processed by two workers at
// once, and a key added many times while waiting is processed once.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace kubelab::client {

// Per-key exponential back-off: baseDelay * 2^failures, capped at maxDelay
// (client-go's ItemExponentialFailureRateLimiter with its default 5 ms and 1000 s).
struct BackoffOptions {
  std::chrono::steady_clock::duration baseDelay = std::chrono::milliseconds(5);
  std::chrono::steady_clock::duration maxDelay = std::chrono::seconds(1000);
};

class WorkQueue {
 public:
  using Clock = std::chrono::steady_clock;

  explicit WorkQueue(BackoffOptions backoff = {});
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Queues the key unless it is already waiting. A key being processed is queued again
  // only after done(key). Ignored after shutDown().
  void add(const std::string& key);
  // Adds the key once the delay has passed; a pending earlier deadline for it wins.
  void addAfter(const std::string& key, Clock::duration delay);
  // Adds the key after its next back-off delay (a failed sync).
  void addRateLimited(const std::string& key);
  // Resets the key's back-off (a successful sync). Does not remove it from the queue.
  void forget(const std::string& key);
  // How many times the key has been rate-limited since the last forget(key).
  int numRequeues(const std::string& key) const;
  // The delay the next addRateLimited(key) would use, without counting a failure.
  Clock::duration nextBackoff(const std::string& key) const;

  // Blocks until a key is ready, then marks it as processing. Returns nullopt once shut
  // down and the ready keys are drained.
  std::optional<std::string> get();
  // Ends processing of a key returned by get(); re-queues it if it was added meanwhile.
  void done(const std::string& key);

  // Wakes every get(); drops delayed keys and ignores further adds.
  void shutDown();
  bool shuttingDown() const;
  // Keys ready to be handed out (delayed keys count once they are due).
  std::size_t length() const;

 private:
  void addLocked(const std::string& key);
  void addAfterLocked(const std::string& key, Clock::time_point readyAt);
  void promoteDueLocked(Clock::time_point now);
  Clock::duration backoffFor(int failures) const;

  BackoffOptions backoff_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> queue_;
  std::unordered_set<std::string> dirty_;       // waiting to be processed
  std::unordered_set<std::string> processing_;  // handed out by get(), not yet done()
  std::set<std::pair<Clock::time_point, std::string>> delayed_;
  std::unordered_map<std::string, Clock::time_point> delayedAt_;
  std::unordered_map<std::string, int> failures_;
  bool shuttingDown_ = false;
};

}  // namespace kubelab::client
