#pragma once
// kubelabctl's network partition of a node: SIGUSR1 cuts the kubelet off from the API server,
// SIGUSR2 heals it (see Kubelet::setPartitioned). The signals are blocked in every thread and
// taken by one thread of their own, as the stop signals are (common/stopsignals.h).

#include <atomic>
#include <functional>
#include <thread>

namespace kubelab::kubelet {

// Blocks SIGUSR1 and SIGUSR2 for this thread and every thread started after; call it before
// starting any.
void blockPartitionSignals();

class PartitionSignalListener {
 public:
  // `partitioned(true)` on SIGUSR1, `partitioned(false)` on SIGUSR2, on the listener's thread.
  explicit PartitionSignalListener(std::function<void(bool)> partitioned);
  ~PartitionSignalListener();
  PartitionSignalListener(const PartitionSignalListener&) = delete;
  PartitionSignalListener& operator=(const PartitionSignalListener&) = delete;

 private:
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace kubelab::kubelet
