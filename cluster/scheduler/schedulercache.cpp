#include "scheduler/schedulercache.h"

#include <algorithm>

#include "api/objectmeta.h"

namespace kubelab::scheduler {

NodeInfo& SchedulerCache::nodeLocked(const std::string& name) {
  auto& slot = nodes_[name];
  if (!slot) {
    slot = std::make_unique<NodeInfo>(name);
    candidatesStale_ = true;
  }
  return *slot;
}

void SchedulerCache::dropEmptyPlaceholderLocked(const std::string& name) {
  auto found = nodes_.find(name);
  if (found != nodes_.end() && !found->second->hasNode() && found->second->podCount() == 0) {
    nodes_.erase(found);
    candidatesStale_ = true;
  }
}

void SchedulerCache::addOrUpdateNode(client::ObjectPointer node) {
  std::lock_guard guard(mutex_);
  std::string name = api::name(*node);
  NodeInfo& info = nodeLocked(name);
  if (!info.hasNode()) candidatesStale_ = true;
  info.setNode(std::move(node));
}

void SchedulerCache::removeNode(const std::string& name) {
  std::lock_guard guard(mutex_);
  auto found = nodes_.find(name);
  if (found == nodes_.end()) return;
  // Pods still bound to a deleted node keep a placeholder until they go too.
  found->second->clearNode();
  candidatesStale_ = true;
  dropEmptyPlaceholderLocked(name);
}

void SchedulerCache::placeLocked(const PodInfoPointer& pod, const std::string& nodeName) {
  nodeLocked(nodeName).addPod(pod);
}

void SchedulerCache::unplaceLocked(const std::string& key, const std::string& nodeName) {
  auto found = nodes_.find(nodeName);
  if (found == nodes_.end()) return;
  found->second->removePod(key);
  dropEmptyPlaceholderLocked(nodeName);
}

void SchedulerCache::addPod(const PodInfoPointer& pod) {
  std::lock_guard guard(mutex_);
  auto found = pods_.find(pod->key);
  if (found != pods_.end()) {
    // Confirms an assumption, or replaces what we had (the pod may have been bound elsewhere).
    if (found->second.nodeName != pod->nodeName) unplaceLocked(pod->key, found->second.nodeName);
  }
  placeLocked(pod, pod->nodeName);
  pods_[pod->key] = PodState{pod, pod->nodeName, false};
}

void SchedulerCache::removePod(const std::string& key) {
  std::lock_guard guard(mutex_);
  auto found = pods_.find(key);
  if (found == pods_.end()) return;
  unplaceLocked(key, found->second.nodeName);
  pods_.erase(found);
}

bool SchedulerCache::assumePod(const PodInfoPointer& pod, const std::string& nodeName) {
  std::lock_guard guard(mutex_);
  if (pods_.contains(pod->key)) return false;
  placeLocked(pod, nodeName);
  pods_[pod->key] = PodState{pod, nodeName, true};
  return true;
}

void SchedulerCache::forgetPod(const std::string& key) {
  std::lock_guard guard(mutex_);
  auto found = pods_.find(key);
  if (found == pods_.end() || !found->second.assumed) return;
  unplaceLocked(key, found->second.nodeName);
  pods_.erase(found);
}

bool SchedulerCache::isAssumed(const std::string& key) const {
  std::lock_guard guard(mutex_);
  auto found = pods_.find(key);
  return found != pods_.end() && found->second.assumed;
}

bool SchedulerCache::hasPod(const std::string& key) const {
  std::lock_guard guard(mutex_);
  return pods_.contains(key);
}

const std::vector<const NodeInfo*>& SchedulerCache::candidateNodesLocked() const {
  if (candidatesStale_) {
    candidates_.clear();
    for (const auto& [name, info] : nodes_) {
      if (info->hasNode()) candidates_.push_back(info.get());
    }
    candidatesStale_ = false;
  }
  return candidates_;
}

std::size_t SchedulerCache::nodeCount() const {
  std::lock_guard guard(mutex_);
  std::size_t count = 0;
  for (const auto& [name, info] : nodes_) count += info->hasNode() ? 1 : 0;
  return count;
}

std::size_t SchedulerCache::podCount() const {
  std::lock_guard guard(mutex_);
  return pods_.size();
}

std::vector<std::string> SchedulerCache::podsOnNode(const std::string& nodeName) const {
  std::lock_guard guard(mutex_);
  std::vector<std::string> keys;
  auto found = nodes_.find(nodeName);
  if (found == nodes_.end()) return keys;
  for (const auto& [key, pod] : found->second->pods()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace kubelab::scheduler
