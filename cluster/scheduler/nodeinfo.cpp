#include "scheduler/nodeinfo.h"

#include <algorithm>

#include "api/objectmeta.h"

namespace kubelab::scheduler {

void NodeInfo::setNode(client::ObjectPointer node) {
  node_ = std::move(node);
  labels_ = api::labels(*node_);
  taints_ = parseTaints(*node_);
  unschedulable_ = api::booleanAt(*node_, {"spec", "unschedulable"});
  NodeAllocatable allocatable = nodeAllocatable(*node_);
  allocatable_ = std::move(allocatable.resources);
  allowedPodNumber_ = allocatable.allowedPodNumber;
}

void NodeInfo::clearNode() {
  node_.reset();
  labels_.clear();
  taints_.clear();
  unschedulable_ = false;
  allocatable_ = Resources();
  allowedPodNumber_ = 0;
}

void NodeInfo::addPod(const PodInfoPointer& pod) {
  removePod(pod->key);
  pods_.emplace(pod->key, pod);
  requested_.add(pod->requests.requests);
  nonZeroMilliCpu_ += pod->requests.nonZeroMilliCpu;
  nonZeroMemory_ += pod->requests.nonZeroMemory;
  if (!pod->controllerUid.empty()) ++podsByController_[pod->controllerUid];
  if (!pod->requiredAntiAffinity.empty()) ++podsWithAntiAffinity_;
  for (const HostPort& port : pod->hostPorts) usedHostPorts_.emplace_back(pod->key, port);
}

bool NodeInfo::removePod(const std::string& podKey) {
  auto found = pods_.find(podKey);
  if (found == pods_.end()) return false;
  const PodInfo& pod = *found->second;
  requested_.subtract(pod.requests.requests);
  nonZeroMilliCpu_ -= pod.requests.nonZeroMilliCpu;
  nonZeroMemory_ -= pod.requests.nonZeroMemory;
  if (!pod.controllerUid.empty()) {
    auto owned = podsByController_.find(pod.controllerUid);
    if (owned != podsByController_.end() && --owned->second <= 0) podsByController_.erase(owned);
  }
  if (!pod.requiredAntiAffinity.empty()) --podsWithAntiAffinity_;
  if (!pod.hostPorts.empty()) {
    std::erase_if(usedHostPorts_, [&](const auto& entry) { return entry.first == podKey; });
  }
  pods_.erase(found);
  return true;
}

bool NodeInfo::hostPortTaken(const HostPort& wanted) const {
  return std::any_of(usedHostPorts_.begin(), usedHostPorts_.end(),
                     [&](const auto& entry) { return entry.second.conflictsWith(wanted); });
}

int NodeInfo::podsOwnedBy(const std::string& controllerUid) const {
  if (controllerUid.empty()) return 0;
  auto found = podsByController_.find(controllerUid);
  return found == podsByController_.end() ? 0 : found->second;
}

}  // namespace kubelab::scheduler
