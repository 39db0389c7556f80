#pragma once
// Pace control (issue 6): pause, slow motion and single-step of the controllers and the
// scheduler, so an instructor can walk through one reconcile at a time. Processes talk only
// through the API, so the control is an API object every paced process watches: the ConfigMap
// kube-system/kubelab-pace. Its data (every value a string, as ConfigMap data is):
//
//   mode               "run" (the default, also when the ConfigMap or the key is absent; an
//                      unknown value counts as run), "paused", "slow" or "step"
//   delayMilliseconds  slow: the pause before each sync (default 1000)
//   grantedSteps       step: how many steps the app has granted so far (default 0)
//   takenSteps         step: how many of them paced workers have claimed (default 0)
//   lastStep           written by the worker that claimed the latest step, JSON:
//                      {"step":7,"component":"kubelab-controller-manager","queue":"deployment",
//                       "key":"default/web","time":"2025-01-02T03:04:05.678901Z"}
//   queues             optional: comma-separated queue names to pace ("deployment,replicaset,
//                      scheduler"); absent or empty paces every queue of every paced process
//
// A paced worker calls awaitTurn(queue, key) after dequeuing a key and before its sync (the key
// stays "processing" in its work queue meanwhile, so no other worker takes it). In run mode that
// is one atomic load: no lock, no API call. In slow mode it sleeps delayMilliseconds; paused, it
// blocks until the mode changes; in step mode, while takenSteps < grantedSteps, it claims a step
// by updating the ConfigMap with takenSteps + 1 and its lastStep, with the resourceVersion it
// last saw as the precondition (compare-and-swap). Races, and why exactly one sync runs per
// granted step across every process:
//   - Two workers (in one process or in two) claim the same step: both send the update with the
//     same resourceVersion; the API server accepts one and answers 409 Conflict to the other. The
//     loser runs nothing and waits until the informer delivers a newer ConfigMap; if that one
//     still has takenSteps < grantedSteps (the app granted more) it tries again, else it waits for
//     the next grant. Inside one process only one worker claims at a time (the others wait for
//     its answer), so conflicts come only from other processes.
//   - The app grants while a worker claims: the worker's update conflicts (the grant changed the
//     resourceVersion); it retries from the granted version. The app's grant, if done as a
//     compare-and-swap too, conflicts with a claim the same way and is retried from the newer
//     version (see docs/architecture.md for the app's edits).
//   - The winner applies the server's answer to its own cache at once, so its other workers do
//     not send updates bound to fail; the informer's copy of the same version follows.
//   - Mode changes are seen through the informer, a few milliseconds late: a worker that passed
//     the gate just before a pause finishes its sync. Leader election and informers never pass a
//     gate, so a paused process keeps its lease and its caches current.
// stop() (the process stops) releases every waiter; awaitTurn then returns false and the caller
// skips the sync.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "client/apiinterface.h"
#include "client/indexer.h"

namespace kubelab::client {

class Informer;

inline constexpr const char* kPaceConfigMapNamespace = "kube-system";
inline constexpr const char* kPaceConfigMapName = "kubelab-pace";

enum class PaceMode { Run, Paused, Slow, Step };

struct PaceSettings {
  PaceMode mode = PaceMode::Run;
  std::chrono::milliseconds delay{1000};
  std::int64_t grantedSteps = 0;
  std::int64_t takenSteps = 0;
  std::set<std::string> queues;  // empty: every queue
};

// The settings a ConfigMap (nullptr: none) asks for, with the defaults above.
PaceSettings parsePaceSettings(const Object* configMap);

struct PaceGateOptions {
  // Pause before claiming again after an answer other than success or Conflict.
  std::chrono::milliseconds claimRetryDelay{500};
};

class PaceGate {
 public:
  // `component` names this process in lastStep ("kubelab-controller-manager").
  PaceGate(ApiInterface& api, std::string component, PaceGateOptions options = {});
  ~PaceGate();  // stops
  PaceGate(const PaceGate&) = delete;
  PaceGate& operator=(const PaceGate&) = delete;

  // Starts the informer on kube-system/kubelab-pace; returns at once (run mode until it lists).
  void start();
  // Waits until the informer has listed (false on timeout), so a process that starts while the
  // cluster is paused does not run a sync first.
  bool waitForSync(std::chrono::milliseconds timeout) const;
  // Stops the informer and releases every waiter for good.
  void stop();

  // Blocks until this worker may sync `key` of `queue` (see above); false once stopped, or once
  // `*abandon` is true (checked whenever the waiter wakes; wake() wakes every waiter).
  bool awaitTurn(std::string_view queue, std::string_view key, const std::atomic<bool>* abandon = nullptr);
  void wake();

  // The informer's handler, public so tests can script the ConfigMap: its newest version,
  // nullptr once deleted.
  void observe(const ObjectPointer& configMap);
  PaceMode mode() const { return mode_.load(std::memory_order_acquire); }
  const std::string& component() const { return component_; }

 private:
  enum class Claim { Won, Lost, Failed };
  Claim claimStep(std::unique_lock<std::mutex>& lock, std::string_view queue, std::string_view key);
  bool waitForChange(std::unique_lock<std::mutex>& lock, std::uint64_t seenGeneration,
                     const std::atomic<bool>* abandon, std::chrono::steady_clock::time_point deadline);
  bool released(const std::atomic<bool>* abandon) const;
  void applyLocked(const ObjectPointer& configMap);

  ApiInterface& api_;
  std::string component_;
  PaceGateOptions options_;
  std::atomic<PaceMode> mode_{PaceMode::Run};  // the hot path reads only this
  std::atomic<bool> stopped_{false};
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  ObjectPointer configMap_;      // newest version seen, nullptr when absent
  PaceSettings settings_;
  std::uint64_t generation_ = 0;  // bumped whenever configMap_ changes (and on wake)
  bool claiming_ = false;         // one claim in flight per process
  std::string lostResourceVersion_;  // a claim against this version got Conflict: wait for a newer one
  std::chrono::steady_clock::time_point retryClaimAt_;  // after a failed claim (not a Conflict)
  std::unique_ptr<Informer> informer_;
};

// The gate that ReconcileLoops constructed on this thread pick up while a scope is alive: the
// controller managers open one around building their controllers, which construct their loops
// themselves. Loops built elsewhere (the kubelet's) are never paced.
class PaceGateScope {
 public:
  explicit PaceGateScope(PaceGate* gate);
  ~PaceGateScope();
  PaceGateScope(const PaceGateScope&) = delete;
  PaceGateScope& operator=(const PaceGateScope&) = delete;

 private:
  PaceGate* previous_;
};
PaceGate* scopedPaceGate();

}  // namespace kubelab::client
