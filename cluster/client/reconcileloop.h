#pragma once
// The worker loop every controller shares (DESIGN.md's reconcile pattern), so the retry policy
// lives in one place: take a key from the work queue, run the controller's one sync function,
// then forget the key on success, NotFound (the object is gone: nothing to do) and Invalid (a
// spec that retrying cannot fix; the sync function reports it as an event), and requeue it with
// back-off on any other error. A loop built inside a PaceGateScope (the controller managers')
// waits at that PaceGate before each sync (pause, slow motion, single-step; pacegate.h).

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "client/workqueue.h"
#include "common/status.h"

namespace kubelab::client {

class PaceGate;

using SyncFunction = std::function<Status(const std::string& key)>;

class ReconcileLoop {
 public:
  ReconcileLoop(std::string name, SyncFunction sync, BackoffOptions backoff = {});
  ~ReconcileLoop();  // stops
  ReconcileLoop(const ReconcileLoop&) = delete;
  ReconcileLoop& operator=(const ReconcileLoop&) = delete;

  WorkQueue& queue() { return queue_; }
  const std::string& name() const { return name_; }
  void enqueue(const std::string& key) { queue_.add(key); }
  void enqueueAfter(const std::string& key, WorkQueue::Clock::duration delay) { queue_.addAfter(key, delay); }

  // Paces the workers with `gate` (nullptr: never), instead of the scoped gate picked up at
  // construction. The gate must outlive the loop's workers.
  void setPaceGate(PaceGate* gate) { pace_ = gate; }

  // Starts `workers` threads; returns at once.
  void start(int workers);
  // Shuts the queue down and joins the workers.
  void stop();
  // Runs one key through the sync function and the retry policy (what a worker does).
  void processKey(const std::string& key);

 private:
  std::string name_;
  SyncFunction sync_;
  WorkQueue queue_;
  PaceGate* pace_;
  std::atomic<bool> stopping_{false};  // releases workers waiting at the gate
  std::vector<std::thread> workers_;
};

}  // namespace kubelab::client
