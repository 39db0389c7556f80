#pragma once
// What the scheduler knows about one node: the Node parsed once (labels, taints, cordon,
// allocatable) and the pods bound or assumed on it, with their summed requests kept up to date
// as pods come and go, so a filter or a score reads a few integers.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "client/indexer.h"
#include "scheduler/podinfo.h"
#include "scheduler/resources.h"

namespace kubelab::scheduler {

class NodeInfo {
 public:
  explicit NodeInfo(std::string name) : name_(std::move(name)) {}

  // The Node object; nullptr while pods name a node the informer has not delivered (or that
  // was deleted with pods still on it): such a NodeInfo is not a scheduling candidate.
  void setNode(client::ObjectPointer node);
  void clearNode();
  bool hasNode() const { return node_ != nullptr; }
  const client::ObjectPointer& node() const { return node_; }

  void addPod(const PodInfoPointer& pod);
  // Returns false if the pod was not on this node.
  bool removePod(const std::string& podKey);

  const std::string& name() const { return name_; }
  const std::map<std::string, std::string>& labels() const { return labels_; }
  const std::vector<Taint>& taints() const { return taints_; }
  bool unschedulable() const { return unschedulable_; }
  const Resources& allocatable() const { return allocatable_; }
  std::int64_t allowedPodNumber() const { return allowedPodNumber_; }
  const Resources& requested() const { return requested_; }
  std::int64_t nonZeroMilliCpu() const { return nonZeroMilliCpu_; }
  std::int64_t nonZeroMemory() const { return nonZeroMemory_; }
  std::size_t podCount() const { return pods_.size(); }
  const std::unordered_map<std::string, PodInfoPointer>& pods() const { return pods_; }
  // How many pods here the controller with this uid owns.
  int podsOwnedBy(const std::string& controllerUid) const;
  // Whether a pod here already claims a host port that `wanted` needs.
  bool hostPortTaken(const HostPort& wanted) const;
  // How many pods here carry required anti-affinity terms.
  int podsWithAntiAffinity() const { return podsWithAntiAffinity_; }

 private:
  std::string name_;
  client::ObjectPointer node_;
  std::map<std::string, std::string> labels_;
  std::vector<Taint> taints_;
  bool unschedulable_ = false;
  Resources allocatable_;
  std::int64_t allowedPodNumber_ = 0;

  std::unordered_map<std::string, PodInfoPointer> pods_;
  Resources requested_;
  std::int64_t nonZeroMilliCpu_ = 0;
  std::int64_t nonZeroMemory_ = 0;
  std::unordered_map<std::string, int> podsByController_;
  int podsWithAntiAffinity_ = 0;
  std::vector<std::pair<std::string, HostPort>> usedHostPorts_;  // (pod key, port)
};

}  // namespace kubelab::scheduler
