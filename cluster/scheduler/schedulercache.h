#pragma once
// The scheduler's view of the cluster (kube-scheduler's internal cache): nodes and the pods on
// them, both those the API server says are bound and those this scheduler has assumed (chosen a
// node for, binding still in flight). Assuming at once means the next decision already counts
// the pod, so binding can run concurrently without overcommitting a node. When the informer
// later reports the pod bound, the assumption is confirmed; if binding fails it is forgotten.
// Thread-safe; the scheduling thread holds the lock for a whole decision (lock()).

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "client/indexer.h"
#include "scheduler/nodeinfo.h"
#include "scheduler/podinfo.h"

namespace kubelab::scheduler {

class SchedulerCache {
 public:
  // Nodes (informer events).
  void addOrUpdateNode(client::ObjectPointer node);
  void removeNode(const std::string& name);

  // Bound pods (informer events; an update is an add). Adding a pod this scheduler assumed
  // confirms it.
  void addPod(const PodInfoPointer& pod);
  void removePod(const std::string& key);

  // Places `pod` on `nodeName` before the API server knows. Returns false if the cache already
  // has the pod (bound meanwhile).
  bool assumePod(const PodInfoPointer& pod, const std::string& nodeName);
  // Binding failed: takes an assumed (not yet confirmed) pod off its node.
  void forgetPod(const std::string& key);
  bool isAssumed(const std::string& key) const;
  // Whether the pod is on a node here, bound or assumed.
  bool hasPod(const std::string& key) const;

  // Candidate nodes in name order; only valid while the lock is held.
  std::unique_lock<std::mutex> lock() const { return std::unique_lock(mutex_); }
  const std::vector<const NodeInfo*>& candidateNodesLocked() const;

  std::size_t nodeCount() const;
  std::size_t podCount() const;
  // The keys of the pods on a node, sorted (tests and logs).
  std::vector<std::string> podsOnNode(const std::string& nodeName) const;

 private:
  struct PodState {
    PodInfoPointer pod;
    std::string nodeName;
    bool assumed = false;
  };

  NodeInfo& nodeLocked(const std::string& name);
  void placeLocked(const PodInfoPointer& pod, const std::string& nodeName);
  void unplaceLocked(const std::string& key, const std::string& nodeName);
  void dropEmptyPlaceholderLocked(const std::string& name);

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<NodeInfo>> nodes_;
  std::unordered_map<std::string, PodState> pods_;
  mutable std::vector<const NodeInfo*> candidates_;
  mutable bool candidatesStale_ = true;
};

}  // namespace kubelab::scheduler
